import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = "/tmp/shots/admin"


def test_the_navigation_fits_one_line_at_1366_and_folds_into_the_toggler_on_a_phone(
    page, log_in, admin
):
    page.set_viewport_size({"width": 1366, "height": 800})
    log_in(admin.username)
    navbar = page.get_by_role("navigation", name="Main navigation")
    assert navbar.bounding_box()["height"] < 70  # one line of items, not two
    navbar.get_by_role("button", name="Admin", exact=True).click()
    page.screenshot(path=f"{SHOTS}/nav-1366.png")
    navbar.get_by_role("link", name="Django admin").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/centers/")
    page.set_viewport_size({"width": 390, "height": 800})
    expect(navbar.get_by_role("link", name="Centers")).to_be_hidden()
    navbar.get_by_role("button", name="Toggle navigation").click()
    navbar.get_by_role("button", name="Dashboards").click()
    navbar.get_by_role("link", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare", exact=False).first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/nav-390.png")
