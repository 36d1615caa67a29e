/*
 * After a session expired and the user logged in again, put what they had typed back into the
 * form it came from (accounts/expired_sessions.py keeps it). The form is not submitted: the page
 * says to check the entries and save. Typing events are not fired, so autosave stays quiet.
 */
(function () {
  "use strict";

  var data = document.getElementById("kept-entries");
  if (!data) {
    return;
  }
  var kept = JSON.parse(data.textContent);
  var target = new URL(kept.target, window.location.href).pathname;
  var form = Array.prototype.find.call(document.forms, function (candidate) {
    return candidate.method === "post" &&
      new URL(candidate.action, window.location.href).pathname === target;
  });
  if (!form) {
    return;
  }
  var values = new Map();
  kept.fields.forEach(function (pair) {
    if (!values.has(pair[0])) {
      values.set(pair[0], []);
    }
    values.get(pair[0]).push(pair[1]);
  });
  var used = new Map();
  var skipped = ["submit", "button", "reset", "file", "password", "image"];

  Array.prototype.forEach.call(form.elements, function (el) {
    if (!el.name || el.name === "csrfmiddlewaretoken" || skipped.indexOf(el.type) !== -1) {
      return;
    }
    var sent = values.get(el.name) || [];
    if (el.type === "checkbox" || el.type === "radio") {
      // A box left unticked sends nothing, so a name missing from the post means unticked.
      el.checked = sent.indexOf(el.value) !== -1;
    } else if (el.tagName === "SELECT" && el.multiple) {
      Array.prototype.forEach.call(el.options, function (option) {
        option.selected = sent.indexOf(option.value) !== -1;
      });
    } else if (values.has(el.name)) {
      // Several fields of one name (a formset row's copies) take the values in order.
      var n = used.get(el.name) || 0;
      if (n < sent.length) {
        el.value = sent[n];
        used.set(el.name, n + 1);
      }
    }
  });
}());
