"""Import of participants and survey answers: round trip, every rule, all or nothing."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from ipsweb.tabular import read_table
from participants import demo
from participants.dashboard import Filters, dashboard
from participants.exports import as_csv, as_xlsx, export_data, table_rows
from participants.imports.checks import import_check
from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    ImportBatch,
    ImportLog,
    Participant,
    ReadLog,
    Statement,
    StatementAnswer,
)
from tests.factories import BaselineFactory, CenterFactory, FollowUpFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HEADER = "center_code,arm,included_on,consent_on,age,gender,years_employed,psychosis"


def csv_file(text: str, name: str = "import.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(client, data: bytes | str, name="import.csv", **options):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return client.post(
        reverse("participants:import"),
        {"file": SimpleUploadedFile(name, data), **options},
    )


def problems_of(user, text: str, **options) -> list[tuple[int, str, str]]:
    table = read_table(text.encode("utf-8"), max_rows=10_000)
    plan = import_check(user=user, table=table, **options)
    return [(p.row, p.column, p.message) for p in plan.problems]


def check_and_confirm(client, data, change_existing=False, **options):
    response = upload(client, data, **options)
    assert response.status_code == 302, response.content.decode()[:3000]
    return client.post(
        response["Location"], {"change_existing": "on"} if change_existing else {}, follow=True
    )


# -- round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_gives_identical_survey_tables(
    client_for, admin, fmt
):
    centers = {
        code: CenterFactory(code=code, ips_started_on=datetime.date(2023, 1, 1))
        for code in demo.IPS_PER_CENTER
    }
    demo.load(centers, {"manager": admin}, timezone.localdate())
    before = dashboard(admin, Filters())
    export = export_data(admin, Filters())
    body = as_xlsx(export) if fmt == "xlsx" else as_csv(table_rows(export))
    codes = set(Participant.objects.values_list("study_code", flat=True))
    FollowUpSurvey.objects.all().delete()
    Participant.objects.all().delete()

    response = check_and_confirm(
        client_for(admin), body, name=f"export.{fmt}", unknown_codes_are_new="on"
    )

    assert response.status_code == 200
    assert "was imported" in response.content.decode()
    assert Participant.objects.count() == len(codes)
    assert not codes & set(Participant.objects.values_list("study_code", flat=True))
    assert dashboard(admin, Filters()) == before


def test_an_export_imported_back_into_the_same_database_changes_nothing(client_for, admin):
    centers = {
        code: CenterFactory(code=code, ips_started_on=datetime.date(2023, 1, 1))
        for code in demo.IPS_PER_CENTER
    }
    demo.load(centers, {"manager": admin}, timezone.localdate())
    body = as_csv(table_rows(export_data(admin, Filters())))
    plan = import_check(user=admin, table=read_table(body, max_rows=10_000))
    assert plan.problems == []
    assert plan.changes == []
    assert plan.counts["participants_created"] == 0
    assert plan.counts["unchanged"] == Participant.objects.count()


# -- every rule has a failing row --------------------------------------------------------------

GOOD = "NV,ips,2025-01-15,2025-01-10,35,female,7,1"


def test_a_good_file_has_no_problems(manager, center):
    assert problems_of(manager, f"{HEADER}\n{GOOD}\n") == []


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("NV,ips,2025-01-15,2025-01-10,35,woman,7,1", "gender", "Select a valid choice"),
        ("NV,ips,2025-01-15,2025-01-10,35,female,7,2", "psychosis", "Select a valid choice"),
        ("NV,ips,2025-01-15,2025-01-10,12,female,7,1", "age", "greater than or equal to 16"),
        ("NV,ips,2025-01-15,2025-01-10,35,female,-1,1", "years_employed", "greater than"),
        ("NV,ips,2025-01-15,2025-01-10,thirty,female,7,1", "age", "Enter a whole number"),
        ("NV,ips,1999-12-31,2025-01-10,35,female,7,1", "included_on", "Enter a date from"),
        ("NV,ips,2025-01-15,2025-01-10,35,female,40,1", "years_employed", "more than the age"),
        ("NV,ips,2025-01-15,2025-02-10,35,female,7,1", "consent_on", "on or before"),
        ("NV,ips,2025-13-15,2025-01-10,35,female,7,1", "included_on", "Enter a valid date"),
        ("NV,ipx,2025-01-15,2025-01-10,35,female,7,1", "arm", "Select a valid choice"),
        ("NV,,2025-01-15,2025-01-10,35,female,7,1", "arm", "required"),
        ("AU,ips,2025-01-15,2025-01-10,35,female,7,1", "center_code", "no center with the code"),
        ("XX,ips,2025-01-15,2025-01-10,35,female,7,1", "center_code", "no center with the code"),
    ],
)
def test_a_row_breaking_a_rule_is_reported_at_its_column(
    manager, center, other_center, row, column, message
):
    problems = problems_of(manager, f"{HEADER}\n{GOOD}\n{row}\n")
    assert [(r, c) for r, c, _m in problems] == [(3, column)], problems
    assert message in problems[0][2]


def test_a_date_in_the_future_is_refused(manager, center):
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    problems = problems_of(manager, f"{HEADER}\nNV,ips,{future},2025-01-10,35,female,7,1\n")
    assert problems == [(2, "included_on", "This date is in the future.")]


def test_an_inactive_center_gets_no_new_participants(manager, center):
    center.is_active = False
    center.save()
    problems = problems_of(manager, f"{HEADER}\n{GOOD}\n")
    assert problems[0][1] == "center_code" and "not active" in problems[0][2]


def test_unknown_and_out_of_scope_study_codes_are_refused_alike(manager, center, other_center):
    ParticipantFactory(center=other_center, study_code="P-AAAA-AAAA")
    problems = problems_of(manager, "study_code,age\nP-AAAA-AAAA,40\nP-ZZZZ-ZZZZ,40\n")
    assert [(r, c) for r, c, _m in problems] == [(2, "study_code"), (3, "study_code")]
    assert "no participant with the study code" in problems[0][2]
    assert problems[0][2].replace("P-AAAA-AAAA", "X") == problems[1][2].replace("P-ZZZZ-ZZZZ", "X")


def test_a_study_code_twice_in_a_file_is_refused(manager, center):
    ParticipantFactory(center=center, study_code="P-AAAA-AAAA")
    problems = problems_of(manager, "study_code,age\nP-AAAA-AAAA,40\np-aaaa-aaaa,41\n")
    assert problems == [(3, "study_code", "This study code is already in row 2.")]


@pytest.mark.parametrize(
    "header", ["navn", "Fødselsnummer", "first_name", "fnr", "e-mail", "Date of birth"]
)
def test_a_column_that_looks_like_names_or_identity_numbers_is_refused(manager, center, header):
    problems = problems_of(manager, f"{HEADER},{header}\n{GOOD},x\n")
    assert [(r, c) for r, c, _m in problems] == [(1, header.lower())]
    assert "study codes only" in problems[0][2]


def test_a_national_identity_number_in_any_cell_is_refused_without_repeating_it(manager, center):
    text = f'{HEADER},facilitator_comment\n{GOOD},"my number is 150575 87684"\n'
    problems = problems_of(manager, text)
    assert [(r, c) for r, c, _m in problems] == [(2, "facilitator_comment")]
    assert "national identity number" in problems[0][2]
    assert "87684" not in problems[0][2]
    # Eleven digits that fail the check digits are just a number.
    assert problems_of(manager, f"{HEADER},facilitator_comment\n{GOOD},15057587685\n") == []


def test_unknown_and_repeated_columns_are_refused(manager, center):
    problems = problems_of(manager, f"{HEADER},shoe_size,age\n{GOOD},42,35\n")
    assert [(r, c) for r, c, _m in problems] == [(1, "shoe_size"), (1, "age")]


def test_a_row_with_more_values_than_columns_is_refused(manager, center):
    assert problems_of(manager, f"{HEADER}\n{GOOD},extra\n")[0][:2] == (2, "")


def test_a_huge_cell_is_refused(manager, center):
    text = f"{HEADER},facilitator_comment\n{GOOD},{'x' * 2001}\n{GOOD},ok\n"
    problems = problems_of(manager, text)
    assert [(r, c) for r, c, _m in problems] == [(2, "facilitator_comment")]
    assert "2,001 characters" in problems[0][2]


def test_an_existing_participants_registration_is_not_changed_by_an_import(manager, center):
    ParticipantFactory(center=center, study_code="P-AAAA-AAAA", arm="ips")
    problems = problems_of(
        manager, "study_code,arm,included_on\nP-AAAA-AAAA,usual_care,2025-01-15\n"
    )
    assert [(r, c) for r, c, _m in problems] == [(2, "arm")]


def test_a_follow_up_for_usual_care_or_without_answers_is_refused(manager, center):
    statement = Statement.objects.filter(is_active=True).first()
    text = (
        f"{HEADER},statement_{statement.pk},usefulness,follow_up_channel\n"
        f"NV,usual_care,2025-01-15,2025-01-10,35,female,7,1,1,4,staff\n"
        f"NV,ips,2025-01-15,2025-01-10,35,female,7,1,,,staff\n"
        f"NV,ips,2025-01-15,2025-01-10,35,female,7,1,1,9,\n"
        f"NV,ips,2025-01-15,2025-01-10,35,female,7,1,1,4,post\n"
    )
    problems = problems_of(manager, text)
    assert [(r, c) for r, c, _m in problems] == [
        (2, "arm"),
        (3, "follow_up"),
        (4, "usefulness"),
        (5, "follow_up_channel"),
    ]


def test_withdrawn_participants_need_a_date_and_erased_ones_cannot_be_imported(manager, center):
    header = "center_code,arm,included_on,consent_on,status,withdrawn_on"
    text = (
        f"{header}\nNV,ips,2025-01-15,2025-01-10,withdrawn,\n"
        "NV,ips,2025-01-15,2025-01-10,withdrawn,2025-01-01\n"
        "NV,ips,2025-01-15,2025-01-10,erased,\n"
        "NV,ips,2025-01-15,2025-01-10,withdrawn,2025-03-01\n"
    )
    problems = problems_of(manager, text)
    assert [(r, c) for r, c, _m in problems] == [
        (2, "withdrawn_on"),
        (3, "withdrawn_on"),
        (4, "status"),
    ]


def test_answers_for_a_withdrawn_participant_are_refused(manager, center):
    ParticipantFactory(
        center=center,
        study_code="P-AAAA-AAAA",
        status="withdrawn",
        withdrawn_on=datetime.date(2025, 2, 1),
    )
    problems = problems_of(manager, "study_code,age\nP-AAAA-AAAA,40\n")
    assert [(r, c) for r, c, _m in problems] == [(2, "status")]
    assert "only be recorded for active participants" in problems[0][2]


# -- preview, confirm, audit, log --------------------------------------------------------------


def test_nothing_is_stored_until_the_owner_confirms_and_then_everything_is(
    client_for, manager, center
):
    client = client_for(manager)
    response = upload(client, f"{HEADER}\n{GOOD}\n{GOOD}\n")
    assert response.status_code == 302
    assert not Participant.objects.exists()
    preview = client.get(response["Location"])
    assert preview.context["counts"]["participants_created"] == 2
    assert preview.context["counts"]["baselines_added"] == 2
    assert preview.context["counts"]["screens_added"] == 2

    done = client.post(response["Location"], follow=True)

    assert "2 new participants" in done.content.decode()
    participants = list(Participant.objects.select_related("baseline", "diagnostic"))
    assert len(participants) == 2
    assert all(
        p.study_code.startswith("P-") and p.consent_recorded_by == manager for p in participants
    )
    assert {p.baseline.age for p in participants} == {35}
    assert all(p.diagnostic.psychosis is True for p in participants)
    history = BaselineSurvey.history.filter(participant_id=participants[0].pk).get()
    assert history.history_user == manager
    assert "import.csv" in history.history_change_reason
    log = ImportLog.objects.get()
    assert (log.user, log.file_name, log.row_count, log.participants_created) == (
        manager,
        "import.csv",
        2,
        2,
    )
    assert log.centers == ["NV"]
    assert not ImportBatch.objects.exists()


def test_changing_stored_answers_is_shown_old_to_new_and_needs_an_explicit_choice(
    client_for, manager, center
):
    participant = ParticipantFactory(center=center, study_code="P-AAAA-AAAA")
    BaselineFactory(participant=participant, age=30, gender="male", version=1)
    client = client_for(manager)
    response = upload(client, "study_code,age,gender\nP-AAAA-AAAA,31,male\n")
    preview = client.get(response["Location"])
    assert preview.context["counts"]["answers_changed"] == 1
    assert [list(c) for c in preview.context["changes"]] == [[2, "P-AAAA-AAAA", "age", "30", "31"]]
    assert "Change the existing answers shown above" in preview.content.decode()

    refused = client.post(response["Location"])
    assert "Tick" in refused.content.decode()
    assert BaselineSurvey.objects.get().age == 30

    client.post(response["Location"], {"change_existing": "on"})
    baseline = BaselineSurvey.objects.get()
    assert (baseline.age, baseline.gender, baseline.version, baseline.entered_by) == (
        31,
        "male",
        2,
        manager,
    )
    assert baseline.history.first().history_user == manager
    assert ImportLog.objects.get().answers_changed == 1


def test_follow_up_answers_are_added_and_changed_statement_by_statement(
    client_for, manager, center
):
    participant = ParticipantFactory(center=center, study_code="P-AAAA-AAAA")
    first, second = Statement.objects.filter(is_active=True).order_by("pk")[:2]
    follow_up = FollowUpFactory(participant=participant, usefulness=3)
    StatementAnswer.objects.create(follow_up=follow_up, statement=first, agrees=True)
    text = f"study_code,statement_{first.pk},statement_{second.pk},usefulness\nP-AAAA-AAAA,0,1,3\n"
    check_and_confirm(client_for(manager), text, change_existing=True)
    answers = dict(StatementAnswer.objects.values_list("statement_id", "agrees"))
    assert answers == {first.pk: False, second.pk: True}
    assert FollowUpSurvey.objects.get().version == 1


def test_a_preview_belongs_to_its_owner_only(client_for, manager, reviewer, center):
    response = upload(client_for(manager), f"{HEADER}\n{GOOD}\n")
    assert client_for(reviewer).get(response["Location"]).status_code == 404
    assert client_for(reviewer).post(response["Location"]).status_code == 404
    assert not Participant.objects.exists()


def test_data_changed_after_the_preview_is_checked_again_before_anything_is_stored(
    client_for, manager, center
):
    participant = ParticipantFactory(center=center, study_code="P-AAAA-AAAA")
    BaselineFactory(participant=participant, age=30)
    client = client_for(manager)
    response = upload(client, "study_code,age\nP-AAAA-AAAA,30\n")
    assert client.get(response["Location"]).context["counts"]["answers_changed"] == 0
    BaselineSurvey.objects.filter(participant=participant).update(age=50, version=2)

    again = client.post(response["Location"])

    assert again.status_code == 302
    preview = client.get(again["Location"])
    assert "Someone changed participants" in preview.content.decode()
    assert [list(c) for c in preview.context["changes"]] == [[2, "P-AAAA-AAAA", "age", "50", "30"]]
    assert BaselineSurvey.objects.get().age == 50


def test_a_failure_in_the_middle_of_an_import_leaves_nothing_stored(
    client_for, manager, center, monkeypatch
):
    statement = Statement.objects.filter(is_active=True).first()
    text = f"{HEADER},statement_{statement.pk}\n{GOOD},1\n{GOOD},0\n"
    client = client_for(manager)
    response = upload(client, text)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # The last write of an import: everything else is stored by then.
    monkeypatch.setattr(StatementAnswer.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        client.post(response["Location"])
    assert not Participant.objects.exists()
    assert not BaselineSurvey.objects.exists() and not DiagnosticScreen.objects.exists()
    assert not FollowUpSurvey.objects.exists() and not ImportLog.objects.exists()
    assert not Participant.history.exists()
    assert ImportBatch.objects.count() == 1  # the user can confirm again


def test_the_programs_reference_is_kept_only_when_the_admin_allows_it(
    client_for, manager, center, settings
):
    text = f"{HEADER},program_reference\n{GOOD},K-17\n"
    check_and_confirm(client_for(manager), text)
    assert Participant.objects.get().program_reference == ""
    settings.PARTICIPANT_IMPORT_KEEPS_REFERENCES = True
    check_and_confirm(client_for(manager), text)
    assert set(Participant.objects.values_list("program_reference", flat=True)) == {"", "K-17"}
    kept = Participant.objects.get(program_reference="K-17")
    detail = client_for(manager).get(reverse("participants:detail", args=[kept.pk]))
    assert "K-17" in detail.content.decode()


def test_the_import_log_lists_imports_for_admins(client_for, admin, manager, center):
    check_and_confirm(client_for(manager), f"{HEADER}\n{GOOD}\n", name="paper-baselines.csv")
    page = client_for(admin).get(reverse("participants:import_log"))
    assert "paper-baselines.csv" in page.content.decode()
    assert client_for(manager).get(reverse("participants:import_log")).status_code == 403


@pytest.mark.parametrize("kind", ["csv", "xlsx", "dictionary"])
def test_the_template_has_the_columns_an_import_reads(client_for, manager, kind):
    response = client_for(manager).get(reverse("participants:import_template", args=[kind]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if kind == "csv":
        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert header[:5] == ["study_code", "center_code", "arm", "included_on", "consent_on"]
        assert not [name for name in header if name.endswith("_label")]


def test_the_empty_template_is_a_file_without_rows(client_for, manager, center):
    body = client_for(manager).get(reverse("participants:import_template", args=["xlsx"])).content
    response = upload(client_for(manager), body, name="template.xlsx")
    assert "The file has no rows to import." in response.content.decode()


# -- hostile files -----------------------------------------------------------------------------


def errors_of(response) -> str:
    return response.content.decode()


def test_a_file_that_is_not_utf8_is_refused_with_a_hint(client_for, manager, center):
    response = upload(
        client_for(manager), f"{HEADER}\n{GOOD}\n".encode("latin-1") + "æ".encode("latin-1")
    )
    assert "not UTF-8" in errors_of(response)


def test_a_file_with_null_bytes_is_refused(client_for, manager, center):
    response = upload(client_for(manager), f"{HEADER}\n{GOOD}\n".encode("utf-16"))
    assert "null bytes" in errors_of(response)


def test_a_semicolon_file_with_a_byte_order_mark_is_read(client_for, manager, center):
    text = "\ufeff" + f"{HEADER}\n{GOOD}\n".replace(",", ";")
    assert upload(client_for(manager), text).status_code == 302


def test_formulas_are_data_and_never_run(client_for, manager, center):
    wb = Workbook()
    sheet = wb.active
    sheet.append([*HEADER.split(","), "facilitator_comment", "usefulness"])
    sheet.append([*GOOD.split(","), '=HYPERLINK("http://evil")', "=2+2"])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(client_for(manager), buffer.getvalue(), name="f.xlsx")
    assert "Select a valid choice" in errors_of(response)  # "=2+2" is not 4
    sheet.cell(row=2, column=10).value = 4
    buffer = io.BytesIO()
    wb.save(buffer)
    check_and_confirm(client_for(manager), buffer.getvalue(), name="f.xlsx")
    assert FollowUpSurvey.objects.get().facilitator_comment == '=HYPERLINK("http://evil")'


def test_a_csv_cell_too_long_for_the_csv_reader_is_refused(client_for, manager, center):
    response = upload(client_for(manager), f'{HEADER}\n{GOOD},"{"x" * 200_000}"\n')
    assert "cannot be read" in errors_of(response)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    client_for, manager, center, settings
):
    settings.PARTICIPANT_IMPORT_MAX_MEGABYTES = 1
    response = upload(client_for(manager), b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert "the limit is 1 MiB (1,048,576 bytes)" in errors_of(response)


def test_a_file_over_the_row_limit_is_refused(client_for, manager, center, settings):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 3
    response = upload(client_for(manager), HEADER + f"\n{GOOD}" * 4 + "\n")
    assert "more than 3 rows" in errors_of(response)


@pytest.mark.parametrize("body", [b"PK\x03\x04broken", b"PK\x03\x04" + b"\x00" * 100])
def test_a_broken_workbook_is_refused(client_for, manager, center, body):
    response = upload(client_for(manager), body, name="x.xlsx")
    assert "not a readable Excel workbook" in errors_of(response)
    assert not ImportBatch.objects.exists()


def test_the_audit_trail_of_an_import_names_the_importer_for_every_answer(
    client_for, manager, center
):
    statement = Statement.objects.filter(is_active=True).first()
    check_and_confirm(client_for(manager), f"{HEADER},statement_{statement.pk}\n{GOOD},1\n")
    answer = StatementAnswer.objects.get()
    entry = StatementAnswer.history.get()
    assert (entry.id, entry.agrees, entry.follow_up_id, entry.statement_id) == (
        answer.pk,
        True,
        answer.follow_up_id,
        statement.pk,
    )
    assert (entry.history_type, entry.history_user) == ("+", manager)
    assert Participant.history.get().history_user == manager


def test_an_import_refreshes_cached_pages_once(client_for, manager, center):
    from ipsweb.caching import read_stamp

    client = client_for(manager)
    response = upload(client, f"{HEADER}\n{GOOD}\n")
    before = read_stamp()
    client.post(response["Location"])
    assert read_stamp() != before


def test_an_expired_check_cannot_be_confirmed(client_for, manager, center):
    client = client_for(manager)
    response = upload(client, f"{HEADER}\n{GOOD}\n")
    ImportBatch.objects.update(expires_at=timezone.now())
    assert client.post(response["Location"]).status_code == 404
    assert not Participant.objects.exists()


def test_the_preview_is_logged_as_a_read_of_participant_data(client_for, manager, center):
    client = client_for(manager)
    response = upload(client, f"{HEADER}\n{GOOD}\n")
    client.get(response["Location"])
    assert ReadLog.objects.filter(user=manager, path=response["Location"]).exists()
