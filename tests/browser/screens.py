"""The screens the day-long browser tests walk on, and where their screenshots go (not in git)."""

from pathlib import Path

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots")


def shoot(page, folder: str, name: str) -> None:
    """A full-page screenshot named by the viewport's width: /tmp/shots/<folder>/<name>-1366.png."""
    path = SHOTS / folder
    path.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path / f"{name}-{page.viewport_size['width']}.png"), full_page=True)
