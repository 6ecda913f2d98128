// Page behaviour shared by every page, kept in a file (not in attributes) so that the Content-Security-Policy can
// refuse every inline script: <button data-print> prints the page, <select data-navigate> opens the chosen option's address.
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
  document.querySelectorAll('select[data-navigate]').forEach(function (select) {
    select.addEventListener('change', function () { location.href = select.value; });
  });
})();
