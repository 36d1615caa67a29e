"""A scale an admin defined without code (here 3 items scored 0-4) works through the whole
workflow: planning, rating pages, autosave, consensus, finalize and report."""

import json

import pytest
from django.urls import reverse

from reviews.models import Review
from reviews.services.scales import scale_import
from tests.factories import ReviewFactory
from tests.reviews.conftest import CONFIRMED
from tests.reviews.test_scale_services import small_scale_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_review(center, reviewer, colleague):
    scale = scale_import(data=small_scale_data(), publish=True)
    return ReviewFactory(center=center, scale=scale, reviewers=[reviewer, colleague])


def test_a_scale_defined_by_an_admin_runs_a_whole_review(
    client_for, small_review, reviewer, colleague
):
    items = {i.number: i.pk for i in small_review.scale.items.all()}
    lead = client_for(reviewer)
    page = lead.get(reverse("reviews:rate", args=[small_review.pk])).content.decode()
    assert page.count('type="radio"') == 15
    assert "Level 0" in page
    assert "0</span> of <span data-total>3</span> rated" in page
    for number, score in ((1, 0), (2, 4), (3, 2)):
        response = lead.post(
            reverse("reviews:autosave", args=[small_review.pk]),
            json.dumps({"item": items[number], "score": score, "evidence": ""}),
            content_type="application/json",
        )
        assert response.json()["total"] == 3
    lead.post(reverse("reviews:rate", args=[small_review.pk]), {"complete": "1"})
    lead.post(reverse("reviews:rate_complete", args=[small_review.pk]), CONFIRMED)
    other = client_for(colleague)
    data = {f"score_{items[n]}": str(s) for n, s in ((1, 0), (2, 3), (3, 2))}
    other.post(reverse("reviews:rate", args=[small_review.pk]), {**data, "complete": "1"})
    other.post(reverse("reviews:rate_complete", args=[small_review.pk]), CONFIRMED)
    small_review.refresh_from_db()
    assert small_review.status == Review.Status.CONSENSUS

    formset = lead.get(reverse("reviews:consensus", args=[small_review.pk])).context["formset"]
    assert [f.initial["score"] for f in formset.forms] == [0, None, 2]
    post = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "3"}
    for index, (number, score) in enumerate(((1, 0), (2, 4), (3, 2))):
        post[f"items-{index}-item"] = items[number]
        post[f"items-{index}-version"] = "0"
        post[f"items-{index}-score"] = str(score)
        post[f"items-{index}-rationale"] = "Agreed" if number == 2 else ""
    assert lead.post(reverse("reviews:consensus", args=[small_review.pk]), post).status_code == 302
    lead.post(reverse("reviews:finalize", args=[small_review.pk]), CONFIRMED)
    small_review.refresh_from_db()
    assert (small_review.total, small_review.band_label) == (6, "Low")

    report = lead.get(reverse("reviews:report", args=[small_review.pk]))
    assert report.context["report"].result.max_total == 12
    assert [r.item.number for r in report.context["report"].improvement_rows] == [1]
    html = report.content.decode()
    assert "<strong data-total>6</strong>" in html
    assert "Items needing improvement (score 1 or lower)" in html
