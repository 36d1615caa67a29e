"""The center's contact follows the action plan up through a link, without a login."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ipsweb.concurrency import EditConflict
from ipsweb.links import UNKNOWN_TOKENS_PER_HOUR
from ipsweb.tokens import hash_token
from reviews.models import ActionFollowUpLink, ActionItem, ActionUpdate
from reviews.services.follow_up import (
    MAX_LINK_DAYS,
    LinkUnavailable,
    action_update_by_link,
    follow_up_link_create,
    follow_up_link_revoke,
)
from tests.factories import reviews_in_every_state

pytestmark = pytest.mark.django_db

IN_A_MONTH = datetime.date.today() + datetime.timedelta(days=30)


@pytest.fixture
def plan(center, reviewer):
    """A final review (Table 5's C2) with two actions (item 1, and item 4 scored 2), and a review
    of the same center still being rated."""
    world = reviews_in_every_state(center, reviewer)
    final, first = world["final"], world["action"]
    second = ActionItem.objects.create(
        review=final,
        item=final.scale.items.get(number=4),
        action="Weekly employer visits",
        owner="Specialists",
        due_date=datetime.date(2025, 6, 1),
    )
    return {**world, "actions": [first, second]}


@pytest.fixture
def link(plan, reviewer):
    return follow_up_link_create(actor=reviewer, review=plan["final"], expires_on=IN_A_MONTH)


def page_url(token: str) -> str:
    return reverse("action_follow_up", args=[token])


def post(client, token, action, **fields):
    data = {"action": action.pk, "version": action.version, "status": action.status, "note": ""}
    return client.post(page_url(token), data | fields)


def test_only_the_hash_of_the_token_is_stored_and_the_link_is_shown_once(
    client_for, plan, reviewer
):
    url = reverse("reviews:follow_up_links", args=[plan["final"].pk])
    response = client_for(reviewer).post(url, {"expires_on": IN_A_MONTH.isoformat()})
    page = response.content.decode()
    token = re.search(r'value="http://testserver/a/([^/"]+)/"', page).group(1)
    assert "shown only this once" in page
    stored = ActionFollowUpLink.objects.get()
    assert stored.token_hash == hash_token(token) != token
    assert token not in client_for(reviewer).get(url).content.decode()


def test_a_new_link_withdraws_the_older_one(plan, reviewer, link):
    older, _token = link
    follow_up_link_create(actor=reviewer, review=plan["final"], expires_on=IN_A_MONTH)
    older.refresh_from_db()
    assert older.state() == ActionFollowUpLink.State.REVOKED


def test_links_are_for_the_plan_of_a_final_review_within_the_limit_of_days(plan, reviewer):
    with pytest.raises(ValidationError, match="final review"):
        follow_up_link_create(actor=reviewer, review=plan["review"], expires_on=IN_A_MONTH)
    too_late = datetime.date.today() + datetime.timedelta(days=MAX_LINK_DAYS + 1)
    with pytest.raises(ValidationError, match="days ahead"):
        follow_up_link_create(actor=reviewer, review=plan["final"], expires_on=too_late)
    assert not ActionFollowUpLink.objects.exists()


def test_the_contact_sees_the_center_name_and_the_actions_and_nothing_else(plan, link, center):
    _link, token = link
    response = Client().get(page_url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Action plan of {center.name}" in page
    assert "Weekly employer visits" in page and "Specialists" in page
    assert "Open" in page
    # Nothing of the review itself, nor any way into the rest of ipsweb.
    final = plan["final"]
    assert str(final.total) not in re.sub(r"<[^>]+>", " ", page).split()
    assert "Rationale" not in page and "Evidence" not in page
    assert "<a " not in page
    assert "Agreed after discussion" not in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_contact_sees_which_actions_are_past_their_due_date(plan, link):
    _link, token = link
    first, second = plan["actions"]  # no due date; due 1 Jun 2025, still open
    page = Client().get(page_url(token)).content.decode()
    sections = {
        action.pk: re.search(rf'id="action-{action.pk}".*?</section>', page, re.S).group(0)
        for action in (first, second)
    }
    assert "Overdue" in sections[second.pk] and "Overdue" not in sections[first.pk]
    ActionItem.objects.filter(pk=second.pk).update(status=ActionItem.Status.DONE)
    assert "Overdue" not in Client().get(page_url(token)).content.decode()


def test_the_contact_sets_a_status_with_a_dated_note(plan, link):
    _link, token = link
    action = plan["actions"][1]
    client = Client()
    response = post(client, token, action, status="in_progress", note="Two visits a week now.")
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.version) == ("in_progress", 2)
    update = ActionUpdate.objects.get()
    assert (update.status_before, update.status_after, update.note) == (
        "open",
        "in_progress",
        "Two visits a week now.",
    )
    assert update.via_link == _link and update.by is None
    assert update.at.date() == timezone.localdate()
    page = client.get(page_url(token)).content.decode()
    assert "Saved. Thank you for the update." in page
    assert "Two visits a week now." in page


def test_staff_see_the_contacts_updates_on_the_review(client_for, plan, link, manager):
    _link, token = link
    post(Client(), token, plan["actions"][1], status="done", note="Finished in May.")
    page = client_for(manager).get(reverse("reviews:detail", args=[plan["final"].pk]))
    html = page.content.decode()
    assert "Progress reported on the actions" in html
    assert "Open → Done" in html and "Finished in May." in html
    assert "The center, through its link" in html


def test_a_save_over_a_newer_version_is_refused_and_changes_nothing(
    client_for, plan, link, reviewer
):
    _link, token = link
    action = plan["actions"][1]
    seen_version = action.version
    # Staff change the action after the contact opened the page.
    client_for(reviewer).post(
        reverse("reviews:action_edit", args=[plan["final"].pk, action.pk]),
        {
            "item": action.item_id,
            "action": action.action,
            "owner": action.owner,
            "due_date": "2025-06-01",
            "status": "done",
            "version": seen_version,
        },
    )
    response = post(
        Client(), token, action, version=seen_version, status="in_progress", note="Started."
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this action" in page
    assert "Started." in page  # what they typed is kept
    assert 'name="version" value="2"' in page  # saving again is a choice made knowingly
    action.refresh_from_db()
    assert action.status == "done"
    assert not ActionUpdate.objects.exists()


def test_staff_saving_over_the_contacts_update_are_refused_too(client_for, plan, link, reviewer):
    _link, token = link
    action = plan["actions"][1]
    post(Client(), token, action, status="done", note="Done.")
    response = client_for(reviewer).post(
        reverse("reviews:action_edit", args=[plan["final"].pk, action.pk]),
        {
            "item": action.item_id,
            "action": "Changed text",
            "owner": action.owner,
            "status": "open",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this action" in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.action) == ("done", "Weekly employer visits")


def test_an_action_of_another_plan_cannot_be_changed_through_the_link(plan, link):
    _link, token = link
    other = ActionItem.objects.create(
        review=plan["review"], item=plan["item"], action="Other plan", owner="Team"
    )
    response = post(Client(), token, other, status="done", note="x")
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.status == "open"
    with pytest.raises(ValidationError):
        action_update_by_link(
            link=_link, action_item=other, status="done", note="", expected_version=1
        )


def test_nothing_to_save_is_said_so(plan, link):
    _link, token = link
    response = post(Client(), token, plan["actions"][0])
    assert "nothing to save" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_an_unknown_token_answers_404(plan):
    response = Client().get(page_url("not-a-token"))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert Client().get(page_url("x" * 500)).status_code == 404


def test_a_withdrawn_or_expired_link_answers_410(plan, link):
    _link, token = link
    follow_up_link_revoke(link=_link)
    response = Client().get(page_url(token))
    assert response.status_code == 410
    assert "This link was withdrawn" in response.content.decode()
    _second, token = follow_up_link_create(
        actor=_link.created_by, review=plan["final"], expires_on=IN_A_MONTH
    )
    ActionFollowUpLink.objects.filter(pk=_second.pk).update(expires_at=timezone.now())
    assert Client().get(page_url(token)).status_code == 410


def test_a_save_after_the_link_was_withdrawn_answers_410_and_changes_nothing(plan, link):
    _link, token = link
    client = Client()
    client.get(page_url(token))
    follow_up_link_revoke(link=_link)
    response = post(client, token, plan["actions"][1], status="done")
    assert response.status_code == 410
    with pytest.raises(LinkUnavailable):
        action_update_by_link(
            link=_link,
            action_item=plan["actions"][1],
            status="done",
            note="",
            expected_version=1,
        )
    assert ActionItem.objects.get(pk=plan["actions"][1].pk).status == "open"


def test_repeated_unknown_tokens_from_one_address_are_refused_with_429(plan, link):
    _link, token = link
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(UNKNOWN_TOKENS_PER_HOUR):
        assert attacker.get(page_url(f"guess-{attempt}")).status_code == 404
    response = attacker.get(page_url("guess-again"))
    assert response.status_code == 429
    assert "Too many links that do not work" in response.content.decode()
    # Other addresses are not affected, nor is a real link.
    assert Client(REMOTE_ADDR="198.51.100.7").get(page_url("guess")).status_code == 404
    assert attacker.get(page_url(token)).status_code == 200


def test_making_a_link_needs_access_to_the_review(client_for, plan, outsider):
    url = reverse("reviews:follow_up_links", args=[plan["final"].pk])
    response = client_for(outsider).post(url, {"expires_on": IN_A_MONTH.isoformat()})
    assert response.status_code == 404
    assert not ActionFollowUpLink.objects.exists()


def test_staff_withdraw_a_link(client_for, plan, link, manager):
    _link, token = link
    url = reverse("reviews:follow_up_link_revoke", args=[plan["final"].pk, _link.pk])
    assert client_for(manager).post(url).status_code == 302
    assert Client().get(page_url(token)).status_code == 410


def test_an_edit_conflict_names_the_stored_status(plan, link):
    _link, _token = link
    action = plan["actions"][1]
    action_update_by_link(
        link=_link, action_item=action, status="done", note="", expected_version=1
    )
    with pytest.raises(EditConflict) as conflict:
        action_update_by_link(
            link=_link, action_item=action, status="open", note="", expected_version=1
        )
    assert conflict.value.current == {"Status": "Done"}
    assert conflict.value.version == 2
