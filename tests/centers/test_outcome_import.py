import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centers.models import EmploymentOutcome
from centers.roles import Role
from centers.services import OutcomeImportRejected, outcome_import
from tests.factories import EmploymentOutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "center_code,year,quarter,served,working\n"


def run(actor, text, replace_existing=False):
    return outcome_import(actor=actor, text=text, replace_existing=replace_existing)


def problems_of(actor, text, replace_existing=False):
    with pytest.raises(OutcomeImportRejected) as error:
        run(actor, text, replace_existing)
    return [(p.row, p.column, p.message) for p in error.value.problems]


def stored():
    return sorted(
        EmploymentOutcome.objects.values_list(
            "center__code", "year", "quarter", "served", "working"
        )
    )


def test_a_good_file_imports_every_row(admin, center, other_center):
    result = run(admin, HEADER + "NV,2025,1,40,12\nNV,2025,2,42,15\nAU,2025,1,30,9\n")
    assert stored() == [
        ("AU", 2025, 1, 30, 9),
        ("NV", 2025, 1, 40, 12),
        ("NV", 2025, 2, 42, 15),
    ]
    assert (result.created, result.replaced, result.unchanged) == (3, 0, 0)
    assert {o.entered_by for o in EmploymentOutcome.objects.all()} == {admin}


def test_semicolons_a_byte_order_mark_q_quarters_any_case_and_any_column_order_are_fine(
    admin, center
):
    text = "\ufeffWorking;Served;Quarter;Year;Center_Code\n12;40;Q3;2025;nv\n\n13;41;q4;2025; nv \n"
    run(admin, text.removeprefix("\ufeff"))
    assert stored() == [("NV", 2025, 3, 40, 12), ("NV", 2025, 4, 41, 13)]


def test_one_bad_row_means_nothing_is_imported(admin, center):
    with pytest.raises(OutcomeImportRejected):
        run(admin, HEADER + "NV,2025,1,40,12\nNV,2025,2,10,15\nNV,2025,3,40,12\n")
    assert stored() == []


def test_every_problem_is_listed_with_its_row_and_column(admin, center):
    text = HEADER + (
        "NV,2025,1,40,50\n"  # row 2: more working than served
        "NV,20x5,2,40,5\n"  # row 3
        "NV,2025,7,40,5\n"  # row 4
        ",2025,1,40,5\n"  # row 5
        "NV,1850,1,-4,5\n"  # row 6: two problems
        "NV,2025,3,40\n"  # row 7
        "NV,2025,4,40.5,5\n"  # row 8
    )
    problems = problems_of(admin, text)
    assert problems == [
        (2, "working", "50 working is more than the 40 served."),
        (3, "year", "“20x5” is not a whole number of 0 or more."),
        (4, "quarter", "Value 7 is not a valid choice."),
        (5, "center_code", "Enter the center's short code."),
        (6, "served", "“-4” is not a whole number of 0 or more."),
        (7, "", "Expected 5 values, found 4."),
        (8, "served", "“40.5” is not a whole number of 0 or more."),
    ]


def test_values_out_of_range_are_problems_not_crashes(admin, center):
    problems = problems_of(admin, HEADER + "NV,1850,1,99999999999,5\n")
    assert (2, "year", "Ensure this value is greater than or equal to 1990.") in problems
    assert [p[1] for p in problems] == ["year", "served"]


def test_unicode_digits_are_not_numbers(admin, center):
    problems = problems_of(admin, HEADER + "NV,2025,1,4²,1\n")
    assert problems == [(2, "served", "“4²” is not a whole number of 0 or more.")]


def test_a_file_with_missing_unknown_or_repeated_columns_is_refused(admin, center):
    problems = problems_of(admin, "center,year,quarter,served,working,working\nNV,2025,1,4,1,1\n")
    assert (1, "center_code", problems[0][2]) == problems[0]
    assert "This column is missing" in problems[0][2]
    assert "center_code, year, quarter, served, working" in problems[0][2]
    assert (1, "center", problems[1][2]) == problems[1]
    assert problems[1][2].startswith("Unknown column.")
    assert problems[2] == (1, "working", "This column appears more than once.")


def test_an_empty_file_or_a_header_alone_is_refused(admin, center):
    assert problems_of(admin, "")[0][2].startswith("The file is empty.")
    assert problems_of(admin, HEADER) == [(2, "", "The file has no rows to import.")]


def test_a_quarter_twice_in_the_file_is_a_problem(admin, center):
    problems = problems_of(admin, HEADER + "NV,2025,1,40,12\nnv,2025,Q1,40,13\n")
    assert problems == [(3, "quarter", "NV 2025 Q1 is already in row 2.")]


def test_an_existing_quarter_with_other_numbers_is_refused_unless_replacing(admin, center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=1, served=40, working=12)
    problems = problems_of(admin, HEADER + "NV,2025,1,44,15\nNV,2025,2,40,10\n")
    assert problems == [
        (
            2,
            "quarter",
            "NV 2025 Q1 already has 40 served and 12 working. "
            "Choose “Replace quarters that already exist” to overwrite them.",
        )
    ]
    assert stored() == [("NV", 2025, 1, 40, 12)]


def test_replacing_existing_quarters_reports_what_they_were(admin, manager, center):
    EmploymentOutcomeFactory(
        center=center, year=2025, quarter=1, served=40, working=12, entered_by=manager
    )
    result = run(admin, HEADER + "NV,2025,1,44,15\nNV,2025,2,40,10\n", replace_existing=True)
    assert stored() == [("NV", 2025, 1, 44, 15), ("NV", 2025, 2, 40, 10)]
    assert (result.created, result.replaced, result.unchanged) == (1, 1, 0)
    replaced = result.rows[0]
    assert (replaced.status, replaced.previous) == ("replaced", (40, 12))
    assert EmploymentOutcome.objects.get(quarter=1).entered_by == admin


def test_importing_the_same_file_twice_changes_nothing_the_second_time(admin, center):
    text = HEADER + "NV,2025,1,40,12\nNV,2025,2,42,15\n"
    run(admin, text)
    result = run(admin, text)
    assert (result.created, result.replaced, result.unchanged) == (0, 0, 2)
    assert EmploymentOutcome.objects.count() == 2


def test_rows_for_centers_outside_the_importers_scope_are_problems(center, other_center):
    clerk = UserFactory(role=Role.MANAGER, centers=[center])
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_employmentoutcome", "change_employmentoutcome"]
        )
    )
    problems = problems_of(clerk, HEADER + "NV,2025,1,40,12\nAU,2025,1,30,9\nZZ,2025,1,3,1\n")
    # Another region's center and a code that does not exist get the same answer.
    assert problems == [
        (3, "center_code", "There is no center with the code “AU” that you may import for."),
        (4, "center_code", "There is no center with the code “ZZ” that you may import for."),
    ]
    assert stored() == []
    run(clerk, HEADER + "NV,2025,1,40,12\n")
    assert stored() == [("NV", 2025, 1, 40, 12)]


# --- The page --------------------------------------------------------------------------------


def upload(client, content: bytes, replace=False, name="outcomes.csv"):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if replace:
        data["replace_existing"] = "on"
    return client.post(reverse("outcome_import"), data)


def test_admin_imports_a_file_and_sees_what_happened_row_by_row(client_for, admin, center):
    response = upload(client_for(admin), (HEADER + "NV,2025,1,40,12\n").encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file was imported." in html
    assert "1 new quarters, 0 replaced, 0 unchanged." in html
    assert "2025 Q1" in html
    assert stored() == [("NV", 2025, 1, 40, 12)]


def test_the_page_lists_the_problems_and_imports_nothing(client_for, admin, center):
    response = upload(client_for(admin), (HEADER + "NV,2025,1,40,12\nNV,2025,2,4,9\n").encode())
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "The file has 1 problem." in html
    assert "9 working is more than the 4 served." in html
    assert stored() == []


def test_the_page_replaces_existing_quarters_only_when_asked(client_for, admin, center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=1, served=40, working=12)
    client = client_for(admin)
    upload(client, (HEADER + "NV,2025,1,44,15\n").encode())
    assert stored() == [("NV", 2025, 1, 40, 12)]
    html = upload(client, (HEADER + "NV,2025,1,44,15\n").encode(), replace=True).content.decode()
    assert "was 40 served, 12 working" in html
    assert stored() == [("NV", 2025, 1, 44, 15)]


def test_an_excel_utf8_file_with_a_byte_order_mark_is_read(client_for, admin, center):
    upload(client_for(admin), ("\ufeff" + HEADER + "NV,2025,1,40,12\n").encode("utf-8"))
    assert stored() == [("NV", 2025, 1, 40, 12)]


def test_a_file_that_is_not_utf8_gets_a_clear_message(client_for, admin, center):
    response = upload(client_for(admin), (HEADER + "NV,2025,1,40,12\n").encode("utf-16"))
    assert "The file is not UTF-8 text." in response.content.decode()
    assert stored() == []


def test_a_file_over_one_megabyte_is_refused(client_for, admin, center):
    response = upload(client_for(admin), HEADER.encode() + b"NV,2025,1,40,12\n" * 70000)
    assert "the limit is 1 MiB (1,048,576 bytes)." in response.content.decode()
    assert stored() == []


def test_no_file_gets_a_message(client_for, admin):
    response = client_for(admin).post(reverse("outcome_import"), {})
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "reviewer", "outsider"])
def test_only_admins_import(request, client_for, role, center):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("outcome_import")).status_code == 403
    assert upload(client, (HEADER + "NV,2025,1,40,12\n").encode()).status_code == 403
    assert stored() == []
