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
  // Ticks and tooltips write numbers as the page's language does (static/js/formats.js).
  Chart.defaults.locale = ipswebFormat.locale;
  // Each point carries its center's code as a visible label (the tooltip adds the name).
  const pointLabels = {
    id: "pointLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = "bold 12px system-ui, sans-serif";
      ctx.fillStyle = "#212529";
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      // Points on the same spot: their codes in one label, "K01, K07".
      const spots = new Map();
      chart.getDatasetMeta(0).data.forEach((element, index) => {
        const key = `${Math.round(element.x)},${Math.round(element.y)}`;
        if (!spots.has(key)) {
          spots.set(key, { x: element.x, y: element.y, codes: [] });
        }
        spots.get(key).codes.push(data.points[index].code);
      });
      spots.forEach((spot) => {
        const text = spot.codes.join(", ");
        // Near the right edge the label goes left of the point, so it is never cut off.
        const fits = spot.x + 7 + ctx.measureText(text).width <= chart.chartArea.right;
        ctx.textAlign = fits ? "left" : "right";
        ctx.fillText(text, fits ? spot.x + 7 : spot.x - 7, spot.y - 7);
      });
      ctx.restore();
    },
  };
  new Chart(canvas, {
    plugins: [pointLabels],
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
            label: (item) =>
              `${item.raw.label}: ${ipswebFormat.number(item.raw.x)}, ${ipswebFormat.percent(item.raw.y, 1)}`,
          },
        },
        referenceLines: {
          lines: [
            ...data.bands.map((band) => ({ axis: "x", value: band.value, label: band.label })),
            ...data.benchmarks.map((b) => ({
              axis: "y",
              value: b.value,
              label: `${b.label} (${ipswebFormat.percent(b.value)})`,
            })),
          ],
        },
      },
    },
  });
})();
