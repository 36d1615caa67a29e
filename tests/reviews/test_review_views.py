"""Planning, the review list and overview, report text, reopening and the action plan pages."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import ActionItem, Review
from reviews.services.reviews import review_save_strengths
from tests.factories import ReviewFactory, agree, final_review, ips25, rate
from tests.reviews.conftest import C1

pytestmark = pytest.mark.django_db


def plan_data(center, reviewers, lead, **changes):
    data = {
        "center": center.pk,
        "scale": ips25().pk,
        "kind": "external",
        "visit_start": "2025-09-01",
        "visit_end": "2025-09-02",
        "reviewers": [r.pk for r in reviewers],
        "lead": lead.pk,
    }
    return {**data, **changes}


def test_an_admin_plans_a_review_through_the_form(client_for, admin, center, reviewer, colleague):
    response = client_for(admin).post(
        reverse("reviews:create"), plan_data(center, [reviewer, colleague], colleague), follow=True
    )
    review = Review.objects.get()
    assert response.redirect_chain[-1][0] == reverse("reviews:detail", args=[review.pk])
    assert "The review was planned; its reviewers are told by mail." in response.content.decode()
    assert review.assignments.get(is_lead=True).reviewer == colleague
    assert review.created_by == admin


def test_the_plan_form_offers_only_published_scales_and_people_who_may_rate(
    client_for, admin, manager, reviewer
):
    form = client_for(admin).get(reverse("reviews:create")).context["form"]
    assert list(form.fields["scale"].queryset) == [ips25()]
    assert form.initial["scale"] == ips25().pk
    people = set(form.fields["reviewers"].queryset)
    assert reviewer in people and admin in people
    assert manager not in people


def test_a_plan_with_one_reviewer_is_shown_again_with_what_to_fix(
    client_for, admin, center, reviewer
):
    response = client_for(admin).post(
        reverse("reviews:create"), plan_data(center, [reviewer], reviewer)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Assign at least two reviewers." in html
    assert 'value="2025-09-01"' in html
    assert not Review.objects.exists()


def test_the_visit_dates_are_checked(client_for, admin, center, reviewer, colleague):
    response = client_for(admin).post(
        reverse("reviews:create"),
        plan_data(center, [reviewer, colleague], reviewer, visit_end="2025-08-01"),
    )
    assert "The visit cannot end before it starts." in response.content.decode()
    assert not Review.objects.exists()


def test_an_admin_edits_the_plan_but_cannot_move_a_started_review_to_another_center(
    client_for, admin, review, reviewer, colleague, bystander, other_center
):
    rate(review, reviewer, C1, complete=False)
    url = reverse("reviews:edit", args=[review.pk])
    form = client_for(admin).get(url).context["form"]
    assert form.fields["center"].disabled
    data = plan_data(review.center, [reviewer, colleague, bystander], bystander)
    data["center"] = other_center.pk
    response = client_for(admin).post(url, data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.center != other_center
    assert review.assignments.get(is_lead=True).reviewer == bystander
    assert review.visit_start == datetime.date(2025, 9, 1)


def test_a_reviewers_list_shows_their_own_reviews_first_with_their_progress(
    client_for, center, reviewer, colleague, admin
):
    final_review(center, [colleague, admin], C1, visit_start=datetime.date(2025, 1, 6))
    mine = ReviewFactory(
        center=center, reviewers=[reviewer, colleague], visit_start=datetime.date(2024, 1, 1)
    )
    rate(mine, reviewer, C1[:17] + [None] * 8, complete=False)
    page = client_for(colleague).get(reverse("reviews:list"))
    reviews = list(page.context["page"])
    assert reviews[0] == mine
    assert "17 of 25 rated" not in page.content.decode()
    page = client_for(reviewer).get(reverse("reviews:list"))
    assert list(page.context["page"]) == [mine]
    assert "17 of 25 rated" in page.content.decode()


def test_an_admins_list_puts_reviews_they_are_assigned_to_first(
    client_for, admin, center, reviewer
):
    other = ReviewFactory(
        center=center, reviewers=[reviewer], visit_start=datetime.date(2025, 6, 2)
    )
    own = ReviewFactory(
        center=center, reviewers=[admin, reviewer], visit_start=datetime.date(2020, 1, 6)
    )
    assert list(client_for(admin).get(reverse("reviews:list")).context["page"]) == [own, other]


def test_the_list_filters_by_status_and_center(client_for, admin, review, other_center, reviewer):
    ReviewFactory(center=other_center, reviewers=[reviewer])
    client = client_for(admin)
    assert list(client.get(reverse("reviews:list"), {"q": review.center.code}).context["page"]) == [
        review
    ]
    assert list(client.get(reverse("reviews:list"), {"status": "final"}).context["page"]) == []
    assert client.get(reverse("reviews:list"), {"status": "nonsense"}).status_code == 200


def test_the_overview_shows_each_reviewers_progress(client_for, manager, review, reviewer):
    rate(review, reviewer, C1[:17] + [None] * 8, complete=False)
    html = client_for(manager).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "17 of 25 rated" in html
    assert "0 of 25 rated" in html
    assert 'aria-current="step"' in html


def test_the_lead_writes_the_strengths(client_for, review, reviewer):
    url = reverse("reviews:strengths", args=[review.pk])
    response = client_for(reviewer).post(url, {"strengths": "Committed team.", "version": "0"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.strengths == "Committed team."


def test_saving_strengths_over_someone_elses_newer_text_shows_both_and_saves_nothing(
    client_for, review, reviewer, admin
):
    url = reverse("reviews:strengths", args=[review.pk])
    client = client_for(reviewer)
    client.get(url)
    review_save_strengths(review=review, actor=admin, strengths="Admin's text", expected_version=0)
    response = client.post(url, {"strengths": "Lead's text", "version": "0"})
    html = response.content.decode()
    assert "saved this text after you opened the page" in html
    assert "Admin&#x27;s text" in html
    assert "Lead&#x27;s text" in html
    assert 'name="version" value="1"' in html
    review.refresh_from_db()
    assert review.strengths == "Admin's text"
    client.post(url, {"strengths": "Lead's text", "version": "1"})
    review.refresh_from_db()
    assert review.strengths == "Lead's text"


def test_an_admin_reopens_a_final_review_with_a_reason(
    client_for, admin, center, reviewer, colleague
):
    review = final_review(center, [reviewer, colleague], C1)
    url = reverse("reviews:reopen", args=[review.pk])
    response = client_for(admin).post(url, {"reason": ""})
    assert "This field is required." in response.content.decode()
    review.refresh_from_db()
    assert review.is_final
    client_for(admin).post(url, {"reason": "Wrong caseload numbers"})
    html = client_for(admin).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Wrong caseload numbers" in html
    assert "(total was 97, Fair fidelity)" in html


def test_the_lead_adds_and_updates_an_action_for_a_weak_item(client_for, in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    item17 = ips25().items.get(number=17)
    client = client_for(reviewer)
    form = client.get(reverse("reviews:action_create", args=[in_consensus.pk])).context["form"]
    assert set(form.fields["item"].queryset.values_list("number", flat=True)) == {
        5,
        6,
        9,
        10,
        15,
        17,
        18,
        24,
    }
    data = {
        "item": item17.pk,
        "action": "Two employer visits a week",
        "owner": "Specialists",
        "due_date": "2025-12-01",
        "status": "open",
    }
    client.post(reverse("reviews:action_create", args=[in_consensus.pk]), data)
    action = ActionItem.objects.get()
    # The edit page sends the version it showed (a hidden field) so no other change is lost.
    data |= {"status": "in_progress", "version": str(action.version)}
    client.post(reverse("reviews:action_edit", args=[in_consensus.pk, action.pk]), data)
    action.refresh_from_db()
    assert (action.item, action.status) == (item17, "in_progress")


def test_an_action_for_an_item_scored_well_is_refused(client_for, in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    data = {
        "item": ips25().items.get(number=1).pk,
        "action": "Nothing needed",
        "owner": "Nobody",
        "status": "open",
    }
    response = client_for(reviewer).post(
        reverse("reviews:action_create", args=[in_consensus.pk]), data
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_an_admin_deletes_a_planned_review(client_for, admin, review):
    response = client_for(admin).post(reverse("reviews:delete", args=[review.pk]))
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_reviews_and_scales_are_read_only_in_the_django_admin(client_for, admin, review):
    client = client_for(admin)
    assert client.get(reverse("admin:reviews_review_change", args=[review.pk])).status_code == 200
    assert client.get(reverse("admin:reviews_review_add")).status_code == 403
    assert client.get(reverse("admin:reviews_review_delete", args=[review.pk])).status_code == 403
    response = client.post(
        reverse("admin:reviews_fidelityscale_change", args=[ips25().pk]), {"name": "Changed"}
    )
    assert response.status_code == 403
    assert ips25().name == "IPS Fidelity Scale (IPS-25)"
