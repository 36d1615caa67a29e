import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from centers.models import Center
from centers.roles import Role
from reviews.models import Rating
from tests.factories import (
    TEST_PASSWORD,
    CenterFactory,
    ReviewFactory,
    UserFactory,
    authenticator_code,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_what_was_typed_survives_an_expired_session_and_a_new_login(page, log_in, admin):
    log_in(admin.username)
    page.goto("/centers/new/")
    page.get_by_label("Name").fill("Fjellby IPS")
    page.get_by_label("Short code").fill("FB")
    page.get_by_label("Region or organisation").fill("North")

    Session.objects.all().delete()  # the session expires while the form is open
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("what you typed is kept")).to_be_visible()
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(authenticator_code(admin))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("your entries were kept. Check them and save.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Fjellby IPS")
    expect(page.get_by_label("Short code")).to_have_value("FB")
    expect(page.get_by_label("Region or organisation")).to_have_value("North")
    assert not Center.objects.exists()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Center “Fjellby IPS” was created.")).to_be_visible()
    assert Center.objects.get().code == "FB"


def test_an_autosave_after_the_session_expired_keeps_the_entry_and_saves_it_after_login(
    page, log_in
):
    center = CenterFactory(name="Nordvik IPS", code="NV")
    lead = UserFactory(username="reviewer1", role=Role.REVIEWER)
    review = ReviewFactory(center=center, reviewers=[lead, UserFactory(role=Role.REVIEWER)])
    log_in(lead.username)
    page.goto(f"/reviews/{review.pk}/rate/")

    Session.objects.all().delete()
    item = page.locator("#item-2")
    item.locator("textarea").fill("Typed while the session had ended")
    expect(item.locator("[data-state]")).to_contain_text("your session has ended")
    expect(item.locator("textarea")).to_have_value("Typed while the session had ended")
    assert not Rating.objects.exists()

    other_tab = page.context.new_page()
    other_tab.goto("/accounts/login/")
    other_tab.get_by_label("Username").fill(lead.username)
    other_tab.get_by_label("Password").fill(TEST_PASSWORD)
    other_tab.get_by_role("button", name="Log in").click()
    expect(other_tab.get_by_role("navigation", name="Main navigation")).to_be_visible()
    other_tab.close()

    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(item.locator("[data-state]")).to_have_text("Saved")
    assert Rating.objects.get(item__number=2).evidence == "Typed while the session had ended"
