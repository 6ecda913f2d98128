// The self-assessment form (Pages/Unit/Form): kept in a file so that the Content-Security-Policy refuses inline script.
// "Không áp dụng" greys out the leaf's value and self-score; leaving the page with unsaved entries asks first.
(function () {
  'use strict';
  var form = document.getElementById('self-assessment-form');
  if (!form) return;
  function toggle(box) {
    var row = box.closest('tr');
    row.querySelectorAll('[name^="value-"], [name^="score-"]').forEach(function (input) { input.disabled = box.checked; });
  }
  form.querySelectorAll('[data-not-applicable]').forEach(function (box) {
    toggle(box);
    box.addEventListener('change', function () { toggle(box); });
  });
  var dirty = false;
  form.addEventListener('input', function () { dirty = true; });
  form.addEventListener('submit', function () {
    dirty = false;
    // A disabled field is not sent: enable them so the draft keeps what was typed before the mark.
    form.querySelectorAll('[name^="value-"]:disabled, [name^="score-"]:disabled').forEach(function (input) { input.disabled = false; });
  });
  window.addEventListener('beforeunload', function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ''; }
  });
})();
