// The comparison table keeps its item column and, on wide screens, its group summary in view
// while the centers scroll (dashboards.css makes them sticky). CSS cannot know how wide each
// column came out, so this sets each summary column's left offset from the columns before it.
(function () {
  "use strict";
  const table = document.getElementById("comparison-table");
  if (!table) {
    return;
  }
  function place() {
    const headers = Array.from(table.tHead.rows[0].cells);
    const sticky = window.getComputedStyle(headers[0]).position === "sticky";
    let left = headers[0].getBoundingClientRect().width;
    for (let n = 1; n < headers.length; n += 1) {
      const cells = table.querySelectorAll(".group-summary-" + n);
      if (!cells.length) {
        break;
      }
      const summarySticky = window.getComputedStyle(cells[0]).position === "sticky";
      cells.forEach(function (cell) {
        cell.style.left = sticky && summarySticky ? left + "px" : "";
      });
      left += headers[n].getBoundingClientRect().width;
    }
  }
  place();
  window.addEventListener("resize", place);
})();
