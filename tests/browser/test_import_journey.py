"""A program manager imports the demo's participants into a fresh center in Chromium: a file with
one bad row is refused with the row and column named, the fixed file is previewed and confirmed,
and only then is anything stored. Screenshots at desktop and phone width."""

import csv
import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from centers.roles import Role
from participants import demo
from participants.dashboard import Filters
from participants.exports import export_data
from participants.models import BaselineSurvey, FollowUpSurvey, ImportLog, Participant
from tests.factories import CenterFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots/import")
WIDTHS = {"desktop": 1366, "phone": 390}


def demo_file(path: Path, fresh_code: str, *, bad_row: int | None) -> int:
    """The demo's participants as an import file for the fresh center (no study codes: new
    participants); ``bad_row`` (a spreadsheet row number) gets an age of 140."""
    admin = UserFactory(role=Role.ADMIN)
    export = export_data(admin, Filters())
    names = [column.name for column in export.columns]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(names)
        for number, row in enumerate(export.rows, start=2):
            row = {**row, "study_code": "", "center_code": fresh_code}
            if number == bad_row:
                row["age"] = 140
            writer.writerow(["" if row[name] is None else row[name] for name in names])
    return len(export.rows)


def shoot(page, name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width + 1, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_a_manager_imports_the_demo_into_a_fresh_center_after_fixing_one_row(
    page, log_in, tmp_path
):
    centers = {
        code: CenterFactory(code=code, ips_started_on=datetime.date(2023, 1, 1))
        for code in demo.IPS_PER_CENTER
    }
    demo.load(centers, {"manager": UserFactory()}, timezone.localdate())
    fresh = CenterFactory(code="NY", name="Nyby IPS")
    UserFactory(username="mona", role=Role.MANAGER, centers=[fresh])
    bad, good = tmp_path / "demo-bad.csv", tmp_path / "demo.csv"
    demo_file(bad, "NY", bad_row=7)
    count = demo_file(good, "NY", bad_row=None)
    baselines = BaselineSurvey.objects.count()
    follow_ups = FollowUpSurvey.objects.count()

    log_in("mona")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.get_by_role("link", name="Participants", exact=True).first.click()
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import participants and surveys")).to_be_visible()

    page.get_by_label("File (CSV or Excel)").set_input_files(str(bad))
    page.get_by_label("Study codes ipsweb does not know are new participants").check()
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Nothing was imported.")).to_be_visible()
    problem = page.get_by_role("row", name="7 age")
    expect(problem).to_contain_text("less than or equal to 99")
    expect(page.get_by_text("The file has 1 problem.")).to_be_visible()
    assert not Participant.objects.filter(center=fresh).exists()
    shoot(page, "1-problem")

    page.get_by_label("File (CSV or Excel)").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_role("row", name="New participants")).to_contain_text(str(count))
    expect(page.get_by_role("row", name="Stored answers changed")).to_contain_text("0")
    assert not Participant.objects.filter(center=fresh).exists()
    shoot(page, "2-preview")

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("demo.csv was imported")).to_be_visible()
    shoot(page, "3-done")
    assert Participant.objects.filter(center=fresh).count() == count
    assert BaselineSurvey.objects.count() == 2 * baselines
    assert FollowUpSurvey.objects.count() == 2 * follow_ups
    assert ImportLog.objects.get().participants_created == count

    # The new participants are in the list, under codes ipsweb made.
    page.goto(f"/participants/?center={fresh.pk}")
    expect(page.get_by_role("link", name="P-").first).to_be_visible()
