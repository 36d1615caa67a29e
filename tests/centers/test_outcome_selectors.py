import pytest

from centers.models import Center
from centers.selectors import centers_for_user, employment_rates
from tests.factories import CenterFactory, EmploymentOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(center, other_center):
    for year, quarter, served, working in [
        (2024, 4, 10, 1),
        (2025, 1, 30, 15),
        (2025, 2, 60, 24),
        (2025, 3, 20, 10),
    ]:
        EmploymentOutcomeFactory(
            center=center, year=year, quarter=quarter, served=served, working=working
        )
    EmploymentOutcomeFactory(center=other_center, year=2025, quarter=1, served=0, working=0)


def test_the_rate_pools_all_quarters_so_big_quarters_weigh_more(center, history):
    rates = employment_rates(Center.objects.filter(pk=center.pk))
    assert rates == {center.pk: pytest.approx(50 / 120)}


def test_the_rate_can_be_limited_to_a_window_of_quarters(center, history):
    centers = Center.objects.filter(pk=center.pk)
    assert employment_rates(centers, first=(2025, 1), last=(2025, 2)) == {
        center.pk: pytest.approx(39 / 90)
    }
    assert employment_rates(centers, first=(2025, 3)) == {center.pk: 0.5}
    assert employment_rates(centers, last=(2024, 4)) == {center.pk: 0.1}
    assert employment_rates(centers, first=(2026, 1)) == {}


def test_nobody_served_gives_no_rate_and_no_quarters_gives_no_entry(center, other_center, history):
    silent = CenterFactory()
    rates = employment_rates(Center.objects.all())
    assert rates[other_center.pk] is None
    assert silent.pk not in rates


def test_rates_are_computed_in_one_query_for_any_number_of_centers(
    history, django_assert_num_queries
):
    for center in CenterFactory.create_batch(5):
        EmploymentOutcomeFactory.create_batch(2, center=center)
    with django_assert_num_queries(1):
        assert len(employment_rates(Center.objects.all())) == 7


def test_rates_stay_within_the_users_scope(manager, center, other_center, history):
    assert set(employment_rates(centers_for_user(manager))) == {center.pk}
