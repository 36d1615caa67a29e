/*
 * Autosave for the rating page: each item's score and evidence notes are posted as JSON to the
 * review's autosave endpoint as the reviewer works. Every item shows whether it was saved, and the
 * progress line counts the rated items. The page also works without this script (Save button).
 *
 * One save per item is in flight at a time; a change made meanwhile is sent when it returns, so
 * an older state never overwrites a newer one on the server.
 */
(function () {
  "use strict";

  var form = document.getElementById("rating-form");
  if (!form || !form.dataset.autosaveUrl) {
    return;
  }
  var url = form.dataset.autosaveUrl;
  var pageToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var EVIDENCE_DELAY_MS = 800;
  var busy = new Set();
  var again = new Set();
  var timers = new Map();

  // Logging in again (in another tab, after the session ended) gives a new CSRF cookie: use it, so
  // saving works again without reloading this page and losing what was typed.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : pageToken;
  }

  function setState(itemEl, state, message) {
    var el = itemEl.querySelector("[data-state]");
    el.textContent = message;
    el.className = "save-state small state-" + state;
    itemEl.dataset.saveState = state;
  }

  function payload(itemEl) {
    var checked = itemEl.querySelector("input[type=radio]:checked");
    var evidence = itemEl.querySelector("textarea");
    return {
      item: Number(itemEl.dataset.item),
      score: checked ? Number(checked.value) : null,
      evidence: evidence ? evidence.value : ""
    };
  }

  // A reviewer's ratings are never cleared (an empty score keeps the stored one), so the stored
  // count only grows: a response that arrives late, counted before another save, is never allowed
  // to lower the count shown. Every count read after the last save includes every save, so once
  // all saves have returned the page shows exactly what is stored.
  var shownRated = 0;

  function showProgress(rated, total) {
    shownRated = Math.max(shownRated, rated);
    document.querySelectorAll("[data-rated]").forEach(function (el) {
      el.textContent = shownRated;
    });
    document.querySelectorAll("[data-total]").forEach(function (el) {
      el.textContent = total;
    });
    var bar = document.querySelector("[data-progress]");
    if (bar) {
      bar.max = total;
      bar.value = shownRated;
    }
  }

  var ratedEl = document.querySelector("[data-rated]");
  shownRated = ratedEl ? Number(ratedEl.textContent) || 0 : 0;

  function markIndex(itemId, rated) {
    var link = document.querySelector("[data-index-item='" + itemId + "']");
    if (!link || !rated) {
      return;
    }
    link.classList.remove("unrated", "missing");
    link.classList.add("rated");
    link.querySelector("[data-index-state]").textContent = " " + gettext("rated");
    updateNextUnrated(itemId);
  }

  // "Next unrated item": the first one after the item just rated, else the first from the top.
  function updateNextUnrated(afterItemId) {
    var next = document.querySelector("[data-next-unrated]");
    if (!next) {
      return;
    }
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-index-item]"));
    var start = links.findIndex(function (link) {
      return link.dataset.indexItem === String(afterItemId);
    });
    var ordered = links.slice(start + 1).concat(links.slice(0, start + 1));
    var target = ordered.find(function (link) {
      return link.classList.contains("unrated");
    });
    next.hidden = !target;
    if (target) {
      next.setAttribute("href", target.getAttribute("href"));
    }
  }

  // On a phone the index starts folded, so the first item shows without scrolling past it.
  var index = document.querySelector("[data-item-index]");
  if (index && window.matchMedia("(max-width: 991.98px)").matches) {
    index.open = false;
  }

  function reasonFor(response, data) {
    if (data && data.error) {
      return data.error;
    }
    if (response.redirected || response.status === 401) {
      return gettext(
        "your session has ended. What you typed stays on this page: log in again in another tab, " +
        "then come back to this one and it is saved."
      );
    }
    if (response.status === 403 || response.status === 404) {
      return gettext("you may not rate this review.");
    }
    return gettext("the server could not save it. Try again.");
  }

  function notSaved(reason) {
    return interpolate(gettext("Not saved: %(reason)s"), { reason: reason }, true);
  }

  function save(itemEl) {
    var key = itemEl.dataset.item;
    if (busy.has(key)) {
      again.add(key);
      return;
    }
    busy.add(key);
    setState(itemEl, "saving", gettext("Saving…"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify(payload(itemEl))
    })
      .then(function (response) {
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (isJson ? response.json() : Promise.resolve(null)).then(function (data) {
          if (response.ok && data && data.saved) {
            setState(itemEl, "saved", gettext("Saved"));
            showProgress(data.rated, data.total);
            markIndex(data.item, data.score !== null);
          } else {
            setState(itemEl, "error", notSaved(reasonFor(response, data)));
          }
        });
      })
      .catch(function () {
        setState(itemEl, "error", notSaved(gettext(
          "no connection to the server. Your entry is still on this page; it will be saved " +
          "with your next change or when you press Save."
        )));
      })
      .finally(function () {
        busy.delete(key);
        if (again.has(key)) {
          again.delete(key);
          save(itemEl);
        }
      });
  }

  function saveLater(itemEl) {
    var key = itemEl.dataset.item;
    clearTimeout(timers.get(key));
    setState(itemEl, "pending", "");
    timers.set(key, setTimeout(function () {
      timers.delete(key);
      save(itemEl);
    }, EVIDENCE_DELAY_MS));
  }

  function saveNow(itemEl) {
    var key = itemEl.dataset.item;
    if (timers.has(key)) {
      clearTimeout(timers.get(key));
      timers.delete(key);
    }
    save(itemEl);
  }

  form.addEventListener("change", function (event) {
    var itemEl = event.target.closest("[data-item]");
    if (itemEl) {
      saveNow(itemEl);
    }
  });

  form.addEventListener("input", function (event) {
    var itemEl = event.target.closest("[data-item]");
    if (itemEl && event.target.tagName === "TEXTAREA") {
      saveLater(itemEl);
    }
  });

  // Leaving with an unsaved change: ask first, so nothing typed is lost silently.
  window.addEventListener("beforeunload", function (event) {
    var unsaved = timers.size > 0 || busy.size > 0 ||
      form.querySelector("[data-save-state=error]") !== null;
    if (unsaved && !form.dataset.submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Back from logging in again in another tab: send what could not be saved.
  window.addEventListener("focus", function () {
    form.querySelectorAll("[data-save-state=error]").forEach(saveNow);
  });

  form.addEventListener("submit", function () {
    form.dataset.submitting = "1";
  });
}());
