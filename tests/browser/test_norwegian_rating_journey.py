"""A reviewer who reads ipsweb in Norwegian (their profile's language) rates a whole review: every
label, item name and autosave message is Norwegian, and the count and the stored scores are the
same as in English. Screenshots at 1366 and 390 px go to /tmp/shots/nb/ (docs/nb-*.png are
copies)."""

import pytest
from playwright.sync_api import expect

from accounts.models import LanguagePreference
from centers.roles import Role
from reviews.demo import TABLE_5
from reviews.models import Rating
from tests.browser.screens import PHONE, WIDE, shoot
from tests.factories import CenterFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

C1 = TABLE_5["C1"]


def test_a_norwegian_reviewer_rates_every_item_in_norwegian(page, log_in):
    center = CenterFactory(name="Nordvik IPS", code="NV")
    reviewer = UserFactory(username="reviewer2", first_name="Ravi", role=Role.REVIEWER)
    LanguagePreference.objects.create(user=reviewer, language="nb")
    review = ReviewFactory(center=center, reviewers=[reviewer])
    page.set_viewport_size(WIDE)
    log_in("reviewer2")

    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Mine målinger")).to_be_visible()
    row = page.locator(f"[data-review='{review.pk}']")
    row.get_by_role("link", name="Skår 25 gjenstående punkter").click()

    index = page.get_by_role("navigation", name="Punktoversikt")
    expect(index.locator(".item-index-link.unrated")).to_have_count(25)
    expect(page.locator("#item-1")).to_contain_text("Antall deltakere per jobbspesialist")
    for number in range(1, 26):
        page.locator(f"#item-{number} input[type=radio][value='{C1[number - 1]}']").check()
    for number in range(1, 26):
        expect(page.locator(f"#item-{number} [data-state]")).to_have_text("Lagret")
    expect(page.locator("#rating-progress")).to_have_text("25 av 25 skåret")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "nb", "rating")
    page.set_viewport_size(PHONE)
    shoot(page, "nb", "rating")
    page.set_viewport_size(WIDE)

    stored = dict(
        Rating.objects.filter(review=review, reviewer=reviewer).values_list("item__number", "score")
    )
    assert stored == {number: C1[number - 1] for number in range(1, 26)}

    page.get_by_role("button", name="Lagre og merk skåringen min som fullført").click()
    page.get_by_role("button", name="Ja, merk skåringen min som fullført").click()
    expect(page.get_by_text("Skåringen din er fullført.")).to_be_visible()
