// Long form submits (an import of thousands of rows): <form data-progress="progress-id">.
// On submit the element with that id is shown (a progress bar with the seconds waited) and the
// submit buttons are disabled, so the file is not sent twice while the server works.
document.querySelectorAll("form[data-progress]").forEach((form) => {
  form.addEventListener("submit", () => {
    const progress = document.getElementById(form.dataset.progress);
    const seconds = progress.querySelector("[data-seconds]");
    const bar = progress.querySelector(".progress-bar");
    const started = Date.now();
    progress.hidden = false;
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      // Disabled after the submit event, or the button's own name and value would not be sent.
      setTimeout(() => { button.disabled = true; }, 0);
    });
    setInterval(() => {
      const waited = Math.round((Date.now() - started) / 1000);
      seconds.textContent = waited;
      // An estimate (a minute for the largest file), never shown as done before it is.
      const share = Math.min(95, Math.round(100 * (1 - Math.exp(-waited / 20))));
      bar.style.width = `${share}%`;
      bar.parentElement.setAttribute("aria-valuenow", share);
    }, 1000);
  });
});
