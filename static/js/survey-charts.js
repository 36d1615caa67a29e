// Bar charts for the survey dashboard. Data comes from the json_script "dashboard-charts": values
// are percentages already suppressed on the server; a hidden value is null and is not plotted.
(function () {
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const charts = JSON.parse(source.textContent);
  // Ticks and tooltips write numbers as the page's language does (static/js/formats.js).
  Chart.defaults.locale = ipswebFormat.locale;

  // Long statement texts wrap onto several lines instead of squeezing the bars.
  function wrap(text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    lines.push(line);
    return lines;
  }

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const chart = charts[canvas.dataset.chart];
    if (!chart) {
      return;
    }
    const horizontal = chart.labels.some((label) => label.length > 24);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels.map((label) => wrap(label, horizontal ? 34 : 14)),
        datasets: [
          {
            label: chart.label,
            data: chart.values,
            backgroundColor: "rgba(13, 110, 253, 0.75)",
            borderColor: "rgb(13, 110, 253)",
            borderWidth: 1,
          },
        ],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          title: { display: true, text: chart.label },
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (context) => ipswebFormat.percent(context.parsed[horizontal ? "x" : "y"]),
            },
          },
        },
        scales: {
          [horizontal ? "x" : "y"]: { min: 0, max: 100, ticks: { callback: (v) => ipswebFormat.percent(v) } },
        },
      },
    });
  });
})();
