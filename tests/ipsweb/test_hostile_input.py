"""Random and hostile data to every form: never a 500, no change from invalid input, no raw echo.

Each endpoint names who posts and where. The fields come from the form the page itself shows, so a
new field is fuzzed without editing this file. A response that shows the form again (200) or
refuses (400, 403, 404, 405, 409, 410) must leave every row of the project's tables as it was; a
redirect means the input was accepted, which only well-formed values can be.
"""

import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook

import reviews
from centers.models import EmploymentOutcome
from ipsweb.backup import PROJECT_APPS
from ipsweb.dates import LAST_STORED_DATE
from ipsweb.tabular import Table
from participants.imports.checks import import_check
from participants.imports.services import import_prepare
from participants.models import Statement
from participants.services import link_create
from reviews.models import FidelityScale
from reviews.scale_format import ScaleFormatError, parse_scale
from reviews.services.facts import data_request_create
from reviews.services.follow_up import follow_up_link_create
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
    Endpoint("participant import", "manager", at("participants:import")),
    Endpoint("import confirmation", "manager", at("participants:import_preview", "import_batch")),
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
        json_fields=("item", "score", "evidence", "version"),
    ),
    Endpoint(
        "rating autosave by a manager",
        "manager",
        at("reviews:autosave", "review"),
        json_fields=("item", "score", "evidence", "version"),
    ),
    Endpoint("review facts", "reviewer", at("reviews:facts", "review")),
    Endpoint("review facts by a manager", "manager", at("reviews:facts", "review")),
    Endpoint(
        "facts by data request link",
        None,
        lambda w: reverse("data_request", args=[w["data_request_token"]]),
    ),
    Endpoint("rating sheet upload", "reviewer", at("reviews:rate_sheet_upload", "review")),
    Endpoint("consensus", "reviewer", at("reviews:consensus", "ready")),
    Endpoint("strengths", "reviewer", at("reviews:strengths", "review")),
    Endpoint("reopen", "admin", at("reviews:reopen", "final")),
    Endpoint("action create", "reviewer", at("reviews:action_create", "final")),
    Endpoint("action edit", "reviewer", at("reviews:action_edit", "final", "action")),
    Endpoint("follow-up link", "reviewer", at("reviews:follow_up_links", "final")),
    Endpoint(
        "action plan by link",
        None,
        lambda w: reverse("action_follow_up", args=[w["follow_up_token"]]),
    ),
    Endpoint("scale create", "admin", at("reviews:scale_create")),
    Endpoint("scale edit", "admin", at("reviews:scale_edit", "draft")),
    Endpoint("scale sections", "admin", at("reviews:scale_sections", "draft")),
    Endpoint("scale bands", "admin", at("reviews:scale_bands", "draft")),
    Endpoint(
        "scale texts in Norwegian",
        "admin",
        lambda w: reverse("reviews:scale_translate", args=[w["draft"].pk, "nb"]),
    ),
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
    reviews = reviews_in_every_state(center, reviewer)
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
        "import_batch": import_prepare(
            actor=manager,
            file_name="import.csv",
            table={"header": ["study_code", "age"], "rows": [[2, [participant.study_code, "40"]]]},
            plan=import_check(
                user=manager,
                table=Table(["study_code", "age"], [(2, [participant.study_code, "40"])]),
            ),
            options={},
        ),
        **reviews,
        "data_request_token": data_request_create(
            review=reviews["review"],
            actor=reviewer,
            expires_on=datetime.date.today() + datetime.timedelta(days=3),
        )[1],
        "follow_up_token": follow_up_link_create(
            actor=reviewer,
            review=reviews["final"],
            expires_on=datetime.date.today() + datetime.timedelta(days=3),
        )[1],
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


def test_a_username_longer_than_any_account_is_refused_before_the_login_throttle_sees_it(client):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "secret"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not apps.get_model("axes", "AccessAttempt").objects.exists()


GET_FORM = re.compile(r'<form[^>]*method="get".*?</form>', re.DOTALL)
LIST_PAGES = [
    "centers:list",
    "user_list",
    "participants:list",
    "participants:follow_ups_due",
    "participants:dashboard",
    "reviews:list",
    "dashboards:portfolio",
    "dashboards:comparison",
    "dashboards:comparison_export",
    "dashboards:fidelity_outcomes",
    "dashboards:self_assessments",
]
# Read by the views without being a field of the page's filter form.
ALWAYS_READ = ["q", "region", "center", "page", "format"]
HOSTILE_FILTER_VALUES = [
    "a\x00b",
    "\x00",
    "²",
    "9" * 30,
    "-1",
    "x" * 5000,
    "🙂",
    "9999-12-31",
    "0001-01-01",
]


@pytest.mark.parametrize("page", LIST_PAGES)
def test_hostile_filter_values_never_break_a_list_page(client_for, world, page):
    client = client_for(world["admin"])
    url = reverse(page)
    filters = GET_FORM.findall(client.get(url).content.decode())
    names = dict.fromkeys([*FIELD.findall("".join(filters)), *ALWAYS_READ])
    for name in names:
        for value in HOSTILE_FILTER_VALUES:
            response = client.get(url, {name: value})
            assert response.status_code in REFUSED | {302}, (name, value, response.status_code)


def test_a_null_character_in_a_search_is_dropped_and_said_so(client_for, admin, center):
    response = client_for(admin).get(reverse("centers:list"), {"q": center.name[:3] + "\x00"})
    page = response.content.decode()
    assert center.name in page
    assert "Null characters cannot be searched for" in page


def test_a_null_character_in_the_review_filter_is_refused_with_a_message(client_for, admin):
    response = client_for(admin).get(reverse("reviews:list"), {"q": "C\x00"})
    assert "Null characters are not allowed" in response.content.decode()


HOSTILE_LANGUAGES = ["", "xx", "EN", "e\x00n", "n" * 5000, "🙂", "../en", "en;nb"]


@pytest.mark.parametrize("language", HOSTILE_LANGUAGES, ids=range(len(HOSTILE_LANGUAGES)))
def test_a_hostile_report_language_is_refused_with_a_message_and_nothing_sent(
    client_for, world, language
):
    world["center"].contact_email = "leader@example.org"
    world["center"].save()
    client = client_for(world["reviewer"])
    final = world["final"]
    before = every_row()
    pdf = client.get(reverse("reviews:report_pdf", args=[final.pk]), {"language": language})
    sent = client.post(
        reverse("reviews:report_send", args=[final.pk]), {"language": language}, follow=True
    )
    assert pdf.status_code == 302
    assert sent.status_code == 200
    assert "Choose the language of the report." in sent.content.decode()
    assert every_row() == before
    assert mail.outbox == []


@pytest.mark.parametrize("pk", ["0", "99999", "-5", "x", "1" * 40])
def test_a_bad_review_id_for_the_report_pdf_or_sending_is_a_404(client_for, world, pk):
    client = client_for(world["admin"])
    for path in (f"/reviews/{pk}/report/pdf/", f"/reviews/{pk}/report/send/"):
        assert client.post(path, {"language": "en"}).status_code in {404, 405}
        assert client.get(path).status_code in {404, 405}
    assert mail.outbox == []


HOSTILE_QUOTES = ["", "17", "17:", ":" + "a" * 32, "0:" + "a" * 32, "17:" + "A" * 32, "9" * 400]


@pytest.mark.parametrize("quote", HOSTILE_QUOTES, ids=range(len(HOSTILE_QUOTES)))
def test_a_hostile_quote_choice_is_refused_with_a_message_and_nothing_stored(
    client_for, world, quote
):
    client = client_for(world["reviewer"])
    before = every_row()
    response = client.post(
        reverse("reviews:quote_add", args=[world["review"].pk]), {"quote": quote}, follow=True
    )
    assert response.status_code == 200
    assert "Choose an excerpt shown beside an item." in response.content.decode()
    assert every_row() == before


def scale_file_with(name: str) -> bytes:
    data = json.loads((Path(reviews.__file__).parent / "data" / "ips25.json").read_text())
    data["code"], data["name"] = "HOSTILE", name
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels deep"),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, "nested more than 32 levels deep"),
        ("1" * 5_000, "not a readable JSON file"),
        (scale_file_with("Evil\u0000name"), "null character"),
    ],
    ids=["deep lists", "deep objects", "a number of 5,000 digits", "a null character"],
)
def test_a_hostile_scale_file_is_refused_with_a_message(client_for, admin, content, message):
    content = content if isinstance(content, bytes) else content.encode()
    upload = SimpleUploadedFile("scale.json", content, content_type="application/json")
    scales = FidelityScale.objects.count()
    response = client_for(admin).post(reverse("reviews:scale_import"), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FidelityScale.objects.count() == scales


def test_brackets_inside_texts_do_not_count_as_nesting(client_for, admin):
    upload = SimpleUploadedFile("scale.json", scale_file_with("[" * 100 + "{" * 100))
    response = client_for(admin).post(reverse("reviews:scale_import"), {"file": upload})
    assert response.status_code == 302
    assert FidelityScale.objects.get(code="HOSTILE").name == "[" * 100 + "{" * 100


def test_a_superscript_digit_as_an_anchor_score_is_a_problem_not_a_crash():
    data = json.loads(scale_file_with("Scale"))
    data["sections"][0]["items"][0]["anchors"] = {"²": "Two"}
    with pytest.raises(ScaleFormatError) as error:
        parse_scale(data)
    assert any("anchor “²” must be a score with a text" in p for p in error.value.problems)


@pytest.mark.parametrize(
    "body",
    ["[" * 100_000, '{"item": ' + "9" * 5_000 + "}", '{"item": 1, "evidence": "a\\u0000"}'],
    ids=["deep", "a number of 5,000 digits", "a null character"],
)
def test_a_hostile_autosave_body_gets_a_json_error(client_for, world, body):
    response = client_for(world["reviewer"]).post(
        reverse("reviews:autosave", args=[world["review"].pk]),
        body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


def upload_outcomes(client, text: str):
    upload = SimpleUploadedFile("outcomes.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("outcome_import"), {"file": upload})


def test_an_outcome_file_with_one_huge_field_names_the_row_and_imports_nothing(
    client_for, admin, center
):
    header = "center_code,year,quarter,served,working\n"
    text = header + "NV,2025,1,40,12\n" + "NV,2025,2,40," + "9" * 200_000 + "\n"
    response = upload_outcomes(client_for(admin), text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in html
    assert "This row cannot be read: a value is far too long" in html
    assert '<td class="text-end">3</td>' in html
    assert not EmploymentOutcome.objects.exists()


@pytest.mark.parametrize(
    ("cell", "message"),
    [("N\x00V", "contains a null character"), ("9" * 500, "at most 100 are allowed")],
)
def test_an_outcome_value_with_a_null_character_or_too_long_is_a_problem(
    client_for, admin, center, cell, message
):
    text = f"center_code,year,quarter,served,working\n{cell},2025,1,40,12\n"
    response = upload_outcomes(client_for(admin), text)
    assert message in response.content.decode()
    assert not EmploymentOutcome.objects.exists()


DATE_FIELDS = [
    ("admin", at("centers:edit", "center"), "ips_started_on"),
    ("admin", at("reviews:create"), "visit_start"),
    ("admin", at("reviews:create"), "visit_end"),
    ("admin", at("reviews:edit", "review"), "visit_start"),
    ("manager", at("participants:create"), "included_on"),
    ("manager", at("participants:create"), "consent_on"),
    ("manager", at("participants:edit", "participant"), "included_on"),
    ("manager", at("participants:withdraw", "participant"), "withdrawn_on"),
    ("reviewer", at("reviews:action_create", "final"), "due_date"),
    ("reviewer", at("reviews:action_edit", "final", "action"), "due_date"),
]


@pytest.mark.parametrize(("actor", "url", "field"), DATE_FIELDS, ids=[f[2] for f in DATE_FIELDS])
@pytest.mark.parametrize("typed", ["9999-12-31", "1899-12-31"])
def test_a_form_refuses_an_implausible_date_and_names_the_range(
    client_for, world, actor, url, field, typed
):
    client = client_for(world[actor])
    before = every_row()
    response = client.post(url(world), {field: typed})
    assert response.status_code == 200
    page = response.content.decode()
    # Registration says so first when the date is in the future; the range follows once it isn't.
    assert "Enter a date from 2000-01-01 to " in page or "This date is in the future" in page
    assert every_row() == before


# Each model with the dates people type (moved together, so that only the range can object).
STORED_DATES = {
    "centers.Center": ["ips_started_on"],
    "reviews.Review": ["visit_start", "visit_end"],
    "participants.Participant": ["included_on", "consent_on", "withdrawn_on"],
    "reviews.ActionItem": ["due_date"],
}


@pytest.mark.parametrize("model", STORED_DATES)
@pytest.mark.parametrize("stored", [datetime.date(9999, 12, 31), datetime.date(1999, 12, 31)])
def test_the_database_refuses_an_implausible_date(world, model, stored):
    rows = apps.get_model(model).objects.all()
    assert rows.exists()
    with pytest.raises(IntegrityError, match="_plausible"), transaction.atomic():
        rows.update(**dict.fromkeys(STORED_DATES[model], stored))


def test_pages_with_every_date_at_the_stored_bound_still_render(client_for, world):
    last = LAST_STORED_DATE
    Review = apps.get_model("reviews.Review")
    Review.objects.update(visit_start=last, visit_end=last)
    apps.get_model("reviews.ActionItem").objects.update(due_date=last)
    apps.get_model("participants.Participant").objects.update(included_on=last, consent_on=last)
    apps.get_model("centers.Center").objects.update(ips_started_on=last)
    client = client_for(world["admin"])
    pages = [
        reverse("dashboards:portfolio"),
        reverse("dashboards:comparison"),
        reverse("dashboards:fidelity_outcomes"),
        reverse("centers:detail", args=[world["center"].pk]),
        reverse("reviews:list"),
        reverse("reviews:detail", args=[world["final"].pk]),
        reverse("reviews:report", args=[world["final"].pk]),
        reverse("participants:list"),
        reverse("participants:detail", args=[world["participant"].pk]),
        reverse("participants:follow_ups_due"),
        reverse("participants:dashboard"),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert "2100" in client.get(reverse("dashboards:portfolio")).content.decode()


HUGE_ID = 99999999999999999999


def urls_with_huge_ids() -> list[str]:
    from tests.ipsweb.test_permission_matrix import url_names

    urls = []
    # A password reset link's parts are a token, not ids: a wrong one shows the expired-link page.
    for name in sorted(url_names() - {"password_reset_confirm"}):
        for count in (1, 2, 3):
            try:
                urls.append(reverse(name, args=[HUGE_ID] * count))
                break
            except NoReverseMatch:
                continue
    return urls


@pytest.mark.parametrize("url", urls_with_huge_ids())
def test_an_id_too_large_for_the_database_is_not_found(client_for, admin, url):
    client = client_for(admin)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"reason": "x", "confirm": "1"}).status_code in {404, 405}


def test_an_outcome_quarter_years_ahead_is_refused_by_the_form_and_the_import(client_for, world):
    client = client_for(world["admin"])
    year = str(datetime.date.today().year + 3)
    url = reverse("centers:outcome_create", args=[world["center"].pk])
    outcome = {"year": year, "quarter": "1", "served": "10", "working": "2"}
    # The factory's quarters run on with every test that builds the world; it may hold one.
    before = EmploymentOutcome.objects.filter(year=int(year)).count()
    response = client.post(url, outcome)
    assert response.status_code == 200
    assert f"Enter a year up to {int(year) - 1}." in response.content.decode()
    text = f"center_code,year,quarter,served,working\n{world['center'].code},{year},1,10,2\n"
    assert "Enter a year up to" in upload_outcomes(client, text).content.decode()
    assert EmploymentOutcome.objects.filter(year=int(year)).count() == before


def test_a_long_reason_for_reopening_is_kept_whole_and_shortened_in_the_history(client_for, world):
    final = world["final"]
    reason = "Scores of items 3 and 17 were entered for the wrong center. " * 10
    response = client_for(world["admin"]).post(
        reverse("reviews:reopen", args=[final.pk]), {"reason": reason}
    )
    assert response.status_code == 302
    final.refresh_from_db()
    assert final.reopenings.get().reason == reason.strip()
    history_reason = final.history.latest().history_change_reason
    assert history_reason.startswith("Reopened: Scores of items 3")
    assert len(history_reason) == 100


@pytest.mark.parametrize(
    "expires_on",
    ["", "2024-02-30", "9999-12-31", "1900-01-01", "x" * 5000, "\x00", SCRIPT, "-1"],
)
def test_a_hostile_expiry_of_a_data_request_link_makes_no_link(client_for, world, expires_on):
    client = client_for(world["reviewer"])
    before = every_row()
    response = client.post(
        reverse("reviews:data_request_create", args=[world["review"].pk]),
        {"expires_on": expires_on},
    )
    assert response.status_code == 200
    assert 'id="link-url"' not in response.content.decode()
    assert SCRIPT not in response.content.decode()
    assert every_row() == before


@pytest.mark.parametrize("token", ["x" * 5000, "%00", "..", "%2e%2e", SCRIPT])
def test_a_hostile_data_request_token_is_not_found(client, token):
    response = client.get(f"/d/{token}/")
    assert response.status_code == 404
    assert SCRIPT not in response.content.decode()


def xlsx_bomb() -> bytes:
    """A small archive that unpacks to over 100 MiB (the limit for a 1 MiB upload)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(105):
            member.write(b"0" * (1024 * 1024))
    return buffer.getvalue()


def workbook_of_rows(count: int) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Item", "Name", "Score"])
    for number in range(count):
        workbook.active.append([number, "x", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ratings.xlsx", xlsx_bomb, "unpacks to far more data than it holds"),
        ("ratings.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 5000, "not a readable Excel workbook"),
        ("ratings.xlsx", lambda: b"\xff\xfe\x00<" * 1000, "not an Excel workbook (XLSX)"),
        ("ratings.xlsx", lambda: b"", "The submitted file is empty."),
        ("ratings.xlsx", lambda: b"PK" * 600_000, "the limit is 1 MiB"),
        ("ratings.xlsx", lambda: workbook_of_rows(600), "more than 500 rows"),
        (SCRIPT + ".xlsx.exe", lambda: b"MZ", "Upload the Excel workbook (.xlsx)"),
    ],
    ids=["zip bomb", "broken zip", "UTF-16 text", "empty", "too large", "600 rows", "script"],
)
def test_a_hostile_rating_sheet_upload_is_refused_with_a_message(
    client_for, world, name, content, message
):
    client = client_for(world["reviewer"])
    before = every_row()
    upload = SimpleUploadedFile(name, content())
    response = client.post(
        reverse("reviews:rate_sheet_upload", args=[world["review"].pk]), {"file": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert SCRIPT not in page
    assert every_row() == before


def test_a_rating_sheet_apply_without_an_upload_changes_nothing(client_for, world):
    client = client_for(world["reviewer"])
    before = every_row()
    response = client.post(reverse("reviews:rate_sheet_preview", args=[world["review"].pk]))
    assert response.url == reverse("reviews:rate_sheet_upload", args=[world["review"].pk])
    assert every_row() == before
