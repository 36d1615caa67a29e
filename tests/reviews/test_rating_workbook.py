"""The XLSX rating sheet: written with the reviewer's ratings, read back with every problem named
by cell, previewed as a diff and applied with the version checks."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from reviews.models import Rating
from reviews.rating_workbook import (
    KEYS_SHEET,
    RATINGS_SHEET,
    SheetInvalid,
    read_workbook,
)
from reviews.services import ratings
from tests.factories import ReviewFactory, ips25

pytestmark = pytest.mark.django_db


def item(number: int):
    return ips25().items.get(number=number)


def download(client, review) -> Workbook:
    response = client.get(reverse("reviews:rate_sheet", args=[review.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def as_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, review, content: bytes, name: str = "ratings.xlsx"):
    return client.post(
        reverse("reviews:rate_sheet_upload", args=[review.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def read(content: bytes, review, reviewer):
    items = list(review.scale.items.values_list("pk", "number"))
    return read_workbook(
        content,
        review_id=review.pk,
        reviewer_id=reviewer.pk,
        minimum=1,
        maximum=5,
        items=items,
        evidence_max_length=10_000,
    )


def problems(content: bytes, review, reviewer) -> list[str]:
    with pytest.raises(SheetInvalid) as raised:
        read(content, review, reviewer)
    return raised.value.messages


@pytest.fixture
def rated(review, reviewer):
    ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=4, evidence="Seen")
    ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=3, evidence="Seen")
    return review


def test_the_sheet_has_one_row_per_item_with_the_saved_rating_and_a_validated_score(
    client_for, rated, reviewer
):
    workbook = download(client_for(reviewer), rated)
    sheet = workbook[RATINGS_SHEET]
    assert [c.value for c in sheet[1]][:4] == ["Item", "Name", "Score (1–5)", "Evidence notes"]
    assert [c.value for c in sheet[2]][:4] == [1, item(1).name, 3, "Seen"]
    assert sheet["A26"].value == 25 and sheet["C26"].value is None
    assert sheet["E2"].value.startswith("5: ")
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.formula1, validation.formula2) == ("whole", "1", "5")
    assert str(validation.sqref) == "C2:C26"
    keys = workbook[KEYS_SHEET]
    assert keys.sheet_state == "hidden" and keys.protection.sheet
    assert [c.value for c in keys[2]] == [rated.pk, reviewer.pk, item(1).pk, 1, 2]
    assert [c.value for c in keys[3]][4] == 0  # item 2: not rated yet


def test_a_sheet_read_back_unchanged_has_every_item_with_its_version(client_for, rated, reviewer):
    entries = read(as_bytes(download(client_for(reviewer), rated)), rated, reviewer)
    assert len(entries) == 25
    assert (entries[0].score, entries[0].evidence, entries[0].version) == (3, "Seen", 2)
    assert (entries[1].score, entries[1].evidence, entries[1].version) == (None, "", 0)


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("C7", 6, "C7: 6 is above 5."),
        ("C7", 0, "C7: 0 is below 1."),
        ("C7", "four", "C7: “four” is not a whole number from 1 to 5."),
        ("C7", 3.5, "C7: “3.5” is not a whole number from 1 to 5."),
        ("C7", "=2+2", "C7: “=2+2” is not a whole number from 1 to 5."),
        ("D7", "x" * 10_001, "D7: the evidence notes have 10,001 characters; at most 10,000"),
        ("A7", 99, "A7: this row should be item 6; keep the item rows as downloaded."),
        ("A30", 26, "Row 30: not an item row of the downloaded sheet; remove it."),
    ],
)
def test_every_bad_cell_is_named_with_what_is_wrong(
    client_for, rated, reviewer, cell, value, message
):
    workbook = download(client_for(reviewer), rated)
    workbook[RATINGS_SHEET][cell] = value
    found = problems(as_bytes(workbook), rated, reviewer)
    assert any(p.startswith(message) for p in found), found


def test_every_problem_of_a_sheet_is_listed_at_once(client_for, rated, reviewer):
    workbook = download(client_for(reviewer), rated)
    sheet = workbook[RATINGS_SHEET]
    sheet["C3"], sheet["C9"] = 7, "x"
    assert [p[:3] for p in problems(as_bytes(workbook), rated, reviewer)] == ["C3:", "C9:"]


def test_a_deleted_item_row_is_refused(client_for, rated, reviewer):
    workbook = download(client_for(reviewer), rated)
    workbook[RATINGS_SHEET].delete_rows(5)
    assert any(
        p.startswith("A5: this row should be item 4")
        for p in problems(as_bytes(workbook), rated, reviewer)
    )


def test_another_reviewers_sheet_is_refused(client_for, rated, reviewer, colleague):
    content = as_bytes(download(client_for(reviewer), rated))
    assert problems(content, rated, colleague) == [
        "This sheet belongs to another reviewer's ratings. Each reviewer uploads the sheet they "
        "downloaded themselves."
    ]


def test_another_reviews_sheet_is_refused(client_for, rated, reviewer, center, colleague):
    other = ReviewFactory(center=center, reviewers=[reviewer, colleague])
    content = as_bytes(download(client_for(reviewer), other))
    assert problems(content, rated, reviewer)[0].startswith("This sheet belongs to another review")


def test_a_sheet_with_its_keys_tampered_with_is_not_a_rating_sheet(client_for, rated, reviewer):
    workbook = download(client_for(reviewer), rated)
    workbook[KEYS_SHEET]["E2"] = "two"
    assert problems(as_bytes(workbook), rated, reviewer)[0].startswith(
        "This is not a rating sheet downloaded from ipsweb"
    )
    workbook = download(client_for(reviewer), rated)
    workbook[KEYS_SHEET]["C3"] = item(1).pk
    assert problems(as_bytes(workbook), rated, reviewer) == [
        "The items of this sheet are not the items of this review's scale."
    ]


def test_any_other_workbook_is_not_a_rating_sheet(rated, reviewer):
    workbook = Workbook()
    workbook.active.append(["Item", "Score"])
    assert problems(as_bytes(workbook), rated, reviewer)[0].startswith(
        "This is not a rating sheet downloaded from ipsweb"
    )


def zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"item,score\n1,4\n", "ratings.csv", "Upload the Excel workbook (.xlsx)"),
        (b"item,score\n1,4\n", "ratings.xlsx", "The file is not an Excel workbook (XLSX)."),
        (b"PK\x03\x04garbage" * 10, "ratings.xlsx", "not a readable Excel workbook"),
        (zip_of_text(), "ratings.xlsx", "not a readable Excel workbook"),
        (b"x" * (1024 * 1024 + 1), "ratings.xlsx", "the limit is 1 MiB (1,048,576 bytes)"),
    ],
    ids=["csv", "text named xlsx", "broken zip", "zip of text", "too large"],
)
def test_an_upload_that_is_not_a_workbook_is_refused_with_a_message(
    client_for, rated, reviewer, content, name, message
):
    before = list(Rating.objects.values())
    response = upload(client_for(reviewer), rated, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Rating.objects.values()) == before


def test_an_upload_with_a_bad_cell_names_it_and_changes_nothing(client_for, rated, reviewer):
    client = client_for(reviewer)
    workbook = download(client, rated)
    workbook[RATINGS_SHEET]["C7"] = 6
    workbook[RATINGS_SHEET]["C8"] = 4
    response = upload(client, rated, as_bytes(workbook))
    page = response.content.decode()
    assert "C7: 6 is above 5." in page
    assert "nothing was changed" in page
    assert Rating.objects.filter(review=rated).count() == 1
    assert not client.session.get(f"rating-sheet-{rated.pk}")


def test_a_valid_upload_shows_the_changes_and_apply_stores_them(client_for, rated, reviewer):
    client = client_for(reviewer)
    workbook = download(client, rated)
    sheet = workbook[RATINGS_SHEET]
    sheet["C2"], sheet["D2"] = 5, "Seen twice"
    sheet["C4"] = 2
    response = upload(client, rated, as_bytes(workbook))
    assert response.status_code == 302
    preview = client.get(response.url)
    page = preview.content.decode()
    assert [c.item.number for c in preview.context["changes"]] == [1, 3]
    assert "3 → <strong>5</strong>" in page and "notes changed" in page
    assert "– → <strong>2</strong>" in page
    assert Rating.objects.filter(review=rated).count() == 1  # nothing applied yet
    applied = client.post(response.url)
    assert applied.status_code == 302
    stored = {
        r.item.number: (r.score, r.evidence, r.version) for r in Rating.objects.filter(review=rated)
    }
    assert stored == {1: (5, "Seen twice", 3), 3: (2, "", 1)}
    assert "2 rating(s) changed" in client.get(applied.url).content.decode()


def test_a_rating_changed_in_the_browser_after_the_download_is_a_conflict_not_overwritten(
    client_for, rated, reviewer
):
    client = client_for(reviewer)
    workbook = download(client, rated)
    workbook[RATINGS_SHEET]["C2"] = 1
    workbook[RATINGS_SHEET]["C3"] = 4
    response = upload(client, rated, as_bytes(workbook))
    ratings.rating_save(
        review=rated, reviewer=reviewer, item=item(1), score=2, evidence="Seen", expected_version=2
    )
    preview = client.get(response.url)
    assert "changed on the rating page after you downloaded the sheet" in preview.content.decode()
    assert ">Apply</button>" not in preview.content.decode()
    refused = client.post(response.url)
    assert refused.status_code == 200
    assert "Nothing was applied" in refused.content.decode()
    stored = {r.item.number: (r.score, r.version) for r in Rating.objects.filter(review=rated)}
    assert stored == {1: (2, 3)}


def test_an_empty_score_cell_keeps_the_saved_score(client_for, rated, reviewer):
    client = client_for(reviewer)
    workbook = download(client, rated)
    workbook[RATINGS_SHEET]["C2"] = None
    response = upload(client, rated, as_bytes(workbook))
    assert client.get(response.url).context["changes"] == []
    client.post(response.url)
    assert Rating.objects.get(review=rated).score == 3


def test_the_preview_without_an_upload_sends_back_to_the_upload(client_for, rated, reviewer):
    response = client_for(reviewer).get(reverse("reviews:rate_sheet_preview", args=[rated.pk]))
    assert response.url == reverse("reviews:rate_sheet_upload", args=[rated.pk])


def test_after_the_rating_is_complete_the_sheet_pages_send_back_to_the_rating(
    client_for, in_consensus, reviewer
):
    client = client_for(reviewer)
    for name in ["reviews:rate_sheet", "reviews:rate_sheet_upload", "reviews:rate_sheet_preview"]:
        response = client.get(reverse(name, args=[in_consensus.pk]))
        assert response.url == reverse("reviews:rate", args=[in_consensus.pk])


def test_the_rating_page_links_the_sheet_and_carries_each_items_version(
    client_for, rated, reviewer
):
    page = client_for(reviewer).get(reverse("reviews:rate", args=[rated.pk])).content.decode()
    assert reverse("reviews:rate_sheet", args=[rated.pk]) in page
    assert reverse("reviews:rate_sheet_upload", args=[rated.pk]) in page
    assert f'data-item="{item(1).pk}" data-version="2"' in page
    assert f'data-item="{item(2).pk}" data-version="0"' in page
