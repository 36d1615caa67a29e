"""Versioned ratings: a save based on an older version is refused, never an overwrite, and a save
repeated after its answer was lost is stored once."""

import json

import pytest
from django.urls import reverse

from ipsweb.concurrency import EditConflict
from reviews.models import Rating
from reviews.services import ratings
from tests.factories import ips25

pytestmark = pytest.mark.django_db


def item(number: int):
    return ips25().items.get(number=number)


def save(review, reviewer, number, score, evidence="", version=None):
    return ratings.rating_save(
        review=review,
        reviewer=reviewer,
        item=item(number),
        score=score,
        evidence=evidence,
        expected_version=version,
    )


def stored(review, reviewer, number) -> tuple:
    rating = Rating.objects.get(review=review, reviewer=reviewer, item__number=number)
    return rating.score, rating.evidence, rating.version


def test_a_first_save_is_version_one_and_each_change_raises_the_version(review, reviewer):
    assert save(review, reviewer, 1, 3, version=0).version == 1
    assert save(review, reviewer, 1, 4, version=1).version == 2
    assert save(review, reviewer, 1, 4, "Seen", version=2).version == 3
    assert stored(review, reviewer, 1) == (4, "Seen", 3)
    assert Rating.history.filter(review_id=review.pk).count() == 3


def test_a_save_based_on_an_older_version_is_refused_with_the_stored_rating(review, reviewer):
    save(review, reviewer, 2, 3, "first tab", version=0)
    save(review, reviewer, 2, 5, "second tab", version=1)
    with pytest.raises(EditConflict) as raised:
        save(review, reviewer, 2, 1, "first tab again", version=1)
    assert raised.value.current == {"score": 5, "evidence": "second tab"}
    assert raised.value.version == 2
    assert "Item 2 was saved from another page or device" in raised.value.messages[0]
    assert stored(review, reviewer, 2) == (5, "second tab", 2)


def test_a_first_save_of_an_item_someone_saved_meanwhile_is_a_conflict(review, reviewer):
    save(review, reviewer, 3, 2, version=0)
    with pytest.raises(EditConflict):
        save(review, reviewer, 3, 4, version=0)
    assert stored(review, reviewer, 3) == (2, "", 1)


def test_a_save_repeated_after_its_answer_was_lost_is_stored_once(review, reviewer):
    save(review, reviewer, 4, 3, "note", version=0)
    again = save(review, reviewer, 4, 3, "note", version=0)
    assert again.version == 1
    save(review, reviewer, 4, 5, "note", version=1)
    assert save(review, reviewer, 4, 5, "note", version=1).version == 2
    assert stored(review, reviewer, 4) == (5, "note", 2)
    assert Rating.history.filter(review_id=review.pk, item__number=4).count() == 2


def test_a_whole_page_save_raises_the_version_of_the_items_it_changes(review, reviewer):
    save(review, reviewer, 5, 3, version=0)
    ratings.rating_sheet_save(
        review=review,
        reviewer=reviewer,
        entries={item(5).pk: (4, ""), item(6).pk: (2, ""), item(7).pk: (None, "")},
    )
    assert stored(review, reviewer, 5) == (4, "", 2)
    assert stored(review, reviewer, 6) == (2, "", 1)
    assert not Rating.objects.filter(item__number=7).exists()


def autosave(client, review, payload):
    return client.post(
        reverse("reviews:autosave", args=[review.pk]),
        json.dumps(payload),
        content_type="application/json",
    )


def test_the_autosave_answers_409_with_the_stored_value_and_version(client_for, review, reviewer):
    client = client_for(reviewer)
    pk = item(6).pk
    assert autosave(client, review, {"item": pk, "score": 3, "version": 0}).json()["version"] == 1
    assert autosave(client, review, {"item": pk, "score": 4, "version": 1}).status_code == 200
    response = autosave(client, review, {"item": pk, "score": 1, "evidence": "x", "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["saved"] is False and body["conflict"] is True
    assert (body["item"], body["score"], body["evidence"], body["version"]) == (pk, 4, "", 2)
    assert stored(review, reviewer, 6) == (4, "", 2)


def test_the_autosave_answers_a_repeated_save_with_the_stored_version(client_for, review, reviewer):
    client = client_for(reviewer)
    payload = {"item": item(8).pk, "score": 2, "evidence": "Seen", "version": 0}
    first = autosave(client, review, payload).json()
    again = autosave(client, review, payload)
    assert again.status_code == 200
    assert (first["version"], again.json()["version"]) == (1, 1)
    assert Rating.history.filter(review_id=review.pk).count() == 1


@pytest.mark.parametrize("version", [-1, "1", True, 2**40])
def test_the_autosave_refuses_a_version_that_is_not_a_count(client_for, review, reviewer, version):
    payload = {"item": item(1).pk, "score": 3, "version": version}
    response = autosave(client_for(reviewer), review, payload)
    assert response.status_code == 400
    assert response.json()["error"].startswith("version: ")
    assert not Rating.objects.exists()


def test_the_autosave_refuses_a_version_never_stored(client_for, review, reviewer):
    payload = {"item": item(1).pk, "score": 3, "version": 4}
    response = autosave(client_for(reviewer), review, payload)
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_a_whole_page_saved_from_a_stale_page_is_refused_then_saved_again_on_purpose(
    client_for, review, reviewer
):
    save(review, reviewer, 7, 3, "first", version=0)
    client = client_for(reviewer)
    url = reverse("reviews:rate", args=[review.pk])
    page_data = {
        f"score_{item(7).pk}": "5",
        f"evidence_{item(7).pk}": "from the old page",
        f"version_{item(7).pk}": "1",
        f"score_{item(8).pk}": "2",
        f"evidence_{item(8).pk}": "",
        f"version_{item(8).pk}": "0",
    }
    save(review, reviewer, 7, 4, "other tab", version=1)
    refused = client.post(url, page_data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Nothing was saved: some items were saved from another page" in html
    assert "item 7: score 4" in html
    assert f'name="version_{item(7).pk}" value="2"' in html
    assert stored(review, reviewer, 7) == (4, "other tab", 2)
    assert not Rating.objects.filter(item__number=8).exists()

    page_data[f"version_{item(7).pk}"] = "2"
    assert client.post(url, page_data).status_code == 302
    assert stored(review, reviewer, 7) == (5, "from the old page", 3)
    assert stored(review, reviewer, 8) == (2, "", 1)
