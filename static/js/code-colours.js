// Each element with data-colour gets its code's colour as --code-colour (the page's policy allows
// no inline style attributes; styles set from a script are fine).
(function () {
  "use strict";
  const valid = /^#[0-9a-fA-F]{6}$/;
  document.querySelectorAll("[data-colour]").forEach(function (element) {
    if (valid.test(element.dataset.colour)) {
      element.style.setProperty("--code-colour", element.dataset.colour);
    }
  });
})();
