// Scatter of total fidelity against employment rate, one point per center, with the band
// thresholds (vertical) and the benchmark rates (horizontal) as labelled dashed lines.
// Data: json_script "fidelity-outcome-data" (dashboards/selectors.py, _scatter); the table of
// centers on the page shows the same numbers.
(function () {
  "use strict";

  const source = document.getElementById("fidelity-outcome-data");
  const canvas = document.getElementById("fidelity-outcome-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "scatter",
    data: {
      datasets: [
        {
          label: data.text.points,
          data: data.points,
          backgroundColor: "rgba(13, 110, 253, 0.75)",
          borderColor: "rgb(13, 110, 253)",
          pointRadius: 5,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { title: { display: true, text: data.text.x } },
        y: { beginAtZero: true, suggestedMax: 60, title: { display: true, text: data.text.y } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => `${item.raw.label}: ${item.raw.x}, ${item.raw.y.toFixed(1)} %`,
          },
        },
        referenceLines: {
          lines: [
            ...data.bands.map((band) => ({ axis: "x", value: band.value, label: band.label })),
            ...data.benchmarks.map((b) => ({ axis: "y", value: b.value, label: b.label })),
          ],
        },
      },
    },
  });
})();
