// Draws the statistics page's charts with Chart.js (installed from npm at set-up, served as static files).
// The numbers come from the page's JSON data block (#statistics-charts, Django's json_script), never from an
// inline script: the Content-Security-Policy allows scripts from our own files only. Each chart has the
// table of the same numbers under it, for screen readers and for printing.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var source = document.getElementById("statistics-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  // The words the charts show, translated by the page (#statistics-messages): "{label}: {value}" in English,
  // with a narrow no-break space before the colon in French.
  var words = document.getElementById("statistics-messages");
  var tooltip = (words && JSON.parse(words.textContent).tooltip) || "{label}: {value}";
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }
  // Colour-blind-safe (Okabe–Ito), the same order as the PDF report (landreg/statistics/pdf.py).
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.dataset.chart];
    if (!spec) { return; }
    var horizontal = spec.kind === "hbar";
    var datasets = spec.series.map(function (series, i) {
      var colour = palette[i % palette.length];
      return {label: series.label, data: series.values, backgroundColor: colour, borderColor: colour,
              tension: 0, fill: false};
    });
    new Chart(canvas, {
      type: spec.kind === "line" ? "line" : "bar",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang || "fr",
        scales: {
          x: {stacked: spec.stacked, beginAtZero: true},
          y: {stacked: spec.stacked, beginAtZero: true}
        },
        plugins: {
          legend: {position: "bottom"},
          tooltip: {callbacks: {label: function (context) {
            return fill(tooltip, {label: context.dataset.label || "", value: context.formattedValue});
          }}}
        }
      }
    });
  });
});
