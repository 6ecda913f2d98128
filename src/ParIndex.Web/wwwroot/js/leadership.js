// Leadership charts: each <canvas data-chart="bar|line"> carries its numbers in data-labels / data-values (JSON);
// the same numbers are in a table on the page, so the page reads and prints without this script.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;
  var lang = document.documentElement.lang === 'en' ? 'en-US' : 'vi-VN';
  var fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var labels = JSON.parse(canvas.dataset.labels || '[]');
    var values = JSON.parse(canvas.dataset.values || '[]');
    if (labels.length === 0) { canvas.closest('.chart') && canvas.closest('.chart').classList.add('empty'); return; }
    var bar = canvas.dataset.chart === 'bar';
    new Chart(canvas, {
      type: bar ? 'bar' : 'line',
      data: {
        labels: labels,
        datasets: [{
          label: canvas.dataset.label || '',
          data: values,
          backgroundColor: '#0b6e4f',
          borderColor: '#0b6e4f',
          spanGaps: true,
          tension: 0
        }]
      },
      options: {
        indexAxis: bar ? 'y' : 'x',
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return fmt.format(c.parsed[bar ? 'x' : 'y']) + '%'; } } }
        },
        scales: bar
          ? { x: { min: 0, max: 100, ticks: { callback: function (v) { return fmt.format(v); } } } }
          : { y: { suggestedMin: 50, suggestedMax: 100, ticks: { callback: function (v) { return fmt.format(v); } } } }
      }
    });
  });
})();
