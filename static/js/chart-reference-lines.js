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

  function pixel(chart, line) {
    const vertical = line.axis === "x";
    const scale = chart.scales[vertical ? "x" : "y"];
    if (!scale) {
      return null;
    }
    const at = scale.getPixelForValue(line.value);
    const area = chart.chartArea;
    const inside = vertical
      ? at >= area.left && at <= area.right
      : at >= area.top && at <= area.bottom;
    return inside ? at : null;
  }

  function drawLine(chart, line, index, color) {
    const { ctx, chartArea } = chart;
    const at = pixel(chart, line);
    if (at === null) {
      return;
    }
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(dashes[index % dashes.length]);
    ctx.beginPath();
    if (line.axis === "x") {
      ctx.moveTo(at, chartArea.top);
      ctx.lineTo(at, chartArea.bottom);
    } else {
      ctx.moveTo(chartArea.left, at);
      ctx.lineTo(chartArea.right, at);
    }
    ctx.stroke();
    ctx.restore();
  }

  // Labels are drawn after every line, each on a white box, so no line crosses a label.
  function drawLabel(chart, line, color) {
    const { ctx, chartArea } = chart;
    const at = pixel(chart, line);
    if (at === null) {
      return;
    }
    ctx.save();
    ctx.font = "12px system-ui, sans-serif";
    const width = ctx.measureText(line.label).width;
    const height = 14;
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    if (line.axis === "x") {
      ctx.translate(at + 3, chartArea.top + 4);
      ctx.rotate(Math.PI / 2);
      // Rotated: the text runs down the line, on its right.
      ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
      ctx.fillRect(-2, -height - 1, width + 4, height + 2);
      ctx.fillStyle = color;
      ctx.fillText(line.label, 0, -height / 2);
    } else {
      const x = chartArea.right - 4 - width;
      const y = at - 2 - height / 2;
      ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
      ctx.fillRect(x - 2, y - height / 2 - 1, width + 4, height + 2);
      ctx.fillStyle = color;
      ctx.fillText(line.label, x, y);
    }
    ctx.restore();
  }

  Chart.register({
    id: "referenceLines",
    afterDatasetsDraw(chart) {
      const settings = chart.config.options.plugins.referenceLines || {};
      const color = settings.color || "#343a40";
      const lines = settings.lines || [];
      lines.forEach((line, index) => drawLine(chart, line, index, color));
      lines.forEach((line) => drawLabel(chart, line, color));
    },
  });
})();
