// Dashboard charts (Chart.js, served from static/vendor). The data comes from a json_script element: the
// Content-Security-Policy forbids inline scripts. Colours: the Okabe–Ito palette, safe for colour-blind readers;
// lines also differ by point style and dash so they can be told apart in black and white print.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = data.labels || {};
  var OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross", "dash"];
  var DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [6, 3], [2, 2], []];
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 1 });

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = false; // draw at once: printing and screenshots see the finished chart
  Chart.defaults.maintainAspectRatio = false;

  var charts = {};
  window.dashboardCharts = charts;

  function tooltipNumber(context) {
    var v = context.parsed.y !== undefined && context.chart.options.indexAxis !== "y" ? context.parsed.y : context.parsed.x;
    return context.dataset.label + ": " + (v === null || v === undefined ? "—" : numberFormat.format(v));
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    config.options = config.options || {};
    config.options.plugins = Object.assign({ tooltip: { callbacks: { label: tooltipNumber } } }, config.options.plugins);
    charts[id] = new Chart(canvas, config);
  }

  if (data.agents) {
    draw("chart-agents", {
      type: "bar",
      data: {
        labels: data.agents.labels,
        datasets: [
          { label: labels.agents, data: data.agents.agents, backgroundColor: OKABE_ITO[0] },
          { label: labels.quota, data: data.agents.quota, backgroundColor: "rgba(230,159,0,0.35)", borderColor: OKABE_ITO[1],
            borderWidth: 2 }
        ]
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } } }
    });
  }

  if (data.scores) {
    var datasets = [{ label: labels.latest, data: data.scores.latest, backgroundColor: OKABE_ITO[0] }];
    if (data.scores.previous) {
      datasets.push({ label: labels.previous, data: data.scores.previous, backgroundColor: OKABE_ITO[1] });
    }
    draw("chart-scores", {
      type: "bar",
      data: { labels: data.scores.labels, datasets: datasets },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: labels.score } } } }
    });
  }

  if (data.trend) {
    draw("chart-trend", {
      type: "line",
      data: {
        labels: data.trend.labels,
        datasets: data.trend.series.map(function (s, i) {
          return {
            label: s.label, data: s.data, borderColor: OKABE_ITO[i % 8], backgroundColor: OKABE_ITO[i % 8],
            pointStyle: POINTS[i % 8], pointRadius: 4, borderDash: DASHES[i % 8], spanGaps: true
          };
        })
      },
      options: {
        plugins: { legend: { labels: { usePointStyle: true } } },
        scales: { y: { min: 0, max: 100, title: { display: true, text: labels.score } } }
      }
    });
  }

  if (data.weekly) {
    draw("chart-weekly", {
      type: "bar",
      data: { labels: data.weekly.labels, datasets: [{ label: labels.posts, data: data.weekly.posts, backgroundColor: OKABE_ITO[2] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  // Printing: every number table open, charts redrawn at the paper's width.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = true; });
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  window.addEventListener("afterprint", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest(".js-print")) {
      window.print();
    }
  });
})();
