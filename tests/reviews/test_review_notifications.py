"""Reviewers hear by mail that a review they are in was planned."""

import pytest
from django.urls import reverse

from accounts.models import LanguagePreference
from reviews.models import Review
from tests.reviews.test_review_views import plan_data

pytestmark = pytest.mark.django_db


def test_planning_a_review_mails_each_reviewer_the_link_to_it(
    client_for, admin, center, reviewer, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            reverse("reviews:create"), plan_data(center, [reviewer, colleague], colleague)
        )
    review = Review.objects.get()
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([reviewer.email, colleague.email])
    mail = mailoutbox[0]
    assert center.name in mail.subject
    assert f"http://testserver/reviews/{review.pk}/" in mail.body


def test_a_plan_refused_mails_nobody(
    client_for, admin, center, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(reverse("reviews:create"), plan_data(center, [reviewer], reviewer))
    assert mailoutbox == []


def test_a_reviewer_added_to_a_plan_is_mailed_and_the_others_are_not_again(
    client_for,
    admin,
    review,
    reviewer,
    colleague,
    bystander,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    data = plan_data(review.center, [reviewer, colleague, bystander], reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(reverse("reviews:edit", args=[review.pk]), data)
    assert [mail.to for mail in mailoutbox] == [[bystander.email]]


def test_each_reviewer_is_mailed_in_their_own_language(
    client_for, admin, center, reviewer, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    LanguagePreference.objects.create(user=reviewer, language="nb")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            reverse("reviews:create"),
            plan_data(center, [reviewer, colleague], colleague),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    review = Review.objects.get()
    body = {mail.to[0]: mail.body for mail in mailoutbox}
    assert review.visit_start.strftime("%d.%m.%Y") in body[reviewer.email]
    assert review.visit_start.strftime("%d.%m.%Y") not in body[colleague.email]
