"""Writing employment outcomes through the API: the page's form and the CSV import's checks,
all rows or none, and hostile bodies never answer 500 nor change anything."""

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centers.models import EmploymentOutcome
from tests.api.conftest import client_with
from tests.factories import EmploymentOutcomeFactory
from tests.hostile import hostile_json, json_value
from tests.ipsweb.test_hostile_input import every_row

pytestmark = pytest.mark.django_db
OUTCOMES = "/api/v1/outcomes/"
BULK = "/api/v1/outcomes/bulk/"
FIELDS = ["center", "year", "quarter", "served", "working"]
REFUSED = {400, 403, 404, 413, 415}


def post(client, url, body, method="post"):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(url, raw, content_type="application/json")


def test_an_admin_adds_a_quarter_by_center_code(token_for, admin, center):
    client = client_with(token_for(admin))
    body = {"center": "nv", "year": 2025, "quarter": 2, "served": 40, "working": 18}
    response = post(client, OUTCOMES, body)
    assert response.status_code == 201
    outcome = EmploymentOutcome.objects.get(center=center)
    assert (outcome.period, outcome.entered_by) == ("2025 Q2", admin)
    assert response.json()["employment_rate"] == pytest.approx(0.45)


def test_a_quarter_that_exists_already_is_refused_with_the_models_message(token_for, admin, center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=2)
    body = {"center": center.pk, "year": 2025, "quarter": 2, "served": 40, "working": 18}
    response = post(client_with(token_for(admin)), OUTCOMES, body)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "__all__": ["This center already has employment outcomes for that quarter."]
    }


def test_wrong_values_get_the_forms_messages_by_field(token_for, admin, center):
    body = {"center": "NV", "year": "soon", "quarter": 7, "served": 5.5, "working": -1}
    response = post(client_with(token_for(admin)), OUTCOMES, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["year"] == ["Enter a whole number."]
    assert errors["served"] == ["Enter a whole number."]
    assert set(errors) == {"year", "quarter", "served", "working"}
    assert not EmploymentOutcome.objects.exists()


def test_a_correction_changes_only_what_is_sent(token_for, admin, center):
    outcome = EmploymentOutcomeFactory(center=center, served=40, working=14)
    response = post(
        client_with(token_for(admin)), f"{OUTCOMES}{outcome.pk}/", {"working": 20}, "patch"
    )
    assert response.status_code == 200
    outcome.refresh_from_db()
    assert (outcome.served, outcome.working) == (40, 20)


def test_a_manager_cannot_write_and_cannot_see_other_centers_quarters(
    token_for, manager, center, other_center
):
    mine = EmploymentOutcomeFactory(center=center)
    theirs = EmploymentOutcomeFactory(center=other_center)
    client = client_with(token_for(manager))
    before = every_row()
    assert post(client, f"{OUTCOMES}{mine.pk}/", {"working": 1}, "patch").status_code == 403
    assert post(client, f"{OUTCOMES}{theirs.pk}/", {"working": 1}, "patch").status_code == 404
    assert client.get(f"{OUTCOMES}{theirs.pk}/").status_code == 404
    body = {"center": other_center.code, "year": 2025, "quarter": 1, "served": 1, "working": 1}
    assert post(client, OUTCOMES, body).status_code == 403
    assert every_row() == before


def test_the_bulk_upsert_writes_all_rows_or_none_and_names_every_problem(
    token_for, admin, center, other_center
):
    client = client_with(token_for(admin))
    rows = [
        {"center_code": "NV", "year": 2025, "quarter": 1, "served": 40, "working": 10},
        {"center_code": "AU", "year": 2025, "quarter": 1, "served": 30, "working": 31},
        {"center_code": "XX", "year": 2025, "quarter": 1, "served": 30, "working": 3},
    ]
    response = post(client, BULK, {"rows": rows})
    assert response.status_code == 400
    assert response.json()["rows"] == [
        {"row": 2, "column": "working", "message": "31 working is more than the 30 served."},
        {
            "row": 3,
            "column": "center_code",
            "message": "There is no center with the code “XX” that you may import for.",
        },
    ]
    assert not EmploymentOutcome.objects.exists()
    response = post(client, BULK, {"rows": rows[:1]})
    assert response.status_code == 200
    assert response.json()["created"] == 1
    # The same quarter again with other numbers: refused unless replace_existing.
    changed = [{**rows[0], "working": 12}]
    assert post(client, BULK, {"rows": changed}).status_code == 400
    response = post(client, BULK, {"rows": changed, "replace_existing": True})
    assert response.json()["rows"][0]["previous"] == {"served": 40, "working": 10}
    assert EmploymentOutcome.objects.get().working == 12


def test_a_body_larger_than_the_limit_is_refused_unread(settings, token_for, admin, center):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    row = {"center_code": "NV", "year": 2025, "quarter": 1, "served": 1, "working": 1}
    response = post(client_with(token_for(admin)), BULK, {"rows": [row] * 1000})
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert not EmploymentOutcome.objects.exists()


@pytest.mark.parametrize(
    "body", ["[" * 100_000, "\xff\xfe", "NaN", '{"rows": NaN}', "", "null", "[]", '"x"']
)
def test_bodies_that_are_no_json_object_are_a_400(token_for, admin, center, body):
    client = client_with(token_for(admin))
    for url in (OUTCOMES, BULK):
        response = post(client, url, body)
        assert response.status_code == 400, (url, response.content[:200])
        assert "detail" in response.json()


hostile_rows = st.lists(
    st.one_of(
        json_value,
        st.fixed_dictionaries(
            {},
            optional={
                name: json_value
                for name in ["center_code", "year", "quarter", "served", "working", "extra"]
            },
        ),
    ),
    max_size=4,
)
hostile_bulk = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"rows": st.one_of(hostile_rows, json_value), "replace_existing": json_value}
    ).map(json.dumps),
    st.just("not json {"),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.sampled_from(["create", "put", "patch", "bulk"]),
    body=hostile_json(FIELDS, {"center": ["NV", "AU", 1, "999999999999999999999"]}),
    bulk=hostile_bulk,
)
def test_hostile_bodies_never_break_a_write_and_change_nothing_when_refused(
    token_for, admin, center, target, body, bulk
):
    with transaction.atomic():
        outcome = EmploymentOutcomeFactory(center=center, year=2024, quarter=1)
        client = client_with(token_for(admin))
        before = every_row()
        if target == "create":
            response = post(client, OUTCOMES, body)
        elif target == "bulk":
            response = post(client, BULK, bulk)
        else:
            response = post(client, f"{OUTCOMES}{outcome.pk}/", body, target)
        assert response.status_code < 500
        if response.status_code in REFUSED:
            assert every_row() == before
            assert set(response.json()) >= {"type", "title", "status", "detail"}
        transaction.set_rollback(True)
