// Copy buttons: <button data-copy-target="input-id" data-copied-text="Copied">.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copyTarget);
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = button.dataset.copiedText;
    } catch {
      // Without clipboard access the text stays selected for a manual copy.
    }
  });
});
