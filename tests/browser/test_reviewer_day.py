"""The reviewer's day in Chromium: home is "My reviews", rating with the item index and a
counter that always matches what is stored (even with autosave answers arriving out of order),
marking complete and finalizing after confirming, consensus and the report. Screenshots at 1366
and 390 px go to /tmp/shots/reviewer/."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from reviews.demo import TABLE_5
from reviews.models import Rating, Review
from tests.factories import CenterFactory, ReviewFactory, UserFactory, rate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

C1 = TABLE_5["C1"]
SHOTS = Path("/tmp/shots/reviewer")
WIDTHS = {"wide": (1366, 900), "phone": (390, 844)}


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"))
    page.set_viewport_size(size)


@pytest.fixture
def review():
    center = CenterFactory(name="Nordvik IPS", code="NV")
    lead = UserFactory(username="reviewer1", first_name="Rita", role=Role.REVIEWER)
    other = UserFactory(username="reviewer2", first_name="Ravi", role=Role.REVIEWER)
    review = ReviewFactory(center=center, reviewers=[lead, other])
    rate(review, other, C1)
    return review


def answer_out_of_order(page, review, late: int, after: int):
    """Hold the autosave answer for item ``late`` until the one for item ``after`` has reached
    the page: the earlier count arrives last, as happens on a slow network."""
    pks = dict(review.scale.items.values_list("pk", "number"))
    held = []
    after_answered = []

    def handle(route):
        number = pks[json.loads(route.request.post_data)["item"]]
        response = route.fetch()
        # On a loaded machine the browser may send the later save first; holding the earlier
        # one then would wait for an answer that has already gone.
        if number == late and not after_answered:
            held.append((route, response))
            return
        route.fulfill(response=response)
        if number == after:
            after_answered.append(True)
            for held_route, held_response in held:
                held_route.fulfill(response=held_response)
            held.clear()

    page.route("**/rate/autosave/", handle)
    return held


def rate_items(page, numbers):
    """Score items as fast as the page takes it, then wait until each says it was saved."""
    for number in numbers:
        page.locator(f"#item-{number} input[type=radio][value='{C1[number - 1]}']").check()
    for number in numbers:
        expect(page.locator(f"#item-{number} [data-state]")).to_have_text("Saved")


def test_a_reviewer_rates_with_the_index_completes_agrees_consensus_and_finalizes(
    page, log_in, review
):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in("reviewer1")
    expect(page.get_by_role("heading", name="My reviews")).to_be_visible()
    row = page.locator(f"[data-review='{review.pk}']")
    expect(row).to_contain_text("Nordvik IPS")
    expect(row).to_contain_text("Lead reviewer")
    shoot(page, "1-my-reviews")

    row.get_by_role("link", name="Rate 25 remaining items").click()
    index = page.get_by_role("navigation", name="Item index")
    expect(index.locator(".item-index-link.unrated")).to_have_count(25)
    expect(page.locator("[data-waits-for]")).to_contain_text("Rita has rated 0 of 25")

    # Fire the first saves quickly, their answers arriving out of order.
    held = answer_out_of_order(page, review, late=3, after=4)
    rate_items(page, range(1, 5))
    assert not held
    expect(page.locator("#rating-progress")).to_have_text("4 of 25 rated")
    expect(index.locator(".item-index-link.rated")).to_have_count(4)
    expect(page.get_by_role("link", name="Next unrated item")).to_have_attribute("href", "#item-5")
    page.unroute("**/rate/autosave/")
    shoot(page, "2-rating-with-index")

    # Mark complete too early: the missing items are listed as links and highlighted.
    page.get_by_role("button", name="Save and mark my rating complete").click()
    refusal = page.locator("#unrated-items")
    expect(refusal).to_contain_text("21 items have no score")
    expect(page.locator(".alert-success")).to_have_count(0)
    shoot(page, "3-complete-refused")
    refusal.get_by_role("link", name="5. Integration of").click()
    expect(page.locator("#item-5")).to_have_class("card mb-3 rating-item missing")
    expect(page.locator("#item-5 [data-missing]")).to_be_visible()
    expect(index.locator(".item-index-link.missing")).to_have_count(21)

    rate_items(page, [5])
    held = answer_out_of_order(page, review, late=24, after=25)
    rate_items(page, range(6, 26))
    assert not held
    stored = Rating.objects.filter(
        review=review, reviewer__username="reviewer1", score__isnull=False
    ).count()
    assert stored == 25
    expect(page.locator("#rating-progress")).to_have_text(f"{stored} of 25 rated")
    expect(index.locator(".item-index-link.rated")).to_have_count(25)
    expect(page.get_by_role("link", name="Next unrated item")).to_be_hidden()
    page.unroute("**/rate/autosave/")

    page.get_by_role("button", name="Save and mark my rating complete").click()
    expect(page.get_by_text("cannot be changed")).to_be_visible()
    shoot(page, "4-confirm-complete")
    page.get_by_role("button", name="Yes, mark my rating complete").click()
    expect(page.get_by_text("Your rating is complete.")).to_be_visible()
    review.refresh_from_db()
    assert review.status == Review.Status.CONSENSUS

    page.locator("[data-waits-for] ~ p").get_by_role("link", name="Agree consensus").click()
    page.get_by_role("button", name="Save consensus").click()
    expect(page.get_by_text("25 consensus scores were saved.")).to_be_visible()
    shoot(page, "5-consensus")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Write the report").first.click()
    page.get_by_label("Strengths").fill("A committed team that knows local employers well.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Finalize").first.click()
    expect(page.get_by_role("heading", name="Finalize the review?")).to_be_visible()
    shoot(page, "6-confirm-finalize")
    page.get_by_role("button", name="Yes, finalize the review").click()
    expect(page.get_by_text("The review is final: total")).to_be_visible()
    shoot(page, "7-report")

    page.get_by_role("link", name="My reviews").click()
    expect(page.locator(f"[data-review='{review.pk}']")).to_contain_text("Read the report")


def test_on_a_phone_the_item_index_starts_folded(page, log_in, review):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("reviewer1")
    page.goto(f"/reviews/{review.pk}/rate/")
    details = page.locator("[data-item-index]")
    expect(details).not_to_have_attribute("open", "")
    details.locator("summary").click()
    expect(page.get_by_role("navigation", name="Item index")).to_be_visible()
