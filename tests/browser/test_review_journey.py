"""A fidelity review end to end in Chromium: two reviewers rate (autosave), the lead agrees
consensus and finalizes, and the report shows the total and band, also when printed."""

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from reviews.demo import TABLE_5
from reviews.models import ConsensusScore, Rating, Review
from tests.factories import CenterFactory, ReviewFactory, UserFactory

# serialized_rollback, as in every browser test: each test gets back the rows the migrations made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

C1 = TABLE_5["C1"]
# reviewer2 differs on item 6 by one point and on item 18 by two.
SECOND = [*C1[:5], 4, *C1[6:17], 4, *C1[18:]]


@pytest.fixture
def review():
    center = CenterFactory(name="Nordvik IPS", code="NV")
    lead = UserFactory(username="reviewer1", role=Role.REVIEWER)
    other = UserFactory(username="reviewer2", role=Role.REVIEWER)
    return ReviewFactory(center=center, reviewers=[lead, other])


def log_out(page, username):
    page.get_by_role("button", name=username).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()


def rate_every_item(page, review, username, scores):
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("link", name="Nordvik IPS").click()
    page.get_by_role("link", name="Rate 25 remaining items").click()
    expect(page.locator("#rating-progress")).to_have_text("0 of 25 rated")
    for number, score in enumerate(scores, start=1):
        item = page.locator(f"#item-{number}")
        item.locator(f"input[type=radio][value='{score}']").check()
        expect(item.locator("[data-state]")).to_have_text("Saved")
    expect(page.locator("#rating-progress")).to_have_text("25 of 25 rated")
    page.locator("#item-3 textarea").fill(f"{username}: every specialist covers all phases.")
    expect(page.locator("#item-3 [data-state]")).to_have_text("Saved")
    # Autosave stored everything before any form was submitted.
    saved = Rating.objects.filter(review=review, reviewer__username=username)
    assert sorted(saved.values_list("item__number", "score")) == list(enumerate(scores, start=1))
    assert saved.get(item__number=3).evidence.startswith(username)
    page.get_by_role("button", name="Save and mark my rating complete").click()
    page.get_by_role("button", name="Yes, mark my rating complete").click()
    expect(page.get_by_text("Your rating is complete.")).to_be_visible()


def test_two_reviewers_rate_the_lead_agrees_consensus_and_the_report_shows_total_and_band(
    page, log_in, review
):
    log_in("reviewer1")
    rate_every_item(page, review, "reviewer1", C1)
    log_out(page, "reviewer1")

    log_in("reviewer2")
    rate_every_item(page, review, "reviewer2", SECOND)
    review.refresh_from_db()
    assert review.status == Review.Status.CONSENSUS
    log_out(page, "reviewer2")

    log_in("reviewer1")
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("link", name="Nordvik IPS").click()
    page.get_by_role("link", name="Agree consensus").click()
    expect(page.get_by_text("Differ by 2").first).to_be_visible()
    item6 = page.locator("#consensus-6")
    item6.get_by_label("Consensus score").select_option("3")
    item6.get_by_label("Rationale").fill("Contact only when problems arise.")
    item18 = page.locator("#consensus-18")
    item18.get_by_label("Consensus score").select_option("2")
    item18.get_by_label("Rationale").fill("Mostly requests for openings.")
    item18.get_by_label("Recommendation").fill("Visit each employer more than once.")
    page.get_by_role("button", name="Save consensus").click()
    expect(page.get_by_text("25 consensus scores were saved.")).to_be_visible()
    assert ConsensusScore.objects.filter(review=review).count() == 25

    page.get_by_role("button", name="Finalize the review").click()
    page.get_by_role("button", name="Yes, finalize the review").click()
    expect(page.get_by_text("The review is final: total 97, Fair fidelity.")).to_be_visible()
    expect(page.get_by_role("heading", name="Fidelity review report: Nordvik IPS")).to_be_visible()
    expect(page.locator("[data-total]")).to_have_text("97")
    expect(page.locator("[data-band]")).to_have_text("Fair fidelity")
    expect(page.get_by_text("Visit each employer more than once.")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator("[data-total]")).to_be_visible()


def test_the_rating_page_works_without_javascript(browser, live_server, review):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("reviewer2")
    page.get_by_label("Password").fill("a-long-test-password-2026")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/reviews/{review.pk}/rate/")
    page.locator("#item-1 input[type=radio][value='4']").check()
    page.locator("#item-2 textarea").fill("Typed without scripts")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your ratings were saved.")).to_be_visible()
    expect(page.locator("#rating-progress")).to_have_text("1 of 25 rated")
    context.close()
    saved = Rating.objects.filter(review=review)
    assert sorted(saved.values_list("item__number", "score", "evidence")) == [
        (1, 4, ""),
        (2, None, "Typed without scripts"),
    ]
