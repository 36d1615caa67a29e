"""The demo data shows the seed paper's comparison to the demo program manager."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tests.dashboards.conftest import column, page_table, row

pytestmark = pytest.mark.django_db


def test_the_demo_managers_comparison_is_the_papers_table_5_grouped_by_outcome(client_for):
    call_command("load_demo", stdout=None)
    manager = get_user_model().objects.get(username="manager")
    client = client_for(manager)
    assert client.get(reverse("home"))["Location"] == reverse("dashboards:portfolio")
    rows = page_table(
        client.get(reverse("dashboards:comparison")).content.decode(), "comparison-table"
    )
    # After the item: the group summary (both means, difference, rank), then the centers.
    assert rows[0][5:11] == ["C1", "C2", "C4", "C3", "C5", "C6"]
    assert row(rows, "Total")[5:11] == ["97", "103", "89", "102", "89", "109"]
    assert column(rows, "Mean")["3. Vocational generalists"] == "4.67"
    portfolio = client.get(reverse("dashboards:portfolio")).content.decode()
    assert "up 8" in portfolio  # C3: 94 in spring 2014, 102 in autumn
