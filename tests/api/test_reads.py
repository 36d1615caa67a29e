"""The read endpoints: ids and codes, the pages' scope (404 outside it), stable paging, the survey
dashboard's suppression for the caller, and participant-level reads logged as exports."""

import pytest

from api.views.surveys import cell_json
from centers.roles import Role
from participants.dashboard import Filters, dashboard
from participants.models import ExportLog, ReadLog
from tests.api.conftest import client_with
from tests.factories import (
    CenterFactory,
    EmploymentOutcomeFactory,
    ParticipantFactory,
    UserFactory,
    final_review,
    ips25,
)
from tests.participants.test_suppression_attacks import ARMS
from tests.participants.test_suppression_attacks import world as survey_world  # noqa: F401

pytestmark = pytest.mark.django_db
IPS25_SCORES = [4] * 25


def test_a_center_is_found_by_id_and_by_code_in_any_case(token_for, manager, center):
    client = client_with(token_for(manager))
    for ref in (center.pk, "NV", "nv"):
        response = client.get(f"/api/v1/centers/{ref}/")
        assert response.status_code == 200
        assert response.json()["code"] == "NV"


def test_a_center_outside_the_scope_does_not_exist_by_id_or_code(token_for, manager, other_center):
    client = client_with(token_for(manager))
    for ref in (other_center.pk, other_center.code, "no-such", "9" * 30):
        assert client.get(f"/api/v1/centers/{ref}/").status_code == 404
    codes = [c["code"] for c in client.get("/api/v1/centers/").json()["results"]]
    assert codes == ["NV"]


def test_lists_page_in_a_stable_order(token_for, admin):
    for number in range(7):
        CenterFactory(code=f"Z{6 - number}", name="Same name")
    client = client_with(token_for(admin))
    first = client.get("/api/v1/centers/", {"page_size": 4, "q": "Same"}).json()
    second = client.get(first["next"]).json()
    codes = [c["code"] for c in first["results"] + second["results"]]
    assert codes == sorted(codes) and len(set(codes)) == 7
    assert client.get("/api/v1/centers/", {"page": 99}).status_code == 404


def test_a_scale_is_found_by_id_code_or_code_and_version_with_items_anchors_and_bands(
    token_for, manager
):
    scale = ips25()
    client = client_with(token_for(manager))
    for ref in (scale.pk, "IPS-25", f"IPS-25:{scale.version}"):
        data = client.get(f"/api/v1/scales/{ref}/").json()
        assert data["id"] == scale.pk
    assert len(data["items"]) == 25
    assert data["items"][0]["anchors"]
    assert [b["min_total"] for b in data["bands"]]
    assert client.get("/api/v1/scales/IPS-25:x/").status_code == 404


def test_reviews_are_final_ones_in_scope_with_total_band_and_item_scores(
    token_for, manager, reviewer, center, other_center
):
    mine = final_review(center, [reviewer], IPS25_SCORES)
    final_review(other_center, [UserFactory(role=Role.REVIEWER)], IPS25_SCORES)
    client = client_with(token_for(manager))
    results = client.get("/api/v1/reviews/").json()["results"]
    assert [r["id"] for r in results] == [mine.pk]
    assert results[0]["total"] == 100
    assert results[0]["band"] == mine.band_label
    assert results[0]["item_scores"][0] == {"number": 1, "score": 4}
    assert client.get("/api/v1/reviews/", {"center": "AU"}).json()["count"] == 0
    report = client.get(f"/api/v1/reviews/{mine.pk}/report/").json()
    assert report["total"] == 100 and len(report["items"]) == 25


def test_outcomes_filter_by_center_code_year_and_quarter(token_for, admin, center):
    EmploymentOutcomeFactory(center=center, year=2024, quarter=1)
    EmploymentOutcomeFactory(center=center, year=2024, quarter=2)
    client = client_with(token_for(admin))
    data = client.get("/api/v1/outcomes/", {"center": "nv", "quarter": 2}).json()
    assert [o["period"] for o in data["results"]] == ["2024 Q2"]
    assert client.get("/api/v1/outcomes/", {"year": "99999999999"}).status_code == 400


def test_the_portfolio_gives_the_pages_rows_and_refuses_an_unknown_region(
    token_for, manager, reviewer, center
):
    final_review(center, [reviewer], IPS25_SCORES)
    client = client_with(token_for(manager))
    rows = client.get("/api/v1/portfolio/").json()["results"]
    assert [(r["code"], r["total"]) for r in rows] == [("NV", 100)]
    response = client.get("/api/v1/portfolio/", {"region": "Atlantis"})
    assert response.status_code == 400 and "region" in response.json()["errors"]


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_survey_aggregates_are_the_dashboards_cells_for_the_callers_role(
    token_for,
    survey_world,  # noqa: F811
    role,
):
    user = survey_world[role]
    client = client_with(token_for(user))
    for center in [None, *survey_world["centers"]]:
        for arm in ["", *ARMS]:
            params = {"arm": arm, **({"center": center.pk} if center else {})}
            data = client.get("/api/v1/surveys/aggregates/", params).json()
            page = dashboard(user, Filters(center=center, arm=arm))
            assert data["included"] == cell_json(page.included)
            assert data["threshold"] == page.threshold
            assert [r["yes"] for r in data["barriers"]] == [cell_json(r.yes) for r in page.barriers]
            assert [r["n"] for r in data["reach"]] == [cell_json(r.n) for r in page.reach]
            assert [[level["cell"] for level in t["levels"]] for t in data["scales"]] == [
                [cell_json(cell) for _label, cell in t.levels] for t in page.scales
            ]
    # Somewhere the manager sees a hidden cell that the admin sees exactly.
    small = {"center": survey_world["centers"][1].pk, "arm": "ips"}  # three people
    hidden = client.get("/api/v1/surveys/aggregates/", small)
    suppressed = hidden.json()["included"]["suppressed"]
    assert suppressed is (role == "manager")


def test_participant_level_data_is_for_admins_and_logged_as_an_export(
    token_for, admin, manager, center
):
    ParticipantFactory(center=center, consent_recorded_by=admin)
    assert client_with(token_for(manager)).get("/api/v1/participants/").status_code == 403
    response = client_with(token_for(admin)).get("/api/v1/participants/", {"center": "NV"})
    assert response.status_code == 200
    assert len(response.json()["rows"]) == 1
    assert response["Cache-Control"] == "no-store"
    export = ExportLog.objects.get()
    assert (export.user, export.format, export.row_count) == (admin, "api", 1)
    assert export.filters["center"] == "NV"
    read = ReadLog.objects.get()
    assert (read.user, read.kind, read.center) == (admin, ReadLog.Kind.EXPORT, center)
