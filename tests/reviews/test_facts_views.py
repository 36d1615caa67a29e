"""The facts of a review: the reviewers' facts page, the center's data request link (/d/<token>/)
and the suggested scores on the rating page."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import DataRequest, Rating, ReviewFact, ScaleItem
from reviews.services.facts import data_request_create
from reviews.services.scales import scale_new_draft
from tests.factories import final_review, ips25, rate
from tests.reviews.conftest import C1, CONFIRMED

pytestmark = pytest.mark.django_db
CASELOAD = {"participants": "45", "specialists": "2"}  # 22.5 per specialist: suggests 4


def facts_url(review):
    return reverse("reviews:facts", args=[review.pk])


def stored(review) -> dict:
    return {f.key: (f.value, f.source) for f in ReviewFact.objects.filter(review=review)}


def make_link(review, by, days=7) -> tuple[DataRequest, str]:
    return data_request_create(
        review=review, actor=by, expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )


def link_in(response) -> str:
    return re.search(r'id="link-url" type="text" value="([^"]+)"', response.content.decode())[1]


# --- the reviewers' facts page -------------------------------------------------------------


def test_a_reviewer_of_the_review_sees_every_fact_of_its_scale(client_for, review, reviewer):
    response = client_for(reviewer).get(facts_url(review))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Employment specialists (full-time equivalents)" in page
    assert page.count('inputmode="decimal"') == len(ips25().facts)


def test_the_facts_page_is_for_the_reviewers_and_admins_only(
    client_for, review, admin, manager, outsider, bystander
):
    assert client_for(admin).get(facts_url(review)).status_code == 200
    assert client_for(manager).get(facts_url(review)).status_code == 403
    assert client_for(outsider).get(facts_url(review)).status_code == 404


def test_a_reviewer_saves_facts_and_the_rating_page_suggests_a_score(client_for, review, reviewer):
    client = client_for(reviewer)
    response = client.post(facts_url(review), CASELOAD)
    assert response.status_code == 302
    assert stored(review) == {
        "participants": (45, ReviewFact.Source.REVIEWER),
        "specialists": (2, ReviewFact.Source.REVIEWER),
    }
    page = client.get(reverse("reviews:rate", args=[review.pk])).content.decode()
    assert re.search(r"data-suggested-score>4<", page)
    assert "Participants on the employment specialists&#x27; caseloads per Employment" in page
    assert "20 or less: 5; 25 or less: 4; 30 or less: 3; 40 or less: 2; otherwise: 1." in page
    assert "22.5" in page


def test_clearing_a_fact_removes_it(client_for, review, reviewer):
    client = client_for(reviewer)
    client.post(facts_url(review), CASELOAD)
    client.post(facts_url(review), {"participants": "", "specialists": "2"})
    assert set(stored(review)) == {"specialists"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("participants", "-1"),
        ("participants", "many"),
        ("participants", "12.5"),  # a count is whole
        ("participants", "1e999"),
        ("participants", "NaN"),
        ("participants", "99999999999999999999"),
        ("employment_time_percent", "100.5"),
        ("days_to_first_contact", "3651"),
        ("specialists", "2.555"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_and_nothing_changes(
    client_for, review, reviewer, field, value
):
    client = client_for(reviewer)
    client.post(facts_url(review), CASELOAD)
    before = stored(review)
    response = client.post(facts_url(review), {**CASELOAD, field: value})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert stored(review) == before


def test_a_final_review_shows_its_facts_read_only(client_for, center, reviewer, colleague):
    final = final_review(center, [reviewer, colleague], C1)
    ReviewFact.objects.create(review=final, key="participants", value=30, source="data_request")
    response = client_for(reviewer).post(facts_url(final), CASELOAD)
    assert response.status_code == 200
    assert 'id="facts-form"' not in response.content.decode()
    assert stored(final) == {"participants": (30, "data_request")}


# --- making and withdrawing the link -------------------------------------------------------


def test_the_link_is_shown_once_and_only_its_hash_is_stored(client_for, review, reviewer):
    client = client_for(reviewer)
    response = client.post(
        reverse("reviews:data_request_create", args=[review.pk]),
        {"expires_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat()},
    )
    assert response.status_code == 200
    url = link_in(response)
    token = url.rstrip("/").rsplit("/", 1)[1]
    request = DataRequest.objects.get(review=review)
    assert token not in request.token_hash and len(request.token_hash) == 64
    assert request.created_by == reviewer
    again = client.get(facts_url(review)).content.decode()
    assert token not in again and "Open" in again


def test_a_link_cannot_outlive_ninety_days_nor_start_in_the_past(client_for, review, reviewer):
    client = client_for(reviewer)
    for days in (91, -1):
        day = timezone.localdate() + datetime.timedelta(days=days)
        response = client.post(
            reverse("reviews:data_request_create", args=[review.pk]), {"expires_on": day}
        )
        assert 'id="link-url"' not in response.content.decode()
        assert "Choose a day from today to 90 days ahead." in response.content.decode()
    assert not DataRequest.objects.exists()


def test_a_new_link_withdraws_the_old_one(client, review, reviewer):
    _first, old = make_link(review, reviewer)
    _second, new = make_link(review, reviewer)
    assert client.get(f"/d/{old}/").status_code == 410
    assert client.get(f"/d/{new}/").status_code == 200


def test_a_withdrawn_link_answers_410_with_a_clear_page(client, client_for, review, reviewer):
    _request, token = make_link(review, reviewer)
    client_for(reviewer).post(reverse("reviews:data_request_revoke", args=[review.pk]))
    response = client.get(f"/d/{token}/")
    assert response.status_code == 410
    assert "This link was withdrawn" in response.content.decode()


def test_withdrawing_without_a_link_says_so(client_for, review, reviewer):
    response = client_for(reviewer).post(
        reverse("reviews:data_request_revoke", args=[review.pk]), follow=True
    )
    assert "This review has no data request link." in response.content.decode()


# --- the team leader's page ----------------------------------------------------------------


def test_the_link_shows_only_the_center_the_visit_and_the_facts(client, review, reviewer):
    _request, token = make_link(review, reviewer)
    response = client.get(f"/d/{token}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert review.center.name in page
    assert 'data-testid="visit-dates"' in page
    assert reviewer.username not in page and "<nav" not in page
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_team_leader_saves_a_draft_then_submits_and_the_page_turns_read_only(
    client, client_for, review, reviewer
):
    request, token = make_link(review, reviewer)
    response = client.post(f"/d/{token}/", {**CASELOAD, "draft": "1"})
    assert response.status_code == 302
    assert stored(review)["participants"] == (45, ReviewFact.Source.DATA_REQUEST)
    assert "Your draft was saved." in client.get(response["Location"]).content.decode()
    client.post(f"/d/{token}/", {**CASELOAD, "jobs_held": "10", "submit": "1"})
    request.refresh_from_db()
    assert request.submitted_at is not None
    page = client.get(f"/d/{token}/").content.decode()
    assert 'data-testid="submitted"' in page and '<form method="post" novalidate>' not in page
    # After submitting, a post changes nothing.
    client.post(f"/d/{token}/", {"participants": "999", "submit": "1"})
    assert stored(review)["participants"][0] == 45
    # The reviewers see the status and can reopen it for the center.
    assert "Submitted" in client_for(reviewer).get(facts_url(review)).content.decode()
    client_for(reviewer).post(reverse("reviews:data_request_reopen", args=[review.pk]))
    client.post(f"/d/{token}/", {"participants": "40", "specialists": "2", "draft": "1"})
    assert stored(review)["participants"][0] == 40


def test_bad_values_from_the_link_change_nothing(client, review, reviewer):
    _request, token = make_link(review, reviewer)
    client.post(f"/d/{token}/", {**CASELOAD, "draft": "1"})
    for value in ("-5", "abc", "1" * 40, "150"):
        response = client.post(
            f"/d/{token}/", {**CASELOAD, "community_time_percent": value, "submit": "1"}
        )
        assert response.status_code == 200
        assert "Nothing was changed." in response.content.decode()
    assert "community_time_percent" not in stored(review)
    assert DataRequest.objects.get(review=review).submitted_at is None


def test_an_expired_link_answers_410(client, review, reviewer):
    request, token = make_link(review, reviewer)
    DataRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    response = client.get(f"/d/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_link_of_a_review_that_became_final_answers_410(client, review, reviewer, colleague):
    _request, token = make_link(review, reviewer)
    review.status = "final"
    review.total, review.finalized_at = 100, timezone.now()
    review.save()
    assert client.get(f"/d/{token}/").status_code == 410


@pytest.mark.parametrize("token", ["nope", "x" * 65, "%00", "' OR 1=1 --"])
def test_a_bad_token_answers_404(client, token):
    response = client.get(f"/d/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_repeated_bad_tokens_from_one_address_are_refused_with_429(client, review, reviewer):
    for n in range(20):
        assert client.get(f"/d/wrong{n}/").status_code == 404
    response = client.get("/d/wrong-again/")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    # A good link still opens: its token cannot be guessed, so it is never throttled.
    _request, token = make_link(review, reviewer)
    assert client.get(f"/d/{token}/").status_code == 200


# --- suggestions and the rating page -------------------------------------------------------


def rating_of(review, reviewer, number):
    return Rating.objects.get(review=review, reviewer=reviewer, item__number=number)


def test_a_score_differing_from_the_suggestion_needs_a_note_to_complete(
    client_for, review, reviewer
):
    client = client_for(reviewer)
    client.post(facts_url(review), CASELOAD)  # suggests 4 for item 1
    rate(review, reviewer, C1, complete=False)  # C1 scores item 1 with 5
    Rating.objects.filter(review=review, reviewer=reviewer, item__number=1).update(evidence="")
    page = client.get(reverse("reviews:rate", args=[review.pk])).content.decode()
    differs = page[page.index('data-testid="suggestion-1"') :]
    assert re.search(r"data-differs>", differs[:4000])  # shown, not hidden
    response = client.post(reverse("reviews:rate_complete", args=[review.pk]), CONFIRMED)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="differing-items"' in page and "1. Caseload size" in page
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is None
    # With a note saying why, the rating completes.
    Rating.objects.filter(review=review, reviewer=reviewer, item__number=1).update(
        evidence="Two specialists are part-time; the team counts 18 per full-time post."
    )
    response = client.post(reverse("reviews:rate_complete", args=[review.pk]), CONFIRMED)
    assert response.status_code == 302
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is not None


def test_a_score_equal_to_the_suggestion_needs_no_note(client_for, review, reviewer):
    client = client_for(reviewer)
    client.post(facts_url(review), {"participants": "40", "specialists": "2"})  # 20: suggests 5
    rate(review, reviewer, C1, complete=False)
    Rating.objects.filter(review=review, reviewer=reviewer, item__number=1).update(evidence="")
    response = client.post(reverse("reviews:rate_complete", args=[review.pk]), CONFIRMED)
    assert response.status_code == 302


def test_without_facts_the_rating_page_shows_rules_without_a_suggestion(
    client_for, review, reviewer
):
    page = client_for(reviewer).get(reverse("reviews:rate", args=[review.pk])).content.decode()
    assert page.count('data-testid="suggestion-') == 6
    assert "No suggestion until every fact below is known." in page
    assert "js/suggestions.js" in page


# --- the scale carries its facts and rules ------------------------------------------------


def test_the_scale_page_shows_each_rule(client_for, reviewer):
    page = client_for(reviewer).get(reverse("reviews:scale_detail", args=[ips25().pk]))
    page = page.content.decode()
    assert 'data-testid="rule-15"' in page
    assert "30 or less: 5; 60 or less: 4;" in page
    assert "check them against the review manual" in page


def test_the_export_carries_the_facts_and_rules(client_for, reviewer):
    response = client_for(reviewer).get(reverse("reviews:scale_export", args=[ips25().pk]))
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert [fact["key"] for fact in data["facts"]][:2] == ["participants", "specialists"]
    items = {i["number"]: i for s in data["sections"] for i in s["items"]}
    assert sorted(n for n, i in items.items() if "suggestion" in i) == [1, 2, 15, 17, 21, 24]


def test_a_new_version_copies_the_facts_and_rules():
    draft = scale_new_draft(scale=ips25())
    assert draft.facts == ips25().facts
    rules = dict(ScaleItem.objects.filter(scale=draft).values_list("number", "suggestion"))
    assert rules[1]["thresholds"] == {"5": 20, "4": 25, "3": 30, "2": 40}
    assert rules[3] == {}


def test_facts_and_data_requests_keep_their_history(client, client_for, review, reviewer):
    client_for(reviewer).post(facts_url(review), CASELOAD)
    request, token = make_link(review, reviewer)
    client.post(f"/d/{token}/", {"participants": "50", "specialists": "2", "submit": "1"})
    participants = ReviewFact.objects.get(review=review, key="participants")
    changes = list(participants.history.order_by("history_date"))
    assert [(h.value, h.source, h.updated_by_id) for h in changes] == [
        (45, "reviewer", reviewer.pk),
        (50, "data_request", None),
    ]
    assert request.history.count() == 2  # made, then submitted


def test_in_norwegian_the_labels_are_norwegian_and_a_decimal_comma_is_read(
    client_for, review, reviewer
):
    client = client_for(reviewer)
    norwegian = {"HTTP_ACCEPT_LANGUAGE": "nb"}
    page = client.get(facts_url(review), **norwegian).content.decode()
    assert "Jobbspesialister (årsverk)" in page
    client.post(facts_url(review), {"participants": "45", "specialists": "2,5"}, **norwegian)
    assert stored(review)["specialists"][0] == Decimal("2.5")
    page = client.get(facts_url(review), **norwegian).content.decode()
    assert 'value="2,5"' in page
    rating = client.get(reverse("reviews:rate", args=[review.pk]), **norwegian).content.decode()
    assert "18" in rating and 'value="2.5"' in rating  # the calculator reads plain decimals
