// Draws a center's employment rate per quarter with the benchmarks as dashed lines.
// Data comes from the page's json_script element "outcome-chart-data" (see centers/selectors.py).
(function () {
  "use strict";

  const source = document.getElementById("outcome-chart-data");
  const canvas = document.getElementById("outcome-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  // Ticks and tooltips write numbers as the page's language does (static/js/formats.js).
  Chart.defaults.locale = ipswebFormat.locale;
  const percent = (value) => ipswebFormat.percent(value, 1);

  // Benchmarks differ by dash pattern as well as colour, so colour is never the only signal.
  const dashes = [[2, 3], [8, 4], [14, 4, 2, 4], [4, 8]];
  const greys = ["#6c757d", "#495057", "#212529", "#adb5bd"];
  const benchmarkLines = data.benchmarks.map((benchmark, index) => ({
    label: `${benchmark.label} (${ipswebFormat.percent(benchmark.percent)})`,
    data: data.labels.map(() => benchmark.percent),
    borderColor: greys[index % greys.length],
    borderDash: dashes[index % dashes.length],
    borderWidth: 1.5,
    pointRadius: 0,
    pointHoverRadius: 0,
    fill: false,
  }));

  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.text.rate,
          data: data.rates,
          borderColor: "#0d6efd",
          backgroundColor: "#0d6efd",
          borderWidth: 3,
          pointRadius: 4,
          pointStyle: "circle",
          tension: 0,
        },
        ...benchmarkLines,
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: {
          beginAtZero: true,
          suggestedMax: 60,
          title: { display: true, text: data.text.axis },
          ticks: { callback: (value) => ipswebFormat.percent(value) },
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { usePointStyle: false } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${percent(item.raw)}`,
          },
        },
      },
    },
  });
})();
