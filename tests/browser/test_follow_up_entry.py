"""Staff entering a follow-up in Chromium: register and go straight to the follow-up, the cursor
on the first question, the count of answered questions following each choice."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from tests.factories import CenterFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots/manager")


def test_register_then_answer_with_the_count_following(page, log_in):
    center = CenterFactory(code="NV", name="Nordvik IPS")
    UserFactory(username="mona", role=Role.MANAGER, centers=[center])
    log_in("mona")
    page.goto("/participants/new/")
    page.locator("#id_center").select_option(str(center.pk))
    page.locator("#id_arm").select_option("ips")
    page.get_by_role("button", name="Register and enter the follow-up").click()
    expect(page.get_by_role("heading", name="Follow-up survey")).to_be_visible()
    count = page.get_by_test_id("answered-count")
    expect(count).to_contain_text("Questions answered: 0 /")
    # The cursor is on the first question's "Yes".
    assert page.evaluate("() => document.activeElement.type") == "radio"
    assert page.evaluate("() => document.activeElement.value") == "True"
    page.keyboard.press("Space")
    expect(count).to_contain_text("Questions answered: 1 /")
    # Tab goes on to the next question's "Yes", not to its "Not answered".
    first = page.evaluate("() => document.activeElement.name")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    assert focused[0] != first and focused[1] == "True"
    expect(page.get_by_label("Not answered").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "follow-up-entry-1366.png"))
