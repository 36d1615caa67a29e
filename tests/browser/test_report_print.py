"""The review report printed: an A4 page without the navigation, the total still there."""

import re

import pytest
from playwright.sync_api import expect

from reviews.demo import TABLE_5
from tests.factories import final_review

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

A4_POINTS = (595, 842)  # 210 x 297 mm


def test_the_printed_report_is_an_a4_page_without_navigation_or_buttons(
    page, log_in, center, manager, reviewer
):
    review = final_review(center, [reviewer], TABLE_5["C1"])
    log_in("mona")
    page.goto(f"/reviews/{review.pk}/report/")
    expect(page.locator("[data-total]")).to_have_text("97")

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator("[data-total]")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert sizes
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {A4_POINTS}
