"""One number and one name per scale item on every page that names items: the rating page,
consensus, report, action plan, a center's dashboard and the comparison export."""

import pytest
from django.urls import reverse

from reviews.models import ScaleItem
from tests.factories import ips25, reviews_in_every_state

pytestmark = pytest.mark.django_db


def other_names():
    """For each IPS-25 item whose short name differs from its name: (its "N. name", the other)."""
    return [
        (f"{item.number}. {item.name}", item.short_name)
        for item in ScaleItem.objects.filter(scale=ips25())
        if item.short_name != item.name
    ]


def test_every_page_naming_items_uses_the_items_one_name(client_for, center, reviewer, manager):
    world = reviews_in_every_state(center, reviewer)
    final = world["final"]
    pages = {
        "rating page": (reviewer, reverse("reviews:rate", args=[world["review"].pk])),
        "consensus": (reviewer, reverse("reviews:consensus", args=[final.pk])),
        "report": (reviewer, reverse("reviews:report", args=[final.pk])),
        "action plan": (reviewer, reverse("reviews:detail", args=[final.pk])),
        "center dashboard": (manager, reverse("centers:detail", args=[center.pk])),
    }
    names = other_names()
    assert ("12. Work incentives planning", "Benefits counseling") in names
    all_names = sorted(ScaleItem.objects.filter(scale=ips25()).values_list("name", flat=True))
    for page, (user, url) in pages.items():
        html = client_for(user).get(url).content.decode()
        for right in sorted(all_names, key=len, reverse=True):
            html = html.replace(right, "")  # what is left may not hold another name
        for name, other in names:
            assert other not in html, f"{page} names “{name}” as “{other}”"
    for page in ("rating page", "report"):
        user, url = pages[page]
        html = client_for(user).get(url).content.decode()
        assert "12. Work incentives planning" in html, page
    dashboard = client_for(manager).get(pages["center dashboard"][1]).content.decode()
    assert "2. Employment services staff" in dashboard
