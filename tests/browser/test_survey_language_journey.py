"""A participant opens a Norwegian self-completion link, switches to English and back on the page,
and answers: the link still works, and the answers are stored as codes."""

import pytest
from playwright.sync_api import expect

from participants.models import FollowUpSurvey, StatementAnswer
from tests.browser.screens import shoot
from tests.browser.test_self_completion_journey import phone  # noqa: F401 (fixture)
from tests.factories import ParticipantFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_norwegian_link_opens_in_norwegian_and_the_participant_switches_language_on_the_page(
    page,
    phone,  # noqa: F811
    log_in,
    manager,
    center,
):
    participant = ParticipantFactory(center=center, consent_recorded_by=manager)
    log_in(manager.username)
    page.goto(f"/participants/{participant.pk}/links/new/")
    page.locator('select[name="language"]').select_option("nb")
    page.get_by_role("button", name="Create link").click()
    url = page.get_by_label(f"Link for {participant.study_code}").input_value()

    phone.goto(url)
    expect(phone.get_by_role("group", name="Sykdommen min var et hinder")).to_be_visible()
    shoot(phone, "nb", "survey")  # docs/nb-survey-390.png is a copy
    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("group", name="My illness was a barrier")).to_be_visible()
    assert phone.url.startswith(url) and phone.url.endswith("?language=en")
    phone.get_by_role("button", name="Norsk (bokmål)").click()
    barrier = phone.get_by_role("group", name="Sykdommen min var et hinder")
    # By value: the labels are Norwegian once the translations are in.
    barrier.locator('input[value="True"]').check()
    phone.locator('input[name="usefulness"][value="5"]').check()
    send = phone.locator('form[method="post"] button[type="submit"]')
    send.click()
    phone.locator('input[name="confirm_sparse"]').check()
    send.click()
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert follow_up.usefulness == 5
    answer = StatementAnswer.objects.get(
        follow_up=follow_up, statement__text="My illness was a barrier"
    )
    assert answer.agrees is True
