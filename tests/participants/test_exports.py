import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import LanguagePreference
from participants.models import ExportLog, Participant, Statement, StatementAnswer
from tests.factories import (
    BaselineFactory,
    DiagnosticFactory,
    FollowUpFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(center, other_center):
    first = ParticipantFactory(center=center, study_code="P-AAAA-AAAA")
    BaselineFactory(participant=first, age=30, gender="female", higher_education=False)
    DiagnosticFactory(participant=first, psychosis=True)
    follow_up = FollowUpFactory(
        participant=first,
        usefulness=4,
        facilitator_comment="=HYPERLINK(evil)",
        barrier_comment="x;=1+1;",
    )
    statement = Statement.objects.get(text="My illness was a barrier")
    StatementAnswer.objects.create(follow_up=follow_up, statement=statement, agrees=True)
    ParticipantFactory(center=other_center, study_code="P-BBBB-BBBB", arm="usual_care")
    return statement


def download(client, **form):
    return client.post(reverse("participants:exports"), {"format": "csv", **form})


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_participant_with_codes_and_labels(client_for, admin, data):
    response = download(client_for(admin))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row["study_code"]: row for row in read_csv(response)}
    assert set(rows) == {"P-AAAA-AAAA", "P-BBBB-BBBB"}
    first = rows["P-AAAA-AAAA"]
    assert (first["arm"], first["arm_label"]) == ("ips", "IPS")
    assert (first["gender"], first["gender_label"]) == ("female", "Female")
    assert (first["higher_education"], first["higher_education_label"]) == ("0", "No")
    assert first["reading_writing_difficulties"] == ""
    assert (first["severity"], first["severity_label"]) == ("severe", "Severe")
    assert first["severity_rule"].startswith("severity-1")
    assert (first["usefulness"], first["usefulness_label"]) == ("4", "Pretty useful")
    assert first[f"statement_{data.pk}"] == "1"
    assert first["follow_up_channel_label"] == "Entered by staff"
    assert rows["P-BBBB-BBBB"]["age"] == ""


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(client_for, admin, data):
    rows = read_csv(download(client_for(admin)))
    comment = next(r for r in rows if r["study_code"] == "P-AAAA-AAAA")["facilitator_comment"]
    assert comment == "'=HYPERLINK(evil)"
    workbook = load_workbook(io.BytesIO(download(client_for(admin), format="xlsx").content))
    sheet = workbook["Participants"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("facilitator_comment") + 1
    cell = next(
        sheet.cell(row=r, column=column)
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(row=r, column=1).value == "P-AAAA-AAAA"
    )
    assert cell.data_type == "s"


def test_a_separator_in_text_cannot_start_a_formula_in_excel_with_semicolon_lists(
    client_for, admin, data
):
    """Norwegian Excel splits CSV fields on ";": unquoted, x;=1+1; gave a cell =1+1 that ran."""
    body = download(client_for(admin)).content.decode("utf-8-sig")
    assert '"x;\'=1+1;"' in body
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(body), delimiter=delimiter):
            assert not [field for field in row if field.lstrip('"')[:1] in ("=", "+", "@")]
    comment = next(r for r in read_csv(download(client_for(admin))) if r["barrier_comment"])
    assert comment["barrier_comment"] == "x;'=1+1;"


def test_the_xlsx_has_a_participants_sheet_and_a_data_dictionary(client_for, admin, data):
    response = download(client_for(admin), format="xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Participants", "Data dictionary"]
    assert workbook["Participants"].max_row == 3
    dictionary = {row[0]: row for row in workbook["Data dictionary"].iter_rows(values_only=True)}
    assert "1 = Yes; 0 = No" in dictionary["higher_education"][3]
    assert "1 = Dissatisfied" in dictionary["general_satisfaction"][3]
    assert "My illness was a barrier" in dictionary[f"statement_{data.pk}"][1]
    assert dictionary["age"][4] == "empty cell"


def test_the_csv_data_dictionary_is_its_companion_download(client_for, admin, data):
    rows = list(
        csv.reader(
            io.StringIO(
                download(client_for(admin), format="dictionary").content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["variable", "description", "type", "codes", "missing"]
    assert any(row[0] == "severity" for row in rows)


def test_filters_narrow_the_export_and_every_export_is_logged(client_for, admin, data, center):
    response = download(client_for(admin), center=center.pk, arm="ips")
    assert [row["study_code"] for row in read_csv(response)] == ["P-AAAA-AAAA"]
    download(client_for(admin), format="xlsx")
    logs = list(ExportLog.objects.order_by("created_at"))
    assert [(log.format, log.row_count, log.user) for log in logs] == [
        ("csv", 1, admin),
        ("xlsx", 2, admin),
    ]
    assert logs[0].filters["center"] == center.code and logs[0].filters["arm"] == "ips"
    page = client_for(admin).get(reverse("participants:exports")).content.decode()
    assert "center=NV" in page and admin.username in page


def test_a_bad_export_request_changes_nothing_and_says_what_is_wrong(client_for, admin, data):
    response = download(client_for(admin), format="pdf")
    assert response.status_code == 200
    assert "format" in response.context["form"].errors
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("role", ["manager", "reviewer", "outsider"])
def test_only_admins_export_participant_level_data(request, client_for, role, data):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("participants:exports")).status_code == 403
    assert download(client).status_code == 403
    assert not ExportLog.objects.exists()


def test_in_norwegian_the_csv_keeps_iso_dates_the_xlsx_real_dates_and_the_dictionary_says_so(
    client_for, admin, data
):
    LanguagePreference.objects.create(user=admin, language="nb")
    client = client_for(admin)
    participant = Participant.objects.get(study_code="P-AAAA-AAAA")
    first = {row["study_code"]: row for row in read_csv(download(client))}["P-AAAA-AAAA"]
    assert first["included_on"] == participant.included_on.isoformat()
    workbook = load_workbook(io.BytesIO(download(client, format="xlsx").content))
    sheet = list(workbook.worksheets[0].iter_rows(values_only=True))
    included = sheet[0].index("included_on")
    assert {row[included].date() for row in sheet[1:]} >= {participant.included_on}
    dictionary = download(client, format="dictionary").content.decode("utf-8-sig")
    assert "ISO 8601" in dictionary
