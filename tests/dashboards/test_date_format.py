"""English pages show every date one way, "6 Oct 2014" (Django's formats, ipsweb/formats/en)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reviews.models import Review

pytestmark = pytest.mark.django_db

OTHER_FORMATS = {
    "month/day/year": re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    "ISO": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "a.m./p.m.": re.compile(r"\b[ap]\.m\."),
    "month first": re.compile(
        r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},"
    ),
}
DAY_MONTH_YEAR = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


class _Text(HTMLParser):
    """The text a reader sees (not attribute values such as date inputs' ISO values)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_english_pages_show_dates_as_day_month_year_and_never_us_style(client_for, admin, paper):
    client = client_for(admin)
    review = Review.objects.order_by("visit_start").first()
    center = paper["C1"]
    pages = [
        reverse("reviews:list"),
        reverse("reviews:detail", args=[review.pk]),
        reverse("reviews:report", args=[review.pk]),
        reverse("dashboards:portfolio"),
        reverse("dashboards:comparison"),
        reverse("centers:detail", args=[center.pk]),
        reverse("reviews:scale_list"),
        reverse("user_edit", args=[admin.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for name, pattern in OTHER_FORMATS.items():
            assert not pattern.search(text), f"{url} shows a {name} date: {pattern.search(text)}"
        assert DAY_MONTH_YEAR.search(text), f"{url} shows no date"
