"""Mail that tells people about reviews."""

from collections.abc import Iterable

from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ipsweb.languages import in_language_of
from reviews.models import Review


def review_notify_reviewers(*, review: Review, reviewers: Iterable, base_url: str) -> int:
    """Mail each of these reviewers (those with an address) the plan and the link to the review,
    once the plan is stored; return how many are mailed."""
    link = base_url.rstrip("/") + reverse("reviews:detail", args=[review.pk])
    messages = []
    for reviewer in reviewers:
        if not reviewer.email:
            continue
        context = {"review": review, "reviewer": reviewer, "link": link}
        with in_language_of(reviewer):  # the reviewer's language, not the planner's
            subject = render_to_string("reviews/mail/planned_subject.txt", context).strip()
            body = render_to_string("reviews/mail/planned_body.txt", context)
        messages.append((subject, body, None, [reviewer.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages))
    return len(messages)
