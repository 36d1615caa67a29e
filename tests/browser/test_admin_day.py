"""The admin's day in Chromium, on a 1366-wide screen and a phone: a new user whose role the admin
must choose, invited by mail to set their own password; a review planned with that user among its
reviewers, who are told by mail with the link; the new reviewer sets a password and follows the
link. Mail goes to Django's test outbox. Screenshots go to /tmp/shots/admin/ (not in git)."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from centers.roles import Role, user_role
from reviews.models import Review
from tests.browser import screens
from tests.browser.screens import PHONE, WIDE
from tests.factories import CenterFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "a-password-of-her-own-26"


def shoot(page, name: str) -> None:
    screens.shoot(page, "admin", name)


def menu(page, *names: str) -> None:
    """Follow the main navigation (behind the toggler on a phone): a menu group, then its item."""
    navigation = page.get_by_role("navigation", name="Main navigation")
    toggler = navigation.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        toggler.click()
    for name in names:
        navigation.get_by_role("button", name=name, exact=True).or_(
            navigation.get_by_role("link", name=name, exact=True)
        ).click()


def link_in(mail) -> str:
    return re.search(r"https?://\S+", mail.body).group(0)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_the_admins_day_invites_a_user_and_plans_a_review_whose_reviewers_are_told(
    page, browser, live_server, log_in, admin, mailoutbox, viewport
):
    center = CenterFactory(name="Center 1 Nordvik", code="C1")
    UserFactory(username="rita", first_name="Rita", last_name="Reviewer", role=Role.REVIEWER)
    page.set_viewport_size(viewport)
    log_in(admin.username)

    # A new user: the role is not chosen for the admin, and saving without one is refused.
    menu(page, "Admin", "Users")
    page.get_by_role("link", name="New user").click()
    expect(page.get_by_label("Role")).to_have_value("")
    expect(page.get_by_label("Password")).to_have_count(0)  # she chooses it herself
    page.get_by_label("Username").fill("nina")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Nilsen")
    page.get_by_label("Email").fill("nina@example.org")
    page.get_by_label("Center 1 Nordvik").first.check()
    shoot(page, "day-1-new-user")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Role").select_option(label="Reviewer")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("invited by mail to nina@example.org")).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, "day-2-invited")
    nina = get_user_model().objects.get(username="nina")
    assert user_role(nina) == Role.REVIEWER and not nina.has_usable_password()
    [invitation] = mailoutbox
    assert invitation.to == ["nina@example.org"]
    assert "Your username is nina." in invitation.body

    # A review of C1 with Rita (lead) and Nina: both are told by mail, with the review's link.
    menu(page, "Reviews")
    page.get_by_role("link", name="Plan a review").click()
    page.get_by_role("combobox", name=re.compile("^Center")).select_option(
        label="Center 1 Nordvik (C1)"
    )
    visit = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("Visit starts").fill(visit.isoformat())
    page.get_by_label("Visit ends").fill((visit + datetime.timedelta(days=1)).isoformat())
    page.get_by_label(re.compile(r"Rita Reviewer")).check()
    page.get_by_label(re.compile(r"Nina Nilsen")).check()
    page.get_by_label("Lead reviewer").select_option(label="Rita Reviewer (rita)")
    shoot(page, "day-3-plan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("its reviewers are told by mail")).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, "day-4-planned")
    review = Review.objects.get(center=center)
    planned = mailoutbox[1:]
    assert sorted(mail.to[0] for mail in planned) == ["nina@example.org", "rita@example.org"]
    to_nina = next(mail for mail in planned if mail.to == ["nina@example.org"])
    assert link_in(to_nina).endswith(f"/reviews/{review.pk}/")

    # Nina sets her password from the invitation, logs in and opens the review from her mail.
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    newcomer = context.new_page()
    newcomer.goto(link_in(invitation))
    newcomer.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    newcomer.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    shoot(newcomer, "day-5-choose-password")
    newcomer.get_by_role("button", name="Save the new password").click()
    expect(newcomer.get_by_role("heading", level=1)).not_to_have_text("Choose a new password")
    newcomer.goto("/accounts/login/")
    newcomer.get_by_label("Username").fill("nina")
    newcomer.get_by_label("Password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Log in").click()
    newcomer.goto(link_in(to_nina))
    expect(newcomer.get_by_role("heading", name=re.compile("Center 1 Nordvik"))).to_be_visible()
    expect(newcomer.get_by_text("Rate 25 remaining items")).to_be_visible()
    shoot(newcomer, "day-6-review-from-mail")
    context.close()
