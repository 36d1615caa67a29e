"""Random and hostile data to every form: never a 500, no change from invalid input, no raw echo.

Each endpoint names who posts, where, which fields, and a snapshot of what the form may change.
A response that re-shows the form (200) or refuses (400, 403, 404, 405) must leave the snapshot as
it was; a redirect means the input was accepted, which only well-formed values can be.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centers.models import Center, EmploymentOutcome, OutcomeBenchmark
from tests.factories import EmploymentOutcomeFactory
from tests.hostile import SCRIPT, hostile_form

pytestmark = pytest.mark.django_db
REFUSED = {200, 400, 403, 404, 405, 409, 410}


@dataclass(frozen=True)
class Endpoint:
    name: str
    actor: str
    url: Callable
    fields: list[str]
    snapshot: Callable


def centers_snapshot():
    return list(Center.objects.order_by("pk").values())


def users_snapshot():
    return list(get_user_model().objects.order_by("pk").values()), list(
        get_user_model().groups.through.objects.order_by("pk").values()
    )


CENTER_FIELDS = [
    "name",
    "code",
    "region",
    "municipality",
    "ips_started_on",
    "employment_specialists",
    "contact_name",
    "contact_email",
]
USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "role",
    "centers",
    "password",
]


def outcomes_snapshot():
    return list(
        EmploymentOutcome.objects.order_by("pk").values(
            "center", "year", "quarter", "served", "working"
        )
    )


def benchmarks_snapshot():
    return list(OutcomeBenchmark.objects.order_by("pk").values())


OUTCOME_FIELDS = ["year", "quarter", "served", "working"]
BENCHMARK_FIELDS = ["label", "rate_percent", "order", "is_active"]

ENDPOINTS = [
    Endpoint(
        "outcome create",
        "admin",
        lambda w: reverse("centers:outcome_create", args=[w["center"].pk]),
        OUTCOME_FIELDS,
        outcomes_snapshot,
    ),
    Endpoint(
        "outcome create by a manager",
        "manager",
        lambda w: reverse("centers:outcome_create", args=[w["center"].pk]),
        OUTCOME_FIELDS,
        outcomes_snapshot,
    ),
    Endpoint(
        "outcome edit",
        "admin",
        lambda w: reverse("centers:outcome_edit", args=[w["center"].pk, w["outcome"].pk]),
        OUTCOME_FIELDS,
        outcomes_snapshot,
    ),
    Endpoint(
        "benchmark create",
        "admin",
        lambda w: reverse("benchmark_create"),
        BENCHMARK_FIELDS,
        benchmarks_snapshot,
    ),
    Endpoint(
        "center create",
        "admin",
        lambda w: reverse("centers:create"),
        CENTER_FIELDS,
        centers_snapshot,
    ),
    Endpoint(
        "center edit",
        "admin",
        lambda w: reverse("centers:edit", args=[w["center"].pk]),
        CENTER_FIELDS,
        centers_snapshot,
    ),
    Endpoint(
        "center edit by a manager",
        "manager",
        lambda w: reverse("centers:edit", args=[w["center"].pk]),
        CENTER_FIELDS,
        centers_snapshot,
    ),
    Endpoint(
        "center members",
        "admin",
        lambda w: reverse("centers:members", args=[w["center"].pk]),
        ["members"],
        centers_snapshot,
    ),
    Endpoint("user create", "admin", lambda w: reverse("user_create"), USER_FIELDS, users_snapshot),
    Endpoint(
        "user edit",
        "admin",
        lambda w: reverse("user_edit", args=[w["manager"].pk]),
        USER_FIELDS,
        users_snapshot,
    ),
]


@pytest.fixture
def world(admin, manager, reviewer, outsider, center, other_center):
    return {
        "admin": admin,
        "manager": manager,
        "reviewer": reviewer,
        "outsider": outsider,
        "center": center,
        "other_center": other_center,
        "outcome": EmploymentOutcomeFactory(center=center),
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_never_breaks_a_form(client_for, world, endpoint, data):
    ids = [str(obj.pk) for obj in world.values()] + ["0", "-5", "99999"]
    body = data.draw(hostile_form(endpoint.fields, {f: ids for f in endpoint.fields}))
    client = client_for(world[endpoint.actor])
    before = endpoint.snapshot()
    response = client.post(endpoint.url(world), body)
    assert response.status_code != 500
    if response.status_code in REFUSED:
        assert endpoint.snapshot() == before, f"{endpoint.name} changed data on a refused post"
    else:
        assert response.status_code == 302, response.status_code
    assert SCRIPT not in response.content.decode(errors="replace")
