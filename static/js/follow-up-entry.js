// Entering a follow-up survey by hand: the cursor starts on the first question, and the count of
// answered questions (rendered by the server, translated there) follows every choice.
(function () {
  "use strict";
  const form = document.getElementById("follow-up-form");
  if (!form) {
    return;
  }
  const answered = form.querySelector("[data-answered]");
  const questions = Array.from(new Set(
    Array.from(form.querySelectorAll("input[type=radio]")).map((input) => input.name)
  ));
  function count() {
    const done = questions.filter((name) => {
      const checked = form.querySelector(`input[type=radio][name="${name}"]:checked`);
      return checked && checked.value !== "";
    });
    answered.textContent = String(done.length);
  }
  // A radio group is entered with the keyboard at its checked choice: a question not answered
  // yet starts with none checked, so Tab reaches "Yes" first. Nothing sent means "Not answered",
  // which stays a choice of its own.
  form.querySelectorAll('input[type=radio][value=""]:checked').forEach((input) => {
    input.checked = false;
  });
  form.addEventListener("change", count);
  count();
  if (!form.querySelector(".is-invalid, .alert-danger")) {
    const first = form.querySelector("input[type=radio]");
    const name = first && first.name;
    const target = name && (form.querySelector(`input[name="${name}"]:checked`) || first);
    if (target) {
      target.focus();
    }
  }
})();
