"""Screenshots for the README's "first ten minutes" tour, taken from a running demo.

    make run                                   # in one terminal (demo users need no second factor)
    .venv/bin/python scripts/tour_screenshots.py [http://127.0.0.1:8000]

Writes docs/tour-*.png (1366 x 768, the visible part of each page). CHROMIUM=/usr/bin/chromium uses
that browser instead of Playwright's own.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent.parent / "docs"
PASSWORD = "ips-demo-2026"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def shoot(page, name: str) -> None:
    page.screenshot(path=DOCS / f"tour-{name}.png")
    print(f"docs/tour-{name}.png")


def main(base: str) -> None:
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM"))
        for username, steps in [
            (
                "manager",
                [
                    ("portfolio", "/dashboards/portfolio/"),
                    ("compare", "/dashboards/comparison/?grouping=top_k&k=3"),
                ],
            ),
            ("reviewer1", [("reviews", "/reviews/mine/")]),
        ]:
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
            page = context.new_page()
            log_in(page, base, username)
            for name, path in steps:
                page.goto(base + path)
                if name == "compare":
                    page.get_by_role("button", name="Compare").click()
                    page.locator("#comparison-table").evaluate(
                        "e => e.scrollIntoView({block: 'start'})"
                    )
                page.wait_for_load_state("networkidle")
                shoot(page, name)
            if username == "reviewer1":
                # The next step of the review in progress: "Rate 8 remaining items".
                page.locator("[data-next-step] a").first.click()
                page.wait_for_load_state("networkidle")
                shoot(page, "rate")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
