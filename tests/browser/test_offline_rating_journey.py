"""A reviewer rates in a clinic with no connection: the browser goes offline, three ratings wait
in the page's queue (shown as "Offline: 3 unsaved", kept over a reload), and once online every
rating is stored exactly once. A rating changed elsewhere meanwhile is shown with both values and
is never overwritten without the reviewer choosing. Screenshots go to /tmp/shots/offline/."""

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from reviews.models import Rating
from reviews.services.ratings import rating_save
from tests.browser.screens import PHONE, SHOTS, WIDE, shoot
from tests.factories import CenterFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCORES = {1: 4, 2: 3, 3: 5}


@pytest.fixture
def review():
    center = CenterFactory(name="Nordvik IPS", code="NV")
    lead = UserFactory(username="reviewer1", first_name="Rita", role=Role.REVIEWER)
    return ReviewFactory(center=center, reviewers=[lead, UserFactory(role=Role.REVIEWER)])


def stored(review) -> dict:
    return {
        r.item.number: (r.score, r.evidence, r.version)
        for r in Rating.objects.filter(review=review).select_related("item")
    }


def test_ratings_made_offline_are_stored_exactly_once_when_the_connection_returns(
    page, log_in, review
):
    page.set_viewport_size(WIDE)
    log_in("reviewer1")
    page.goto(f"/reviews/{review.pk}/rate/")
    banner = page.locator("[data-offline-banner]")
    expect(banner).to_be_hidden()

    page.context.set_offline(True)
    for number, score in SCORES.items():
        page.locator(f"#item-{number} input[type=radio][value='{score}']").check()
    page.locator("#item-3 textarea").fill("Seen at the team meeting")
    page.locator("#item-3 textarea").blur()
    expect(banner).to_be_visible()
    expect(banner.locator("[data-offline-count]")).to_have_text("Offline: 3 unsaved")
    expect(page.locator("#item-2 [data-state]")).to_contain_text("kept in this browser")
    assert not Rating.objects.exists()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "offline", "rating-offline")
    page.set_viewport_size(PHONE)
    shoot(page, "offline", "rating-offline")
    page.set_viewport_size(WIDE)

    # A reload while offline is not possible, but a reload once the server answers again must
    # keep the queue: it lives in this browser, not in the page.
    queued = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ipsweb-rating'))")
    assert len(queued) == 1

    page.context.set_offline(False)
    for number in SCORES:
        expect(page.locator(f"#item-{number} [data-state]")).to_have_text("Saved")
    expect(banner).to_be_hidden()
    expect(page.locator("#rating-progress")).to_have_text("3 of 25 rated")
    assert stored(review) == {
        1: (4, "", 1),
        2: (3, "", 1),
        3: (5, "Seen at the team meeting", 1),
    }
    assert Rating.history.filter(review_id=review.pk).count() == 3

    # Reloading sends nothing again: the queue is empty.
    page.reload()
    expect(page.locator("#item-3 input[type=radio][value='5']")).to_be_checked()
    expect(banner).to_be_hidden()
    assert Rating.history.filter(review_id=review.pk).count() == 3


def test_a_queued_rating_survives_leaving_the_page_and_is_stored_once(page, log_in, review):
    page.set_viewport_size(WIDE)
    log_in("reviewer1")
    page.goto(f"/reviews/{review.pk}/rate/")
    page.context.set_offline(True)
    page.locator("#item-4 input[type=radio][value='2']").check()
    page.locator("#item-4 textarea").fill("Checked the caseload list")
    page.locator("#item-4 textarea").blur()
    expect(page.locator("[data-offline-count]")).to_have_text("Offline: 1 unsaved")
    # The tab is closed (or the browser quits) before the connection returns. (Navigating the tab
    # away is not the same: Chromium may keep the old page alive a moment, and it saves the
    # queue itself when the connection returns.)
    context = page.context
    page.close()
    context.set_offline(False)
    assert not Rating.objects.exists()

    # A new tab of the same browser finds the queue and sends it.
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"/reviews/{review.pk}/rate/")
    expect(tab.locator("#item-4 [data-state]")).to_have_text("Saved")
    expect(tab.locator("#item-4 input[type=radio][value='2']")).to_be_checked()
    expect(tab.locator("#item-4 textarea")).to_have_value("Checked the caseload list")
    assert stored(review) == {4: (2, "Checked the caseload list", 1)}
    assert Rating.history.filter(review_id=review.pk).count() == 1
    assert errors == []


def test_a_rating_saved_elsewhere_while_offline_is_a_conflict_the_reviewer_resolves(
    page, log_in, review
):
    page.expected_errors = ("the server responded with a status of 409 (Conflict)",)
    page.set_viewport_size(WIDE)
    log_in("reviewer1")
    page.goto(f"/reviews/{review.pk}/rate/")
    page.context.set_offline(True)
    page.locator("#item-5 input[type=radio][value='2']").check()
    page.locator("#item-6 input[type=radio][value='3']").check()
    expect(page.locator("[data-offline-count]")).to_have_text("Offline: 2 unsaved")

    # Meanwhile the same reviewer rated both items on another device.
    lead = review.assignments.get(is_lead=True).reviewer
    items = {i.number: i for i in review.scale.items.filter(number__in=[5, 6])}
    rating_save(review=review, reviewer=lead, item=items[5], score=4, evidence="From the tablet")
    rating_save(review=review, reviewer=lead, item=items[6], score=1, evidence="")

    page.context.set_offline(False)
    conflict = page.locator("#item-5 [data-conflict]")
    expect(conflict).to_be_visible()
    expect(conflict.locator("[data-conflict-saved]")).to_have_text(
        "Saved: score 4; notes: From the tablet"
    )
    expect(conflict.locator("[data-conflict-mine]")).to_have_text("Yours: score 2")
    expect(page.locator("[data-offline-count]")).to_have_text("2 unsaved")
    assert stored(review) == {5: (4, "From the tablet", 1), 6: (1, "", 1)}
    SHOTS.joinpath("offline").mkdir(parents=True, exist_ok=True)
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        page.locator("#item-5").screenshot(
            path=str(SHOTS / "offline" / f"rating-conflict-{size['width']}.png")
        )
    page.set_viewport_size(WIDE)

    conflict.get_by_role("button", name="Take saved").click()
    expect(page.locator("#item-5 input[type=radio][value='4']")).to_be_checked()
    expect(page.locator("#item-5 textarea")).to_have_value("From the tablet")
    page.locator("#item-6 [data-conflict]").get_by_role("button", name="Keep mine").click()
    expect(page.locator("#item-6 [data-state]")).to_have_text("Saved")
    expect(page.locator("[data-offline-banner]")).to_be_hidden()
    assert stored(review) == {5: (4, "From the tablet", 1), 6: (3, "", 2)}


def test_a_save_whose_answer_was_lost_is_not_stored_twice_nor_taken_for_a_conflict(
    page, log_in, review
):
    page.expected_errors = (
        "net::ERR_INTERNET_DISCONNECTED",
        "the server responded with a status of 409 (Conflict)",
    )
    page.set_viewport_size(WIDE)
    log_in("reviewer1")
    page.goto(f"/reviews/{review.pk}/rate/")

    def store_then_lose_the_answer(route):
        route.fetch()  # the server stores the save...
        route.abort("internetdisconnected")  # ...and its answer never arrives

    page.route("**/rate/autosave/", store_then_lose_the_answer)
    page.locator("#item-7 input[type=radio][value='4']").check()
    expect(page.locator("[data-offline-count]")).to_have_text("Offline: 1 unsaved")
    assert stored(review) == {7: (4, "", 1)}
    page.unroute("**/rate/autosave/")

    # The reviewer changes their mind before the page learns the first save arrived.
    page.locator("#item-7 input[type=radio][value='5']").check()
    expect(page.locator("#item-7 [data-state]")).to_have_text("Saved")
    expect(page.locator("#item-7 [data-conflict]")).to_be_hidden()
    expect(page.locator("[data-offline-banner]")).to_be_hidden()
    assert stored(review) == {7: (5, "", 2)}
    assert Rating.history.filter(review_id=review.pk).count() == 2
