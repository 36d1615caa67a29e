"""Every API route and every role with a personal token: the same status as with the session
(tests/ipsweb/test_permission_matrix.py), since a token carries its user's role and scope and
never more; expired, revoked and unknown tokens get 401 everywhere. Writes are checked for each
role too, with a body that would be valid."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from centers.models import EmploymentOutcome
from tests.api.conftest import client_with
from tests.ipsweb.test_permission_matrix import MATRIX, ROLES, world  # noqa: F401

pytestmark = pytest.mark.django_db
API_ROUTES = sorted(name for name in MATRIX if name.startswith("api:"))
PUBLIC = {"api:schema", "api:docs"}
STAFF = [role for role in ROLES if role not in ("anonymous", "link_holder")]


def request(client, name, world, method=None, body=None):  # noqa: F811
    row = MATRIX[name]
    path = reverse(name, args=row.args(world))
    with transaction.atomic():
        response = getattr(client, method or row.method)(path, body, format="json")
        transaction.set_rollback(True)
    return response


def token_statuses(world, token_for, name, method=None, body=None) -> dict:  # noqa: F811
    statuses = {}
    for role in STAFF:
        client = client_with(token_for(world["users"][role]))
        statuses[role] = request(client, name, world, method, body).status_code
    return statuses


@pytest.mark.parametrize("name", [n for n in API_ROUTES if n != "api:outcome-bulk"])
def test_a_token_gets_what_its_users_session_gets(world, token_for, name):  # noqa: F811
    expected = {role: MATRIX[name].get[role] for role in STAFF}
    assert token_statuses(world, token_for, name) == expected


def test_the_bulk_upsert_with_a_token_is_for_admins_only(world, token_for):  # noqa: F811
    body = {"rows": []}
    statuses = token_statuses(world, token_for, "api:outcome-bulk", "post", body)
    # No rows: what to fix (400) for admins; nobody else may import outcomes.
    assert statuses == {role: 400 if role == "admin" else 403 for role in STAFF}


def test_creating_an_outcome_with_a_token_is_for_admins_only(world, token_for):  # noqa: F811
    body = {"center": world["center"].code, "year": 2020, "quarter": 1, "served": 9, "working": 2}
    statuses = token_statuses(world, token_for, "api:outcome-list", "post", body)
    assert statuses == {role: 201 if role == "admin" else 403 for role in STAFF}
    assert not EmploymentOutcome.objects.filter(year=2020).exists()  # each was rolled back


@pytest.mark.parametrize("method", ["put", "patch"])
def test_correcting_an_outcome_needs_the_scope_then_the_permission(world, token_for, method):  # noqa: F811
    body = {"year": 2021, "quarter": 2, "served": 9, "working": 2}
    statuses = token_statuses(world, token_for, "api:outcome-detail", method, body)
    # Outside the scope the quarter does not exist (404); inside, only admins may change it.
    assert statuses == {
        "admin": 200,
        "manager_in": 403,
        "manager_out": 404,
        "reviewer_in": 403,
        "reviewer_out": 404,
        "reviewer_assigned": 403,
        "researcher_in": 403,
        "researcher_out": 404,
    }


@pytest.mark.parametrize("kind", ["expired", "revoked", "unknown", "none"])
def test_a_token_that_does_not_work_gets_401_everywhere_but_the_docs(world, token_for, kind):  # noqa: F811
    secret = token_for(world["users"]["admin"])
    token = ApiToken.objects.get(prefix=secret[:12])
    if kind == "expired":
        token.expires_on = timezone.localdate() - datetime.timedelta(days=1)
        token.save()
    elif kind == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif kind == "unknown":
        secret = secret[:-4] + "AAAA"
    else:
        secret = None
    wrong = []
    for name in API_ROUTES:
        response = request(client_with(secret), name, world)
        expected = 200 if name in PUBLIC and kind == "none" else 401
        if response.status_code != expected:
            wrong.append(f"{name}: {response.status_code}, expected {expected}")
        elif expected == 401 and response["WWW-Authenticate"] != 'Bearer realm="api"':
            wrong.append(f"{name}: no WWW-Authenticate")
    assert not wrong
