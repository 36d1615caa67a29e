/*
 * Autosave for the rating page, and the page's own offline queue. Each item's score and evidence
 * notes are posted as JSON to the review's autosave endpoint as the reviewer works, with the
 * version of the rating the page last saw. Every item shows whether it was saved, and the
 * progress line counts the rated items. The page also works without this script (Save button).
 *
 * Offline: every change is first written to a queue in localStorage (one entry per item, the
 * latest values, the version they are based on, and a sequence number), and leaves it only when
 * the server confirms it. A save that fails for network reasons stays queued, survives a reload
 * and is sent again, in the order of the changes, when the browser is back online, periodically
 * and when the page gets focus. The banner says "Offline: N unsaved" meanwhile.
 *
 * No rating is overwritten silently: a save based on an older version than the stored one is
 * answered 409 with the stored rating. If that stored rating is what this page sent before (the
 * answer was lost on the way back), the save is simply rebased; otherwise the item shows both
 * values and waits for "Keep mine" or "Take saved".
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
  var queueKey = form.dataset.queueKey || "ipsweb-rating-queue:" + url;
  var pageToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var EVIDENCE_DELAY_MS = 800;
  var RETRY_MS = 15000;
  var busy = new Set();
  var again = new Set();
  var timers = new Map();
  var offline = !navigator.onLine;

  // ---- the queue in localStorage --------------------------------------------------------------

  function loadQueue() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(queueKey) || "{}");
      return stored && typeof stored === "object" ? stored : {};
    } catch (error) {
      return {};
    }
  }

  var queue = loadQueue();
  var lastSeq = Object.keys(queue).reduce(function (max, key) {
    return Math.max(max, Number(queue[key].seq) || 0);
  }, 0);

  function persist() {
    try {
      window.localStorage.setItem(queueKey, JSON.stringify(queue));
    } catch (error) {
      // Storage full or refused: the entries stay in memory and on the page.
    }
    showBanner();
  }

  function itemFor(key) {
    return form.querySelector("[data-item='" + key + "']");
  }

  // Logging in again (in another tab, after the session ended) gives a new CSRF cookie: use it, so
  // saving works again without reloading this page and losing what was typed.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : pageToken;
  }

  // The version the page knows, for the autosave and for the whole-page Save button.
  function setVersion(itemEl, version) {
    itemEl.dataset.version = version;
    var input = itemEl.querySelector("[data-version-input]");
    if (input) {
      input.value = version;
    }
  }

  function setState(itemEl, state, message) {
    var el = itemEl.querySelector("[data-state]");
    el.textContent = message;
    el.className = "save-state small state-" + state;
    itemEl.dataset.saveState = state;
  }

  function values(itemEl) {
    var checked = itemEl.querySelector("input[type=radio]:checked");
    var evidence = itemEl.querySelector("textarea");
    return {
      score: checked ? Number(checked.value) : null,
      evidence: evidence ? evidence.value : ""
    };
  }

  function showValues(itemEl, score, evidence) {
    itemEl.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = score !== null && Number(radio.value) === score;
    });
    var textarea = itemEl.querySelector("textarea");
    if (textarea) {
      textarea.value = evidence;
    }
  }

  // Record the item's values as they are on the page now. The version stays the one the first
  // unconfirmed change was based on: nothing newer is known to be stored.
  function enqueue(itemEl) {
    var key = itemEl.dataset.item;
    var entry = queue[key] || { version: Number(itemEl.dataset.version) || 0 };
    var now = values(itemEl);
    entry.score = now.score;
    entry.evidence = now.evidence;
    lastSeq += 1;
    entry.seq = lastSeq;
    queue[key] = entry;
    persist();
    if (entry.conflict) {
      showConflict(itemEl, entry);
    }
  }

  // ---- the banner ----------------------------------------------------------------------------

  function showBanner() {
    var banner = document.querySelector("[data-offline-banner]");
    if (!banner) {
      return;
    }
    var keys = Object.keys(queue);
    var conflicts = keys.filter(function (key) { return queue[key].conflict; }).length;
    banner.hidden = keys.length === 0;
    var count = banner.querySelector("[data-offline-count]");
    var detail = banner.querySelector("[data-offline-detail]");
    if (offline) {
      count.textContent = interpolate(
        ngettext("Offline: %s unsaved", "Offline: %s unsaved", keys.length), [keys.length]
      );
      detail.textContent = gettext(
        "Your changes are kept in this browser, also if you reload the page, and saved when " +
        "the connection returns."
      );
    } else {
      count.textContent = interpolate(
        ngettext("%s unsaved", "%s unsaved", keys.length), [keys.length]
      );
      detail.textContent = conflicts ? interpolate(ngettext(
        "%s item was changed elsewhere: choose which rating to keep.",
        "%s items were changed elsewhere: choose which rating to keep.",
        conflicts
      ), [conflicts]) : gettext("Saving…");
    }
  }

  // ---- progress and index --------------------------------------------------------------------

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

  // ---- conflicts -----------------------------------------------------------------------------

  function describe(score, evidence) {
    var text = interpolate(gettext("score %(score)s"), {
      score: score === null ? "–" : score
    }, true);
    return evidence ? text + "; " + interpolate(gettext("notes: %(notes)s"), {
      notes: evidence
    }, true) : text;
  }

  function showConflict(itemEl, entry) {
    var box = itemEl.querySelector("[data-conflict]");
    if (!box) {
      return;
    }
    box.textContent = "";
    var title = document.createElement("p");
    title.classList.add("fw-semibold", "mb-1");
    title.textContent = gettext(
      "This item was saved from another page or device meanwhile. Nothing was overwritten."
    );
    var saved = document.createElement("p");
    saved.className = "mb-1";
    saved.dataset.conflictSaved = "";
    saved.textContent = interpolate(gettext("Saved: %(value)s"), {
      value: describe(entry.conflict.score, entry.conflict.evidence)
    }, true);
    var mine = document.createElement("p");
    mine.className = "mb-2";
    mine.dataset.conflictMine = "";
    mine.textContent = interpolate(gettext("Yours: %(value)s"), {
      value: describe(entry.score, entry.evidence)
    }, true);
    var buttons = document.createElement("div");
    buttons.classList.add("d-flex", "flex-wrap", "gap-2");
    var keep = document.createElement("button");
    keep.type = "button";
    keep.classList.add("btn", "btn-sm", "btn-primary");
    keep.textContent = gettext("Keep mine");
    keep.addEventListener("click", function () { keepMine(itemEl); });
    var take = document.createElement("button");
    take.type = "button";
    take.classList.add("btn", "btn-sm", "btn-outline-secondary");
    take.textContent = gettext("Take saved");
    take.addEventListener("click", function () { takeSaved(itemEl); });
    buttons.append(keep, take);
    box.append(title, saved, mine, buttons);
    box.hidden = false;
    setState(itemEl, "error", gettext("Not saved: changed elsewhere"));
  }

  function hideConflict(itemEl) {
    var box = itemEl.querySelector("[data-conflict]");
    if (box) {
      box.hidden = true;
      box.textContent = "";
    }
  }

  // Keep mine: save this page's values on top of the stored version, on purpose.
  function keepMine(itemEl) {
    var key = itemEl.dataset.item;
    var entry = queue[key];
    if (!entry || !entry.conflict) {
      return;
    }
    entry.version = entry.conflict.version;
    delete entry.conflict;
    delete entry.sent;
    persist();
    hideConflict(itemEl);
    save(itemEl);
  }

  // Take saved: show the stored rating and forget this page's change of the item.
  function takeSaved(itemEl) {
    var key = itemEl.dataset.item;
    var entry = queue[key];
    if (!entry || !entry.conflict) {
      return;
    }
    showValues(itemEl, entry.conflict.score, entry.conflict.evidence);
    setVersion(itemEl, entry.conflict.version);
    markIndex(key, entry.conflict.score !== null);
    delete queue[key];
    persist();
    hideConflict(itemEl);
    setState(itemEl, "saved", gettext("Saved"));
  }

  // ---- sending -------------------------------------------------------------------------------

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

  function same(a, b) {
    return a && b && (a.score === null || a.score === b.score) && a.evidence.trim() === b.evidence;
  }

  function queuedState(itemEl) {
    setState(itemEl, "queued", gettext("Not saved yet: kept in this browser, saved when the connection returns"));
  }

  function onSaved(itemEl, key, sentSeq, data) {
    setVersion(itemEl, data.version);
    var entry = queue[key];
    if (entry && entry.seq === sentSeq) {
      delete queue[key];
    } else if (entry) {
      entry.version = data.version; // changed again meanwhile: send that on top of this save
      delete entry.sent;
      again.add(key);
    }
    persist();
    setState(itemEl, "saved", gettext("Saved"));
    showProgress(data.rated, data.total);
    markIndex(data.item, data.score !== null);
  }

  function onConflict(itemEl, key, sentSeq, data) {
    var entry = queue[key];
    var stored = { score: data.score, evidence: data.evidence };
    if (!entry) {
      return;
    }
    if (same(entry, stored)) {
      // What this page wants is what is stored: nothing to send.
      onSaved(itemEl, key, entry.seq, data);
      return;
    }
    if (entry.sent && same(entry.sent, stored) && data.version === entry.sent.version + 1) {
      // Our own earlier save, whose answer was lost: send the newer values on top of it.
      entry.version = data.version;
      delete entry.sent;
      persist();
      again.add(key);
      return;
    }
    entry.conflict = { score: data.score, evidence: data.evidence, version: data.version };
    persist();
    showConflict(itemEl, entry);
  }

  function save(itemEl) {
    var key = itemEl.dataset.item;
    var entry = queue[key];
    if (!entry || entry.conflict) {
      return;
    }
    if (busy.has(key)) {
      again.add(key);
      return;
    }
    if (!navigator.onLine) {
      offline = true;
      queuedState(itemEl);
      showBanner();
      return;
    }
    busy.add(key);
    var sent = { score: entry.score, evidence: entry.evidence, version: entry.version };
    var sentSeq = entry.seq;
    setState(itemEl, "saving", gettext("Saving…"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify({
        item: Number(key), score: sent.score, evidence: sent.evidence, version: sent.version
      })
    })
      .then(function (response) {
        offline = false;
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (isJson ? response.json() : Promise.resolve(null)).then(function (data) {
          if (response.ok && data && data.saved) {
            onSaved(itemEl, key, sentSeq, data);
          } else if (response.status === 409 && data && data.conflict) {
            onConflict(itemEl, key, sentSeq, data);
          } else if (response.status === 400 && data) {
            // Refused for what it is (say rating closed): retrying cannot help. The entry stays
            // on the page, with the reason.
            if (queue[key] && queue[key].seq === sentSeq) {
              delete queue[key];
              persist();
            }
            setState(itemEl, "error", notSaved(reasonFor(response, data)));
          } else {
            showBanner();
            setState(itemEl, "error", notSaved(reasonFor(response, data)));
          }
        });
      })
      .catch(function () {
        // No answer: the save may or may not have reached the server. It stays queued; if it
        // did arrive, the stored rating is recognised as this one when it is sent again.
        offline = true;
        if (queue[key]) {
          queue[key].sent = sent;
        }
        persist();
        queuedState(itemEl);
      })
      .finally(function () {
        busy.delete(key);
        if (again.has(key)) {
          again.delete(key);
          save(itemEl);
        }
      });
  }

  // Send every queued change, oldest first.
  function flush() {
    Object.keys(queue)
      .sort(function (a, b) { return queue[a].seq - queue[b].seq; })
      .forEach(function (key) {
        var itemEl = itemFor(key);
        if (itemEl && !timers.has(key)) {
          save(itemEl);
        }
      });
  }

  function saveLater(itemEl) {
    var key = itemEl.dataset.item;
    clearTimeout(timers.get(key));
    enqueue(itemEl);
    if (!queue[key].conflict) {
      setState(itemEl, "pending", "");
    }
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
    enqueue(itemEl);
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

  // Leaving with a change that is neither stored nor queued: ask first. Queued changes survive
  // the reload, so they need no question.
  window.addEventListener("beforeunload", function (event) {
    var unsaved = busy.size > 0 && navigator.onLine;
    if (unsaved && !form.dataset.submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  window.addEventListener("online", function () {
    offline = false;
    showBanner();
    flush();
  });
  window.addEventListener("offline", function () {
    offline = true;
    showBanner();
  });
  // Back from logging in again in another tab: send what could not be saved.
  window.addEventListener("focus", flush);
  window.setInterval(function () {
    if (navigator.onLine && Object.keys(queue).length) {
      flush();
    }
  }, RETRY_MS);

  form.addEventListener("submit", function () {
    form.dataset.submitting = "1";
  });

  // A reload (or a new visit) with changes still queued: show them on the page, then send them.
  Object.keys(queue).forEach(function (key) {
    var itemEl = itemFor(key);
    if (!itemEl) {
      return;
    }
    var entry = queue[key];
    showValues(itemEl, entry.score, entry.evidence);
    if (entry.conflict) {
      showConflict(itemEl, entry);
    } else {
      queuedState(itemEl);
    }
  });
  showBanner();
  flush();
}());
