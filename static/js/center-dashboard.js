// The center dashboard's charts: totals over time with the band thresholds, and the item profile
// against the mean of the user's centers. Data: json_script "center-dashboard-data"
// (dashboards/selectors.py, CenterDashboard.chart_data); the page's tables show the same numbers.
(function () {
  "use strict";

  const source = document.getElementById("center-dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  // Ticks and tooltips write numbers as the page's language does (static/js/formats.js).
  Chart.defaults.locale = ipswebFormat.locale;

  const totalsCanvas = document.getElementById("totals-chart");
  if (totalsCanvas) {
    const totals = data.totals;
    new Chart(totalsCanvas, {
      type: "line",
      data: {
        labels: totals.labels,
        datasets: [
          {
            label: totals.text.total,
            data: totals.values,
            borderColor: "#0d6efd",
            backgroundColor: "#0d6efd",
            borderWidth: 3,
            pointRadius: 5,
            tension: 0,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { min: totals.min, max: totals.max, title: { display: true, text: totals.text.axis } },
          x: { title: { display: true, text: totals.text.x } },
        },
        plugins: {
          legend: { display: false },
          referenceLines: {
            lines: totals.bands.map((band) => ({ axis: "y", value: band.value, label: band.label })),
          },
        },
      },
    });
  }

  const profileCanvas = document.getElementById("profile-chart");
  if (profileCanvas) {
    const profile = data.profile;
    new Chart(profileCanvas, {
      type: "bar",
      data: {
        labels: profile.labels,
        datasets: [
          {
            label: profile.text.score,
            data: profile.scores,
            backgroundColor: "rgba(13, 110, 253, 0.7)",
            borderColor: "rgb(13, 110, 253)",
            borderWidth: 1,
          },
          {
            // A marker, not a bar: the mean differs from the score by shape as well as colour.
            type: "line",
            label: profile.text.mean,
            data: profile.means,
            showLine: false,
            pointStyle: "triangle",
            pointRadius: 7,
            backgroundColor: "#212529",
            borderColor: "#212529",
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0, max: profile.max, title: { display: true, text: profile.text.axis } },
        },
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
      },
    });
  }
})();
