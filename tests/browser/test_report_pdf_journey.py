"""The lead reviewer downloads the report PDF from the report page and sends it to the center."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews.demo import TABLE_5
from reviews.models import ReportDelivery
from tests.browser.screens import SHOTS, shoot
from tests.factories import final_review
from tests.reviews.test_report_pdf import pdf_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_lead_downloads_the_pdf_and_sends_it_to_the_center(
    page, log_in, center, reviewer, manager, tmp_path
):
    center.contact_email = "leader@nordvik.example"
    center.save()
    review = final_review(center, [reviewer, manager], TABLE_5["C1"])
    log_in("rita")
    page.goto(f"/reviews/{review.pk}/report/")
    expect(page.locator("[data-total]")).to_have_text("97")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF (English)").click()
    download = download_info.value
    assert download.suggested_filename == "ips25-report-NV-2025-03-03.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF-")
    # What the center reads: every page numbered, the seed paper's C1 total of 97 on the cover.
    pages = pdf_pages(Path(saved).read_bytes())
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert re.search(r"\b97\b", pages[0])

    page.get_by_label("Language of the report").select_option("nb")
    page.get_by_role("button", name="Send the report to the center").click()
    expect(
        page.get_by_text(re.compile(r"The report was sent to leader@nordvik\.example"))
    ).to_be_visible()
    deliveries = page.locator("[data-deliveries]")
    expect(deliveries).to_contain_text("leader@nordvik.example")
    expect(deliveries).to_contain_text("Norwegian Bokmål")
    assert ReportDelivery.objects.get().language == "nb"
    assert len(mail.outbox) == 1
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        shoot(page, "report-pdf", "report-page")


def test_the_lead_quotes_an_interview_excerpt_under_an_item_of_the_report(
    page, log_in, center, reviewer, manager, admin
):
    from qualitative.models import Source
    from qualitative.services import code_create, coding_create, project_create, source_create
    from tests.factories import ReviewFactory, rate

    review = ReviewFactory(center=center, reviewers=[reviewer, manager])
    for user in (reviewer, manager):
        rate(review, user, TABLE_5["C1"])
    project = project_create(actor=admin, name="Visits", centers=[center])
    notes = source_create(
        actor=reviewer,
        project=project,
        center=center,
        review=review,
        kind=Source.Kind.REVIEW_NOTES,
        title="Visit notes",
        text="Team leader: we call employers on Fridays.",
    )
    item = review.scale.items.get(number=17)
    code = code_create(actor=admin, project=project, name="Employer contact", scale_items=[item])
    coding_create(actor=reviewer, source=notes, code=code, start=13, end=41)

    log_in("rita")
    page.goto(f"/reviews/{review.pk}/consensus/")
    card = page.locator("#consensus-17")
    card.get_by_text("1 interview excerpt coded to this item").click()
    card.get_by_role("button", name="Quote in the report").click()
    expect(page.get_by_text("The excerpt will be quoted under item 17.")).to_be_visible()
    quoted = page.locator('[data-report-quotes="17"]')
    expect(quoted).to_contain_text("we call employers on Fridays")
    expect(quoted.get_by_role("button", name="Take out of the report")).to_be_visible()
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        quoted.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "report-pdf" / f"quotes-{width}.png"))

    page.goto(f"/reviews/{review.pk}/report/")
    expect(page.locator('[data-report-quotes="17"]')).to_contain_text(
        "we call employers on Fridays"
    )
