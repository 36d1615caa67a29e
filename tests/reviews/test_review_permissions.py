"""Who may open what, per role of the fixed cast plus the review's own reviewers.

``reviewer`` leads the review and ``colleague`` is the other assigned reviewer; ``bystander`` is a
reviewer of the same center who is not assigned; ``stranger`` and ``outsider`` work elsewhere.
"""

import pytest
from django.urls import reverse

from tests.factories import agree, rate
from tests.reviews.conftest import C1, C1_COLLEAGUE, CONFIRMED

pytestmark = pytest.mark.django_db

ROLES = ["admin", "manager", "outsider", "reviewer", "colleague", "bystander", "stranger"]


def statuses(request, client_for, url_name, review, method="get", roles=ROLES):
    result = {}
    for role in roles:
        client = client_for(request.getfixturevalue(role))
        response = getattr(client, method)(reverse(url_name, args=[review.pk]))
        result[role] = response.status_code
    return result


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("reviews:detail", [200, 200, 404, 200, 200, 404, 404]),
        ("reviews:report", [200, 200, 404, 200, 200, 404, 404]),
        ("reviews:rate_complete", [403, 403, 404, 200, 200, 403, 404]),
        ("reviews:rate", [403, 403, 404, 200, 200, 403, 404]),
        # "Not yet" (200, with why) for readers whose ratings or the review are not there yet.
        ("reviews:consensus", [200, 200, 404, 200, 200, 404, 404]),
        ("reviews:edit", [200, 403, 404, 403, 403, 404, 404]),
        ("reviews:strengths", [200, 403, 404, 200, 403, 404, 404]),
        ("reviews:reopen", [200, 403, 404, 403, 403, 404, 404]),
        ("reviews:action_create", [200, 403, 404, 200, 403, 404, 404]),
    ],
)
def test_each_role_gets_the_expected_answer_during_rating(
    request, client_for, review, reviewer, url_name, expected
):
    rate(review, reviewer, C1, complete=False)
    assert statuses(request, client_for, url_name, review) == dict(
        zip(ROLES, expected, strict=True)
    )


@pytest.mark.parametrize(
    "url_name", ["reviews:finalize", "reviews:autosave", "reviews:delete", "reviews:consensus"]
)
def test_people_outside_a_review_cannot_post_to_it(request, client_for, review, url_name):
    # Not the admin, who could delete the review in the middle of the walk.
    answers = statuses(request, client_for, url_name, review, method="post", roles=ROLES[1:])
    assert answers["outsider"] == answers["stranger"] == 404
    assert answers["manager"] == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, review):
    for name in ["reviews:list", "reviews:detail", "reviews:rate", "reviews:report"]:
        url = reverse(name) if name == "reviews:list" else reverse(name, args=[review.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_reviewer_sees_other_ratings_only_after_completing_their_own(
    client_for, review, reviewer, colleague
):
    rate(review, colleague, C1_COLLEAGUE)
    rate(review, reviewer, C1, complete=False)
    url = reverse("reviews:consensus", args=[review.pk])
    waiting = client_for(reviewer).get(url).content.decode()
    assert "Consensus opens when every reviewer has marked their rating complete" in waiting
    assert "rita has rated 25 of 25" in waiting
    assert "Evidence 1" not in waiting
    page = client_for(colleague).get(url)
    assert page.status_code == 200
    assert [a.reviewer for a in page.context["comparison"].compared_reviewers] == [colleague]
    assert "Evidence 1" in page.content.decode()


def test_a_manager_sees_individual_ratings_only_once_the_review_is_final(
    client_for, in_consensus, reviewer, manager
):
    url = reverse("reviews:consensus", args=[in_consensus.pk])
    waiting = client_for(manager).get(url)
    assert "once the review is final" in waiting.content.decode()
    assert "comparison" not in waiting.context
    agree(in_consensus, reviewer, C1)
    client_for(reviewer).post(reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED)
    page = client_for(manager).get(url)
    assert page.status_code == 200
    assert page.context["formset"] is None


def test_only_the_lead_gets_the_consensus_form(client_for, in_consensus, reviewer, colleague):
    url = reverse("reviews:consensus", args=[in_consensus.pk])
    assert client_for(reviewer).get(url).context["formset"] is not None
    assert client_for(colleague).get(url).context["formset"] is None
    assert client_for(colleague).post(url, {}).status_code == 403
    assert (
        client_for(colleague)
        .post(reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED)
        .status_code
        == 403
    )


def test_a_reviewer_lists_only_the_reviews_assigned_to_them(client_for, review, bystander):
    assert list(client_for(bystander).get(reverse("reviews:list")).context["page"]) == []


def test_managers_and_reviewers_cannot_plan_reviews(client_for, manager, reviewer):
    for user in (manager, reviewer):
        assert client_for(user).get(reverse("reviews:create")).status_code == 403


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_only_admins_edit_scales(request, client_for, role):
    from tests.factories import ips25

    client = client_for(request.getfixturevalue(role))
    scale = ips25()
    assert client.get(reverse("reviews:scale_detail", args=[scale.pk])).status_code == 200
    assert client.get(reverse("reviews:scale_create")).status_code == 403
    assert client.get(reverse("reviews:scale_import")).status_code == 403
    assert client.post(reverse("reviews:scale_new_version", args=[scale.pk])).status_code == 403
    assert client.get(reverse("reviews:scale_edit", args=[scale.pk])).status_code == 403


def test_the_navigation_shows_scales_to_admins_only(client_for, admin, manager):
    scales = reverse("reviews:scale_list")
    assert scales in client_for(admin).get(reverse("reviews:list")).content.decode()
    manager_page = client_for(manager).get(reverse("reviews:list")).content.decode()
    assert scales not in manager_page
    assert reverse("reviews:list") in manager_page
