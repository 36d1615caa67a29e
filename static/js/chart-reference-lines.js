// A Chart.js plugin drawing labelled dashed reference lines: band thresholds, benchmark rates.
// A chart asks for them in options.plugins.referenceLines.lines, e.g.
//   [{ axis: "y", value: 100, label: "Good fidelity ≥ 100" }]   (axis "x" draws a vertical line)
// Each line has its own dash pattern and a text label, so colour is never the only signal.
(function () {
  "use strict";

  if (typeof Chart === "undefined") {
    return;
  }
  const dashes = [[6, 4], [2, 3], [10, 4, 2, 4], [4, 8]];

  function drawLine(chart, line, index, color) {
    const { ctx, chartArea } = chart;
    const vertical = line.axis === "x";
    const scale = chart.scales[vertical ? "x" : "y"];
    if (!scale) {
      return;
    }
    const at = scale.getPixelForValue(line.value);
    const inside = vertical
      ? at >= chartArea.left && at <= chartArea.right
      : at >= chartArea.top && at <= chartArea.bottom;
    if (!inside) {
      return;
    }
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(dashes[index % dashes.length]);
    ctx.beginPath();
    if (vertical) {
      ctx.moveTo(at, chartArea.top);
      ctx.lineTo(at, chartArea.bottom);
    } else {
      ctx.moveTo(chartArea.left, at);
      ctx.lineTo(chartArea.right, at);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = "12px system-ui, sans-serif";
    if (vertical) {
      ctx.translate(at + 3, chartArea.top + 4);
      ctx.rotate(Math.PI / 2);
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.fillText(line.label, 0, 0);
    } else {
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(line.label, chartArea.right - 4, at - 2);
    }
    ctx.restore();
  }

  Chart.register({
    id: "referenceLines",
    afterDatasetsDraw(chart) {
      const settings = chart.config.options.plugins.referenceLines || {};
      (settings.lines || []).forEach((line, index) =>
        drawLine(chart, line, index, settings.color || "#343a40")
      );
    },
  });
})();
