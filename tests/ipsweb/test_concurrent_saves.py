"""No lost updates, proved with two clients saving at the same moment against PostgreSQL.

Each round, two logged-in clients load the same page (so both hold the same version), change it
differently and post at once from two threads, each with its own database connection. Whatever the
order, exactly one save may win; the other must be refused with a message, and the stored value
must be the winner's, with one audit record for it.
"""

import json
import os
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from centers.roles import Role
from participants.models import BaselineSurvey
from reviews.demo import TABLE_5
from reviews.models import ConsensusScore, Rating, Review
from tests.factories import (
    ParticipantFactory,
    ReviewFactory,
    UserFactory,
    agree,
    force_login,
    rate,
)
from tests.page_forms import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="concurrency is proved on PostgreSQL (CI); SQLite serialises every write",
    ),
]
ROUNDS = 5


def post_together(clients, url, bodies):
    """Post each body from its own thread, released together; returns the responses."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def run(index):
        try:
            barrier.wait()
            responses[index] = clients[index].post(url, bodies[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def logged_in(user) -> Client:
    client = Client()
    force_login(client, user)
    return client


def one_won(responses, refused_text):
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302], codes
    loser = next(r for r in responses if r.status_code == 200)
    assert refused_text in loser.content.decode()
    return responses.index(next(r for r in responses if r.status_code == 302))


def test_two_reviewers_saving_the_same_consensus_score_never_overwrite_each_other(center):
    lead, other = UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)
    admin = UserFactory(role=Role.ADMIN)
    review = ReviewFactory(center=center, reviewers=[lead, other])
    for reviewer in (lead, other):
        rate(review, reviewer, TABLE_5["C1"])
    agree(review, lead, TABLE_5["C1"])
    url = reverse("reviews:consensus", args=[review.pk])
    clients = [logged_in(lead), logged_in(admin)]
    for round_ in range(ROUNDS):
        bodies = []
        for index, client in enumerate(clients):
            body = form_data(client.get(url).content.decode())
            body["items-0-score"] = str(1 + index)
            body["items-0-rationale"] = f"round {round_} by client {index}"
            bodies.append(body)
        responses = post_together(clients, url, bodies)
        winner = one_won(responses, "saved this item after you opened the page")
        stored = ConsensusScore.objects.get(review=review, item__number=1)
        assert (stored.score, stored.rationale) == (
            1 + winner,
            f"round {round_} by client {winner}",
        )
    history = ConsensusScore.history.filter(review_id=review.pk, item__number=1)
    assert history.count() == 1 + ROUNDS  # the first agreement, then one winner per round


def test_two_people_saving_the_report_text_never_overwrite_each_other(center):
    lead, other = UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)
    admin = UserFactory(role=Role.ADMIN)
    review = ReviewFactory(center=center, reviewers=[lead, other])
    url = reverse("reviews:strengths", args=[review.pk])
    clients = [logged_in(lead), logged_in(admin)]
    for round_ in range(ROUNDS):
        bodies = []
        for index, client in enumerate(clients):
            body = form_data(client.get(url).content.decode())
            body["strengths"] = f"Strong job development ({round_}, {index})"
            bodies.append(body)
        winner = one_won(post_together(clients, url, bodies), "saved this text after you opened")
        review.refresh_from_db()
        assert review.strengths == f"Strong job development ({round_}, {winner})"
        assert review.strengths_version == round_ + 1
    assert Review.history.filter(id=review.pk).exclude(strengths="").count() == ROUNDS


def test_two_staff_saving_the_same_survey_response_never_overwrite_each_other(center):
    manager = UserFactory(role=Role.MANAGER, centers=[center])
    colleague = UserFactory(role=Role.REVIEWER, centers=[center])
    participant = ParticipantFactory(center=center, consent_recorded_by=manager)
    url = reverse("participants:baseline", args=[participant.pk])
    clients = [logged_in(manager), logged_in(colleague)]
    for round_ in range(ROUNDS):
        bodies = []
        for index, client in enumerate(clients):
            body = form_data(client.get(url).content.decode())
            body["age"] = str(30 + 10 * index + round_)
            bodies.append(body)
        winner = one_won(post_together(clients, url, bodies), "Someone else saved this survey")
        stored = BaselineSurvey.objects.get(participant=participant)
        assert stored.age == 30 + 10 * winner + round_
        assert stored.version == round_ + 1
    assert BaselineSurvey.history.filter(participant_id=participant.pk).count() == ROUNDS


def test_two_tabs_autosaving_the_same_rating_at_once_never_overwrite_each_other(center):
    reviewer = UserFactory(role=Role.REVIEWER)
    review = ReviewFactory(center=center, reviewers=[reviewer, UserFactory(role=Role.REVIEWER)])
    item = review.scale.items.get(number=1)
    url = reverse("reviews:autosave", args=[review.pk])
    clients = [logged_in(reviewer), logged_in(reviewer)]
    barrier = threading.Barrier(2)
    for round_ in range(ROUNDS):
        version = Rating.objects.filter(item=item).values_list("version", flat=True).first() or 0
        bodies = [
            json.dumps(
                {
                    "item": item.pk,
                    "score": 1 + index,
                    "evidence": f"{round_}/{index}",
                    "version": version,
                }
            )
            for index in range(2)
        ]
        responses = [None, None]

        def run(index, bodies=bodies, responses=responses):
            try:
                barrier.wait()
                responses[index] = clients[index].post(
                    url, bodies[index], content_type="application/json"
                )
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(r.status_code for r in responses) == [200, 409]
        winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
        loser = responses[1 - winner].json()
        stored = Rating.objects.get(item=item)
        assert (stored.score, stored.evidence, stored.version) == (
            1 + winner,
            f"{round_}/{winner}",
            version + 1,
        )
        assert (loser["score"], loser["version"]) == (1 + winner, version + 1)
    assert Rating.history.filter(review_id=review.pk).count() == ROUNDS
