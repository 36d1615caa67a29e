"""Filter forms fold away on a phone behind a "Filters" button and stay open on wide screens."""

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from tests.browser.screens import PHONE, WIDE, shoot
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FILTER_PAGES = [
    ("/dashboards/portfolio/", "Filter the portfolio"),
    ("/dashboards/comparison/", "What to compare"),
    ("/participants/", "Filter participants"),
    ("/reviews/", "Filter reviews"),
]


def filter_form(page, name: str):
    return page.get_by_role("search", name=name).or_(page.get_by_role("form", name=name))


@pytest.fixture
def manager_with_center(center):
    return UserFactory(username="mona", role=Role.MANAGER, centers=[center])


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1366"])
def test_filters_fold_behind_a_button_on_a_phone_and_stay_open_on_a_wide_screen(
    page, log_in, manager_with_center, viewport
):
    page.set_viewport_size(viewport)
    log_in("mona")
    for url, name in FILTER_PAGES:
        page.goto(url)
        form = filter_form(page, name)
        button = page.get_by_role("button", name="Filters")
        if viewport == WIDE:
            expect(form).to_be_visible()
            expect(button).to_be_hidden()
            continue
        expect(form).to_be_hidden()
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        expect(form).to_be_visible()
        expect(button).to_have_attribute("aria-expanded", "true")
    shoot(page, "phone", "filters")
