"""The rating page (plain form submit) and its JSON autosave endpoint."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Rating, Review
from reviews.services.scales import scale_new_draft
from tests.factories import agree, force_login, ips25, rate
from tests.reviews.conftest import C1, CONFIRMED

pytestmark = pytest.mark.django_db


def item_pk(number: int) -> int:
    return ips25().items.get(number=number).pk


def autosave(client, review, payload, **extra):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(
        reverse("reviews:autosave", args=[review.pk]),
        body,
        content_type="application/json",
        **extra,
    )


def sheet_data(scores: dict[int, int | None], evidence: str = "") -> dict:
    data = {}
    for number, score in scores.items():
        data[f"score_{item_pk(number)}"] = "" if score is None else str(score)
        data[f"evidence_{item_pk(number)}"] = evidence
    return data


def test_the_rating_page_shows_every_item_with_anchors_data_sources_and_progress(
    client_for, review, reviewer
):
    rate(review, reviewer, C1[:17] + [None] * 8, complete=False)
    page = client_for(reviewer).get(reverse("reviews:rate", args=[review.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="card mb-3 rating-item"') == 25
    assert "Every specialist serves at most 20 participants." in html
    assert (
        '<abbr class="badge text-bg-light border" title="MIS: management information system">'
        in html
    )
    assert "17</span> of <span data-total>25</span> rated" in html
    assert 'data-autosave-url="' + reverse("reviews:autosave", args=[review.pk]) in html
    assert "js/rating.js" in html


def test_the_page_saves_every_item_with_a_plain_form_submit(client_for, review, reviewer):
    data = sheet_data({n: 4 for n in range(1, 26)}, evidence="From interviews")
    response = client_for(reviewer).post(reverse("reviews:rate", args=[review.pk]), data)
    assert response.status_code == 302
    assert Rating.objects.filter(review=review, reviewer=reviewer, score=4).count() == 25
    assert Rating.objects.filter(evidence="From interviews").count() == 25


def test_marking_complete_with_items_missing_saves_the_scores_and_links_each_unrated_item(
    client_for, review, reviewer
):
    data = sheet_data({1: 5, 2: 4}, evidence="Typed notes")
    data["complete"] = "1"
    response = client_for(reviewer).post(
        reverse("reviews:rate", args=[review.pk]), data, follow=True
    )
    html = response.content.decode()
    assert "23 items have no score" in html
    rate_url = reverse("reviews:rate", args=[review.pk]) + "?missing=1"
    assert f'href="{rate_url}#item-3">3. ' in html
    assert f'href="{rate_url}#item-25">25. ' in html
    assert f'href="{rate_url}#item-2">' not in html
    highlighted = client_for(reviewer).get(rate_url).content.decode()
    assert highlighted.count("Not rated yet: give a score") == 23
    assert highlighted.count("item-index-link unrated missing") == 23
    # No green "saved" beside the red refusal.
    assert "Your ratings were saved." not in html
    assert "alert-success" not in html
    assert (
        Rating.objects.filter(review=review, reviewer=reviewer, evidence="Typed notes").count() == 2
    )
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is None
    # A confirmation posted anyway (an old tab) completes nothing.
    client_for(reviewer).post(reverse("reviews:rate_complete", args=[review.pk]), CONFIRMED)
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is None


def test_a_page_with_an_item_that_cannot_be_saved_saves_nothing_and_keeps_the_input(
    client_for, in_consensus, reviewer
):
    data = sheet_data({1: 1}, evidence="Typed notes")
    response = client_for(reviewer).post(reverse("reviews:rate", args=[in_consensus.pk]), data)
    assert "Rating is closed" in response.content.decode()
    assert Rating.objects.get(reviewer=reviewer, item__number=1).score == 5


def test_marking_complete_with_every_item_rated_opens_the_other_ratings(
    client_for, review, reviewer
):
    data = sheet_data({n: 3 for n in range(1, 26)})
    data["complete"] = "1"
    response = client_for(reviewer).post(
        reverse("reviews:rate", args=[review.pk]), data, follow=True
    )
    asked = response.content.decode()
    assert "Mark your rating complete?" in asked
    assert "cannot be changed" in asked
    assert "This cannot be undone, by you or by an admin" in asked
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is None
    response = client_for(reviewer).post(
        reverse("reviews:rate_complete", args=[review.pk]), CONFIRMED, follow=True
    )
    assert "Your rating is complete" in response.content.decode()
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is not None
    page = client_for(reviewer).get(reverse("reviews:rate", args=[review.pk]))
    assert page.context["editable"] is False
    assert "data-autosave-url" not in page.content.decode()


def test_a_score_outside_the_choices_on_the_page_is_an_error_and_saves_nothing(
    client_for, review, reviewer
):
    data = sheet_data({1: 4})
    data[f"score_{item_pk(1)}"] = "9"
    response = client_for(reviewer).post(reverse("reviews:rate", args=[review.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Rating.objects.exists()


def test_autosave_stores_one_item_and_answers_with_the_progress(client_for, review, reviewer):
    response = autosave(
        client_for(reviewer), review, {"item": item_pk(3), "score": 4, "evidence": "Seen"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "saved": True,
        "item": item_pk(3),
        "score": 4,
        "version": 1,
        "rated": 1,
        "total": 25,
    }
    rating = Rating.objects.get()
    assert (rating.item.number, rating.score, rating.evidence) == (3, 4, "Seen")
    review.refresh_from_db()
    assert review.status == Review.Status.RATING


def test_an_autosave_changes_one_rating_in_as_many_queries_however_many_items_are_rated(
    client_for, review, reviewer
):
    client = client_for(reviewer)
    autosave(client, review, {"item": item_pk(3), "score": 2})
    with CaptureQueriesContext(connection) as with_one_rated:
        autosave(client, review, {"item": item_pk(3), "score": 4, "evidence": "Seen"})
    for number in range(1, 26):
        if number != 3:
            autosave(client, review, {"item": item_pk(number), "score": 3})
    with CaptureQueriesContext(connection) as with_all_rated:
        response = autosave(client, review, {"item": item_pk(3), "score": 5, "evidence": "Seen"})
    assert response.json()["rated"] == 25
    assert Rating.objects.get(item__number=3).score == 5
    assert Rating.history.filter(item__number=3).count() == 3
    assert len(with_all_rated) == len(with_one_rated)
    # The progress it answers with is counted once, not reloaded.
    assert sum("COUNT(" in q["sql"] for q in with_all_rated) == 1


def test_autosave_can_store_evidence_before_a_score(client_for, review, reviewer):
    response = autosave(
        client_for(reviewer), review, {"item": item_pk(3), "score": None, "evidence": "Notes"}
    )
    assert response.json()["rated"] == 0
    assert Rating.objects.get().evidence == "Notes"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "item: This field is required."),
        ({"item": "three", "score": 3}, "item: Enter a whole number."),
        ({"item": 1, "score": "5"}, "score: This value has the wrong type."),
        ({"item": 1, "score": True}, "score: Enter a whole number."),
        ({"item": 1, "score": 3, "evidence": ["a"]}, "evidence: This value has the wrong type."),
        ({"item": 1, "score": 3, "evidence": "x" * 10_001}, "evidence: Ensure this value"),
        ({"item": 10**12, "score": 3}, "not part of the review's scale"),
    ],
)
def test_autosave_answers_bad_input_with_400_and_a_message(
    client_for, review, reviewer, payload, message
):
    response = autosave(client_for(reviewer), review, payload)
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert message in response.json()["error"]
    assert not Rating.objects.exists()


def test_autosave_refuses_a_score_outside_the_scales_range(client_for, review, reviewer):
    response = autosave(client_for(reviewer), review, {"item": item_pk(1), "score": 7})
    assert response.status_code == 400
    assert response.json()["error"] == "Item 1: a score must be from 1 to 5."
    assert not Rating.objects.exists()


def test_autosave_refuses_an_item_of_another_scale(client_for, review, reviewer):
    other = scale_new_draft(scale=ips25()).items.get(number=1)
    response = autosave(client_for(reviewer), review, {"item": other.pk, "score": 3})
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_autosave_refuses_changes_to_a_final_review(client_for, in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    client_for(reviewer).post(reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED)
    response = autosave(client_for(reviewer), in_consensus, {"item": item_pk(1), "score": 1})
    assert response.status_code == 400
    assert "Rating is closed" in response.json()["error"]
    assert Rating.objects.get(reviewer=reviewer, item__number=1).score == 5


def test_autosave_by_a_reviewer_of_the_center_who_is_not_assigned_is_forbidden(
    client_for, review, bystander
):
    response = autosave(client_for(bystander), review, {"item": item_pk(1), "score": 3})
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_autosave_needs_the_csrf_token_in_the_header(review, reviewer):
    client = Client(enforce_csrf_checks=True)
    force_login(client, reviewer)
    payload = {"item": item_pk(1), "score": 3}
    assert autosave(client, review, payload).status_code == 403
    client.get(reverse("reviews:rate", args=[review.pk]))
    token = client.cookies["csrftoken"].value
    assert autosave(client, review, payload, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_autosave_only_answers_post(client_for, review, reviewer):
    response = client_for(reviewer).get(reverse("reviews:autosave", args=[review.pk]))
    assert response.status_code == 405
