import pytest
from playwright.sync_api import expect

from participants.models import FollowUpSurvey
from tests.factories import FollowUpFactory, ParticipantFactory

# serialized_rollback, as in every browser test: each test gets back the rows the migrations made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A separate, logged-out phone-sized browser: what a participant has."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    # Only the deliberate 410 for the used link may appear as a failed resource.
    assert all("status of 410" in error for error in errors), errors


def test_a_participant_completes_the_follow_up_on_a_phone_and_the_link_then_refuses(
    page, phone, log_in, manager, center
):
    participant = ParticipantFactory(center=center, consent_recorded_by=manager)
    log_in(manager.username)
    page.goto(f"/participants/{participant.pk}/")
    page.get_by_role("link", name="Create a self-completion link").click()
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_role("heading", name="The link is ready")).to_be_visible()
    url = page.get_by_label(f"Link for {participant.study_code}").input_value()

    phone.goto(url)
    expect(phone.get_by_role("heading", name="Your experience with IPS")).to_be_visible()
    expect(phone.get_by_text(participant.study_code)).to_have_count(0)
    expect(phone.get_by_role("navigation")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    statement = phone.get_by_role("group", name="Knowing that the IPS specialist was available")
    statement.get_by_label("Yes", exact=True).check()
    phone.get_by_role("group", name="My illness was a barrier").get_by_label(
        "No", exact=True
    ).check()
    phone.get_by_label("Anything else that helped you? (optional)").fill("Quick answers")
    phone.get_by_role("group", name="How useful has it been").get_by_label(
        "Very useful", exact=True
    ).check()
    phone.get_by_role("button", name="Send my answers").click()
    # Three answers of many: the page asks before sending so few, keeping what was answered.
    expect(phone.get_by_text("Only 3 of the 15 questions are answered.")).to_be_visible()
    phone.get_by_label("Save with only these answers").check()
    phone.get_by_role("button", name="Send my answers").click()

    expect(phone.get_by_role("heading", name="Thank you, your answers were saved")).to_be_visible()
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert follow_up.channel == FollowUpSurvey.Channel.SELF
    assert (follow_up.usefulness, follow_up.facilitator_comment) == (5, "Quick answers")

    response = phone.goto(url)
    assert response.status == 410
    expect(phone.get_by_role("heading", name="This link has already been used")).to_be_visible()

    page.goto(f"/participants/{participant.pk}/")
    expect(page.get_by_text("Self-completed by link")).to_be_visible()


def test_a_manager_sees_the_dashboard_charts_without_errors(page, log_in, manager, center):
    # One "not very useful" is hidden, and so is the smallest other count (four "very useful").
    for usefulness in [5, 5, 5, 5, 4, 4, 4, 4, 4, 2]:
        FollowUpFactory(participant=ParticipantFactory(center=center), usefulness=usefulness)
    log_in(manager.username)
    page.goto("/participants/dashboard/")
    expect(page.get_by_role("heading", name="Survey dashboard")).to_be_visible()
    expect(page.get_by_text("To protect small groups")).to_be_visible()
    canvas = page.locator('canvas[data-chart="chart-usefulness"]')
    expect(canvas).to_be_visible()
    assert page.evaluate(
        "Chart.getChart(document.querySelector('[data-chart=chart-usefulness]'))"
        ".data.datasets[0].data"
    ) == [0, None, 0, 50, None]
