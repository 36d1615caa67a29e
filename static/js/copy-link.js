// Copy buttons: <button data-copy-target="input-id">; once copied the button says so.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copyTarget);
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = gettext("Copied");
    } catch {
      // Without clipboard access the text stays selected for a manual copy.
    }
  });
});
