"""A reviewer who prefers Excel: downloads their rating sheet from the rating page, fills it in,
uploads it with one bad cell (a clear error naming the cell, nothing changed), fixes it, checks
the changes on the preview and applies them. Screenshots go to /tmp/shots/workbook/."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from centers.roles import Role
from reviews.models import Rating
from reviews.rating_workbook import RATINGS_SHEET
from reviews.services.ratings import rating_save
from tests.browser.screens import PHONE, SHOTS, WIDE, shoot
from tests.factories import CenterFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reviewer_rates_in_an_excel_sheet_and_uploads_it(page, log_in):
    center = CenterFactory(name="Nordvik IPS", code="NV")
    lead = UserFactory(username="reviewer1", first_name="Rita", role=Role.REVIEWER)
    review = ReviewFactory(center=center, reviewers=[lead, UserFactory(role=Role.REVIEWER)])
    first = review.scale.items.get(number=1)
    rating_save(review=review, reviewer=lead, item=first, score=3, evidence="From the MIS")
    page.set_viewport_size(WIDE)
    log_in("reviewer1")
    page.goto(f"/reviews/{review.pk}/rate/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Excel sheet").click()
    download = download_info.value
    assert download.suggested_filename == f"ratings-NV-{review.pk}-reviewer1.xlsx"
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = workbook[RATINGS_SHEET]
    assert (sheet["C2"].value, sheet["D2"].value) == (3, "From the MIS")

    # Filled in Excel: item 1 raised with a new note, items 2 and 3 scored, item 6 mistyped.
    sheet["C2"], sheet["D2"] = 4, "From the MIS and the team meeting"
    sheet["C3"], sheet["C4"] = 5, 2
    sheet["C7"] = 6
    bad = SHOTS / "workbook" / "ratings-bad.xlsx"
    bad.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(bad)

    page.get_by_role("link", name="Upload filled sheet").click()
    page.get_by_label("Filled rating sheet (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and show the changes").click()
    errors = page.locator("#sheet-errors")
    expect(errors).to_contain_text("nothing was changed")
    expect(errors).to_contain_text("C7: 6 is above 5.")
    assert [(r.item.number, r.score, r.version) for r in Rating.objects.all()] == [(1, 3, 1)]
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        shoot(page, "workbook", "upload-error")
    page.set_viewport_size(WIDE)

    sheet["C7"] = 1
    good = io.BytesIO()
    workbook.save(good)
    page.get_by_label("Filled rating sheet (.xlsx)").set_input_files(
        {"name": "ratings.xlsx", "mimeType": "application/octet-stream", "buffer": good.getvalue()}
    )
    page.get_by_role("button", name="Upload and show the changes").click()
    changes = page.locator("#sheet-changes")
    expect(changes.locator("tbody tr")).to_have_count(4)
    expect(changes.locator("[data-sheet-item='1']")).to_contain_text("3 → 4")
    expect(changes.locator("[data-sheet-item='1']")).to_contain_text("notes changed")
    expect(changes.locator("[data-sheet-item='6']")).to_contain_text("– → 1")
    assert Rating.objects.count() == 1
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        shoot(page, "workbook", "preview")
    page.set_viewport_size(WIDE)

    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("The sheet was applied: 4 rating(s) changed.")).to_be_visible()
    expect(page.locator("#rating-progress")).to_have_text("4 of 25 rated")
    stored = {
        r.item.number: (r.score, r.evidence, r.version)
        for r in Rating.objects.select_related("item")
    }
    assert stored == {
        1: (4, "From the MIS and the team meeting", 2),
        2: (5, "", 1),
        3: (2, "", 1),
        6: (1, "", 1),
    }
    assert Rating.history.filter(review_id=review.pk).count() == 5
