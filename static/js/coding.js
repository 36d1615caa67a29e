// Coding a source in the browser: select a passage, then pick a code with the mouse from the
// menu, or type the start of its name in the filter box and press Enter.
// Offsets are counted in characters (Unicode code points), as the server counts them.
(function () {
  "use strict";
  const container = document.getElementById("source-text");
  if (!container) return;
  const text = JSON.parse(document.getElementById("source-text-data").textContent);
  const codings = JSON.parse(document.getElementById("coding-data").textContent);
  const codes = JSON.parse(document.getElementById("code-data").textContent);
  const colours = {};
  codes.forEach(function (code) { colours[code.id] = code.colour; });
  const chars = Array.from(text);

  // The text as segments between every coding boundary; each knows its first character.
  function render() {
    const bounds = new Set([0, chars.length]);
    codings.forEach(function (c) { bounds.add(c.start); bounds.add(c.end); });
    const points = Array.from(bounds).sort(function (a, b) { return a - b; });
    container.textContent = "";
    for (let i = 0; i < points.length - 1; i++) {
      const start = points[i], end = points[i + 1];
      const span = document.createElement("span");
      span.dataset.start = String(start);
      span.textContent = chars.slice(start, end).join("");
      const covering = codings.filter(function (c) { return c.start <= start && end <= c.end; });
      if (covering.length) {
        span.classList.add("coded");
        const colour = colours[covering[covering.length - 1].code];
        if (colour) span.style.setProperty("--code-colour", colour);
        span.title = covering.map(function (c) {
          const code = codes.find(function (k) { return k.id === c.code; });
          return code ? code.name : "";
        }).join(", ");
      }
      container.appendChild(span);
    }
  }

  // Character offset of a DOM position inside the container.
  function offsetOf(node, offset) {
    let element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (element === container) {
      // A position between segments: count the characters of the segments before it.
      let count = 0;
      for (let i = 0; i < offset && i < container.childNodes.length; i++) {
        count += Array.from(container.childNodes[i].textContent).length;
      }
      return count;
    }
    while (element && element.parentElement !== container) element = element.parentElement;
    if (!element) return null;
    const base = Number(element.dataset.start);
    if (node.nodeType !== Node.TEXT_NODE) return base;
    return base + Array.from(node.data.slice(0, offset)).length;
  }

  function currentSpan() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end };
  }

  render();
  if (container.dataset.mayCode !== "1") return;

  const menu = document.getElementById("code-menu");
  const filter = document.getElementById("code-filter");
  const options = document.getElementById("code-options");
  const error = document.getElementById("code-error");
  let pending = null;

  function matching() {
    const wanted = filter.value.trim().toLowerCase();
    return codes.filter(function (code) {
      return !wanted || code.name.toLowerCase().indexOf(wanted) !== -1;
    }).sort(function (a, b) {
      // Names that start with what was typed come first.
      const as = a.name.toLowerCase().startsWith(wanted) ? 0 : 1;
      const bs = b.name.toLowerCase().startsWith(wanted) ? 0 : 1;
      return as - bs;
    });
  }

  function showOptions() {
    options.textContent = "";
    const found = matching();
    found.forEach(function (code, index) {
      const button = document.createElement("button");
      button.type = "button";
      button.classList.add("list-group-item", "list-group-item-action", "py-1");
      if (index === 0) button.classList.add("active");
      button.setAttribute("role", "option");
      button.textContent = code.name;
      button.addEventListener("click", function () { apply(code); });
      options.appendChild(button);
    });
    if (!found.length) {
      const none = document.createElement("div");
      none.className = "text-body-secondary px-2";
      none.textContent = gettext("No code matches.");
      options.appendChild(none);
    }
  }

  function openMenu(span) {
    pending = span;
    error.textContent = "";
    filter.value = "";
    showOptions();
    const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
    menu.hidden = false;
    const width = menu.offsetWidth;
    const left = Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - width - 8);
    menu.style.left = Math.max(window.scrollX + 8, left) + "px";
    menu.style.top = (window.scrollY + rect.bottom + 6) + "px";
    filter.focus({ preventScroll: true });
  }

  function closeMenu() {
    menu.hidden = true;
    pending = null;
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function apply(code) {
    if (!pending) return;
    const body = new URLSearchParams({ code: code.id, start: pending.start, end: pending.end });
    fetch(container.dataset.codingUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        error.textContent = result.data.error || gettext("The coding was not saved.");
        return;
      }
      closeMenu();
      // The list beside the text and the merged spans come from the server.
      window.location.reload();
    }).catch(function () {
      error.textContent = gettext("The coding was not saved: no connection. Try again.");
    });
  }

  function maybeOpen() {
    const span = currentSpan();
    if (span) openMenu(span);
  }

  container.addEventListener("mouseup", function () { window.setTimeout(maybeOpen, 0); });
  // With a passage selected by keyboard, typing a letter opens the menu with the letter in it.
  container.addEventListener("keydown", function (event) {
    if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const span = currentSpan();
      if (span) {
        event.preventDefault();
        openMenu(span);
        filter.value = event.key;
        showOptions();
      }
    } else if (event.key === "Enter") {
      const span = currentSpan();
      if (span) {
        event.preventDefault();
        openMenu(span);
      }
    }
  });
  filter.addEventListener("input", showOptions);
  filter.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      const found = matching();
      if (found.length) apply(found[0]);
    } else if (event.key === "Escape") {
      closeMenu();
      container.focus();
    }
  });
  document.addEventListener("mousedown", function (event) {
    if (!menu.hidden && !menu.contains(event.target) && !container.contains(event.target)) closeMenu();
  });
})();
