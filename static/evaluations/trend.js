// Trend chart: reads the JSON the page renders with json_script (not executed, so allowed by the CSP).
(function () {
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: data.datasets.map(function (d) {
      return { label: d.label, data: d.values, spanGaps: true, tension: 0.2 };
    }) },
    options: { responsive: true, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { position: "bottom" } } }
  });
})();
