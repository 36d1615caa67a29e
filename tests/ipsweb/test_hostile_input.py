"""Random and hostile data to every form: never a 500, no change from invalid input, no raw echo.

Each endpoint names who posts and where. The fields come from the form the page itself shows, so a
new field is fuzzed without editing this file. A response that shows the form again (200) or
refuses (400, 403, 404, 405, 409, 410) must leave every row of the project's tables as it was; a
redirect means the input was accepted, which only well-formed values can be.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from ipsweb.backup import PROJECT_APPS
from participants.models import Statement
from participants.services import link_create
from tests.factories import (
    EmploymentOutcomeFactory,
    ParticipantFactory,
    reviews_in_every_state,
)
from tests.hostile import SCRIPT, hostile_form, hostile_json

pytestmark = pytest.mark.django_db
REFUSED = {200, 400, 403, 404, 405, 409, 410}
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


@dataclass(frozen=True)
class Endpoint:
    name: str
    actor: str | None
    url: Callable
    json_fields: tuple[str, ...] = ()  # a JSON endpoint (autosave) and the keys it reads


def at(name: str, *keys: str) -> Callable:
    return lambda w: reverse(name, args=[w[key].pk for key in keys])


ENDPOINTS = [
    Endpoint("center create", "admin", at("centers:create")),
    Endpoint("center edit", "admin", at("centers:edit", "center")),
    Endpoint("center edit by a manager", "manager", at("centers:edit", "center")),
    Endpoint("center members", "admin", at("centers:members", "center")),
    Endpoint("user create", "admin", at("user_create")),
    Endpoint("user edit", "admin", at("user_edit", "manager")),
    Endpoint("outcome create", "admin", at("centers:outcome_create", "center")),
    Endpoint("outcome create by a manager", "manager", at("centers:outcome_create", "center")),
    Endpoint("outcome edit", "admin", at("centers:outcome_edit", "center", "outcome")),
    Endpoint("benchmark create", "admin", at("benchmark_create")),
    Endpoint("participant register", "manager", at("participants:create")),
    Endpoint("participant edit", "manager", at("participants:edit", "participant")),
    Endpoint("participant of another region", "outsider", at("participants:edit", "participant")),
    Endpoint("participant withdraw", "manager", at("participants:withdraw", "participant")),
    Endpoint("participant erase", "admin", at("participants:erase", "participant")),
    Endpoint("baseline", "reviewer", at("participants:baseline", "participant")),
    Endpoint("diagnostic screen", "reviewer", at("participants:diagnostic", "participant")),
    Endpoint("follow-up by staff", "manager", at("participants:follow_up", "participant")),
    Endpoint("self-completion link", "manager", at("participants:link_create", "participant")),
    Endpoint("statement create", "admin", at("participants:statement_create")),
    Endpoint("statement edit", "admin", at("participants:statement_edit", "statement")),
    Endpoint("follow-up by link", None, lambda w: reverse("self_completion", args=[w["token"]])),
    Endpoint("review plan", "admin", at("reviews:create")),
    Endpoint("review plan edit", "admin", at("reviews:edit", "review")),
    Endpoint("rating sheet", "reviewer", at("reviews:rate", "review")),
    Endpoint("rating sheet of someone else's review", "outsider", at("reviews:rate", "review")),
    Endpoint(
        "rating autosave",
        "reviewer",
        at("reviews:autosave", "review"),
        json_fields=("item", "score", "evidence"),
    ),
    Endpoint(
        "rating autosave by a manager",
        "manager",
        at("reviews:autosave", "review"),
        json_fields=("item", "score", "evidence"),
    ),
    Endpoint("consensus", "reviewer", at("reviews:consensus", "ready")),
    Endpoint("strengths", "reviewer", at("reviews:strengths", "review")),
    Endpoint("reopen", "admin", at("reviews:reopen", "final")),
    Endpoint("action create", "reviewer", at("reviews:action_create", "final")),
    Endpoint("action edit", "reviewer", at("reviews:action_edit", "final", "action")),
    Endpoint("scale create", "admin", at("reviews:scale_create")),
    Endpoint("scale edit", "admin", at("reviews:scale_edit", "draft")),
    Endpoint("scale sections", "admin", at("reviews:scale_sections", "draft")),
    Endpoint("scale bands", "admin", at("reviews:scale_bands", "draft")),
    Endpoint("scale item create", "admin", at("reviews:scale_item_create", "draft")),
    Endpoint("scale item edit", "admin", at("reviews:scale_item_edit", "draft", "draft_item")),
    Endpoint("published scale edit", "admin", at("reviews:scale_edit", "published")),
]


# A refused form shown again is a read of participant data, and logged as one.
NOT_DATA = {"participants.ReadLog"}


def every_row() -> dict:
    """All rows of the project's own tables, to prove a refused post changed nothing."""
    rows = {}
    for label in PROJECT_APPS:
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in NOT_DATA:
                continue
            rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


@pytest.fixture
def world(admin, manager, reviewer, outsider, center, other_center):
    participant = ParticipantFactory(center=center, consent_recorded_by=admin)
    _link, token = link_create(
        actor=admin,
        participant=participant,
        expires_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    return {
        "admin": admin,
        "manager": manager,
        "reviewer": reviewer,
        "outsider": outsider,
        "center": center,
        "other_center": other_center,
        "outcome": EmploymentOutcomeFactory(center=center),
        "participant": participant,
        "statement": Statement.objects.order_by("pk").first(),
        "token": token,
        **reviews_in_every_state(center, reviewer),
    }


def form_fields(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    names = dict.fromkeys(FIELD.findall(page))
    names.pop("csrfmiddlewaretoken", None)
    return list(names)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_hostile_input_never_breaks_a_form(client_for, world, endpoint):
    client = client_for(world[endpoint.actor] if endpoint.actor else None)
    url = endpoint.url(world)
    # Read the form once: after an accepted post the page may show no form any more.
    fields = list(endpoint.json_fields) or form_fields(client, url) or ["name", "value"]
    ids = [str(v.pk) for v in world.values() if hasattr(v, "pk")] + ["0", "-5", "99999"]
    if endpoint.json_fields:
        bodies = hostile_json(fields, {field: [int(i) for i in ids] for field in fields})
        accepted = 200
    else:
        bodies = hostile_form(fields, dict.fromkeys(fields, ids))
        accepted = 302

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=bodies)
    def post_hostile(body):
        before = every_row()
        if endpoint.json_fields:
            response = client.post(url, body, content_type="application/json")
        else:
            response = client.post(url, body)
        assert response.status_code != 500
        if response.status_code in REFUSED - {accepted}:
            assert every_row() == before, f"{endpoint.name} changed data on a refused post"
        else:
            assert response.status_code == accepted, response.status_code
        assert SCRIPT not in response.content.decode(errors="replace")

    post_hostile()
