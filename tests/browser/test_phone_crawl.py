"""On a 390 px phone no page scrolls sideways: wide tables scroll inside their own box, and their
captions stay readable within it; the joint display stacks each item's cells."""

import pytest
from django.core.management import call_command

from centers.demo import DEMO_PASSWORD
from centers.models import Center
from reviews.models import Review

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = "/tmp/shots/admin"
# The innermost elements reaching past the right edge: what to fix when the test fails.
WIDEST = """(width) => {
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (['auto', 'hidden', 'scroll'].includes(getComputedStyle(a).overflowX)) return true; }
    return false; };
  return [...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
    .slice(-3).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 30));
}"""
PHONE = 390
# Captions of sideways-scrolling tables whose end lies out of sight (past the right edge of the
# table's scroll box) until the reader scrolls the table.
CUT_CAPTIONS = """() => [...document.querySelectorAll('.table-responsive > table > caption')]
  .filter(c => c.getBoundingClientRect().right >
               c.closest('.table-responsive').getBoundingClientRect().right + 1)
  .map(c => c.textContent.trim().slice(0, 40))"""


def detail_pages() -> list[str]:
    review = Review.objects.filter(status=Review.Status.FINAL).order_by("-visit_start").first()
    center = Center.objects.get(code="C1")
    return [
        f"/centers/{center.pk}/",
        f"/centers/{center.pk}/edit/",
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/report/",
        f"/reviews/{review.pk}/consensus/",
        "/reviews/new/",
        "/users/new/",
    ]


def test_no_page_scrolls_sideways_on_a_phone(page, log_in):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.set_viewport_size({"width": PHONE, "height": 844})
    log_in("admin", DEMO_PASSWORD)
    nav_links = page.eval_on_selector_all(
        "#main-nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    pages = [href for href in dict.fromkeys(nav_links) if not href.startswith("/admin/")]
    too_wide, cut = {}, {}
    for url in pages + detail_pages():
        response = page.goto(url)
        assert response.status == 200, url
        width = page.evaluate("document.scrollingElement.scrollWidth")
        name = url.strip("/").replace("/", "-") or "home"
        page.screenshot(path=f"{SHOTS}/phone-{name}.png", full_page=True)
        if width > PHONE + 1:
            too_wide[url] = page.evaluate(WIDEST, PHONE)
        if captions := page.evaluate(CUT_CAPTIONS):
            cut[url] = captions
    assert too_wide == {}
    assert cut == {}

    # The joint display's item table reads top to bottom on a phone: each item's cells stacked,
    # each headed by its column's name, instead of four squeezed columns.
    page.goto("/dashboards/joint/")
    first = page.locator("#joint-items tbody tr").first
    boxes = first.locator("th, td").evaluate_all(
        "cells => cells.map(c => [Math.round(c.getBoundingClientRect().left),"
        " Math.round(c.getBoundingClientRect().top)])"
    )
    assert len(boxes) == 4 and len({left for left, _top in boxes}) == 1
    tops = [top for _left, top in boxes]
    assert tops == sorted(set(tops))
    labels = first.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels == ['"Mean (n)"', '"Higher employment"', '"Lower employment"']
