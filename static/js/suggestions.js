/*
 * Suggested scores on the rating page: each item with a rule has a small calculator. Typing other
 * counts shows the score they suggest; choosing a score that differs from the suggestion asks for
 * an evidence note. Nothing typed here is saved (the review's facts live on the Facts page).
 *
 * The rule comes from the page (data-suggestion, written by reviews/facts.py). The server's
 * reviews/suggestions.py is the reference: like it, this compares exact fractions (BigInt), never
 * floats, so both agree at every bound.
 */
(function () {
  "use strict";

  var TEN = BigInt(10);
  var ZERO = BigInt(0);
  var valueFormat = new Intl.NumberFormat(document.documentElement.lang || "en", {
    maximumFractionDigits: 2
  });

  // "12", "2.5" or "2,5" as an exact fraction {p, q} (q > 0); null for anything else.
  function decimal(text) {
    var t = String(text === undefined || text === null ? "" : text).trim().replace(",", ".");
    if (!/^-?\d+(\.\d+)?$/.test(t)) {
      return null;
    }
    var negative = t.charAt(0) === "-";
    var parts = (negative ? t.slice(1) : t).split(".");
    var decimals = parts[1] || "";
    var p = BigInt(parts[0] + decimals);
    return { p: negative ? -p : p, q: TEN ** BigInt(decimals.length) };
  }

  // The value a rule compares: a fact, or a ratio (times 100 for a percent).
  function ruleValue(rule, values) {
    var numbers = rule.facts.map(function (key) {
      return decimal(values[key]);
    });
    var missing = rule.facts.filter(function (key, i) {
      return numbers[i] === null;
    });
    if (missing.length) {
      return { missing: missing };
    }
    if (rule.facts.length === 1) {
      return { value: numbers[0] };
    }
    var a = numbers[0];
    var b = numbers[1];
    if (b.p === ZERO) {
      return { zero: true };
    }
    var p = a.p * b.q * (rule.percent ? BigInt(100) : BigInt(1));
    var q = a.q * b.p;
    return { value: q < ZERO ? { p: -p, q: -q } : { p: p, q: q } };
  }

  function suggest(rule, values) {
    var found = ruleValue(rule, values);
    if (!found.value) {
      found.score = null;
      return found;
    }
    var v = found.value;
    for (var i = 0; i < rule.thresholds.length; i++) {
      var score = rule.thresholds[i][0];
      var bound = decimal(rule.thresholds[i][1]);
      var left = v.p * bound.q;
      var right = bound.p * v.q;
      if (rule.direction === "at_most" ? left <= right : left >= right) {
        found.score = score;
        return found;
      }
    }
    found.score = rule.min;
    return found;
  }

  // For the browser test: the same rule and facts give the same score as the server.
  window.ipswebSuggest = suggest;

  function chosenScore(itemEl) {
    var checked = itemEl.querySelector("input[type=radio]:checked");
    return checked ? Number(checked.value) : null;
  }

  function update(box) {
    var rule = JSON.parse(box.dataset.suggestion);
    var values = {};
    box.querySelectorAll("[data-fact]").forEach(function (input) {
      values[input.dataset.fact] = input.value;
    });
    var found = suggest(rule, values);
    box.dataset.score = found.score === null ? "" : String(found.score);
    box.querySelector("[data-suggested-score]").textContent =
      found.score === null ? "\u2013" : String(found.score);
    var valueEl = box.querySelector("[data-suggested-value]");
    valueEl.hidden = found.score === null;
    if (found.value) {
      valueEl.querySelector("[data-value]").textContent = valueFormat.format(
        Number(found.value.p) / Number(found.value.q)
      );
    }
    var missingEl = box.querySelector("[data-suggestion-missing]");
    missingEl.hidden = found.score !== null;
    if (found.zero) {
      missingEl.textContent = gettext("No suggestion: a ratio cannot be taken over zero.");
    } else if (found.missing) {
      missingEl.textContent = gettext("No suggestion until every fact below is known.");
    }
    showDiffers(box);
  }

  function showDiffers(box) {
    var itemEl = box.closest("[data-item]");
    var chosen = chosenScore(itemEl);
    var notes = itemEl.querySelector("textarea");
    var suggested = box.dataset.score ? Number(box.dataset.score) : null;
    var differs =
      chosen !== null && suggested !== null && chosen !== suggested && !(notes && notes.value.trim());
    box.querySelector("[data-differs]").hidden = !differs;
  }

  document.querySelectorAll("[data-suggestion]").forEach(function (box) {
    box.addEventListener("input", function () {
      update(box);
    });
    // The calculator is inside the rating form: its fields are not ratings, so their changes
    // must not reach the autosave (rating.js) and Enter must not submit the whole page.
    box.addEventListener("change", function (event) {
      event.stopPropagation();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    var itemEl = box.closest("[data-item]");
    itemEl.addEventListener("change", function () {
      showDiffers(box);
    });
    itemEl.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") {
        showDiffers(box);
      }
    });
    update(box);
  });
})();
