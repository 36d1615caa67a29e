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
  var text = form.dataset;
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

  function showProgress(rated, total) {
    document.querySelectorAll("[data-rated]").forEach(function (el) {
      el.textContent = rated;
    });
    document.querySelectorAll("[data-total]").forEach(function (el) {
      el.textContent = total;
    });
    var bar = document.querySelector("[data-progress]");
    if (bar) {
      bar.max = total;
      bar.value = rated;
    }
  }

  function reasonFor(response, data) {
    if (data && data.error) {
      return data.error;
    }
    if (response.redirected || response.status === 401) {
      return text.msgLogin;
    }
    if (response.status === 403 || response.status === 404) {
      return text.msgForbidden;
    }
    return text.msgServer;
  }

  function save(itemEl) {
    var key = itemEl.dataset.item;
    if (busy.has(key)) {
      again.add(key);
      return;
    }
    busy.add(key);
    setState(itemEl, "saving", text.msgSaving);
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
            setState(itemEl, "saved", text.msgSaved);
            showProgress(data.rated, data.total);
          } else {
            setState(itemEl, "error", text.msgNotSaved + " " + reasonFor(response, data));
          }
        });
      })
      .catch(function () {
        setState(itemEl, "error", text.msgNotSaved + " " + text.msgOffline);
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
