"""The center's contact updates its action plan through a link; the reviewer sees the new status
beside the previous recommendation on the next review's rating page."""

import datetime

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from reviews.demo import TABLE_5
from reviews.models import ActionItem, ActionUpdate, ConsensusScore, Review
from tests.browser.screens import PHONE, SHOTS, WIDE, shoot
from tests.factories import ReviewFactory, UserFactory, final_review, stored_final_review

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

C1 = TABLE_5["C1"]  # item 17 scored 1


@pytest.fixture
def phone(browser, live_server):
    """A separate, logged-out phone-sized browser: what the center's contact has."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    assert not errors, errors


def test_the_contact_updates_an_action_and_the_reviewer_sees_it_on_the_next_review(
    page, phone, log_in, reviewer, center
):
    colleague = UserFactory(role=Role.REVIEWER)
    previous = final_review(
        center, [reviewer, colleague], C1, visit_start=datetime.date(2024, 3, 4)
    )
    ConsensusScore.objects.filter(review=previous, item__number=17).update(
        recommendation="Log employer contacts every week."
    )
    action = ActionItem.objects.create(
        review=previous,
        item=previous.scale.items.get(number=17),
        action="Two employer visits a week per specialist",
        owner="Team leader",
        due_date=datetime.date(2024, 9, 1),
    )
    following = ReviewFactory(center=center, reviewers=[reviewer, colleague])

    page.set_viewport_size(WIDE)
    log_in(reviewer.username)
    page.goto(f"/reviews/{previous.pk}/")
    page.get_by_role("link", name="Send the center a follow-up link").click()
    shoot(page, "follow-up", "links")
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_role("heading", name="The link is ready")).to_be_visible()
    shoot(page, "follow-up", "link-created")
    url = page.get_by_label(f"Link to the action plan for {center.name}").input_value()

    phone.goto(url)
    expect(phone.get_by_role("heading", name=f"Action plan of {center.name}")).to_be_visible()
    expect(phone.get_by_role("navigation")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card = phone.locator(f"#action-{action.pk}")
    card.get_by_label("Status").select_option("in_progress")
    card.get_by_label("Progress note").fill("Visits logged weekly since May.")
    shoot(phone, "follow-up", "contact")
    card.get_by_role("button", name="Save this action").click()
    expect(phone.get_by_text("Saved. Thank you for the update.")).to_be_visible()
    expect(phone.locator(f"#action-{action.pk} [data-status]")).to_have_text("In progress")
    expect(phone.get_by_text("Open → In progress: Visits logged weekly since May.")).to_be_visible()
    shoot(phone, "follow-up", "contact-saved")
    assert ActionUpdate.objects.get().note == "Visits logged weekly since May."

    page.goto(f"/reviews/{following.pk}/rate/")
    item = page.locator("#item-17")
    previous_note = item.get_by_test_id("item-previous")
    expect(previous_note).to_contain_text("consensus score 1")
    previous_note.locator("summary").click()
    expect(previous_note).to_contain_text("Log employer contacts every week.")
    expect(previous_note).to_contain_text("In progress")
    expect(previous_note).to_contain_text("Two employer visits a week per specialist")
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        item.screenshot(path=str(SHOTS / "follow-up" / f"rating-item-17-{size['width']}.png"))

    page.set_viewport_size(WIDE)
    page.goto(f"/reviews/{previous.pk}/")
    expect(page.get_by_test_id("action-updates")).to_contain_text("Visits logged weekly")
    shoot(page, "follow-up", "review-updates")


def test_self_assessment_pages_fit_a_phone_and_a_wide_screen(page, log_in, admin, center):
    """Screens of the self-assessment beside the external review, at both widths."""
    scores = list(C1)
    scores[16], scores[4] = 3, 4  # items 17 and 5 two points higher
    stored_final_review(center, C1, by=admin, visit_start=datetime.date(2025, 3, 3))
    own = stored_final_review(center, scores, by=admin, visit_start=datetime.date(2025, 2, 3))
    Review.objects.filter(pk=own.pk).update(kind=Review.Kind.SELF)
    log_in(admin.username)
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        page.goto(f"/reviews/{own.pk}/")
        expect(page.get_by_test_id("self-assessment")).to_contain_text("self higher")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        shoot(page, "self-assessment", "review")
        page.goto("/dashboards/self-assessments/")
        expect(page.locator("#self-assessment-centers")).to_contain_text("+4")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        shoot(page, "self-assessment", "dashboard")
