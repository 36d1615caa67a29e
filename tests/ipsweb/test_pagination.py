"""The shared page links (templates/includes/pages.html) and ipsweb/pagination.py."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from ipsweb.pagination import page_of, paginated, query_without

ROWS = list(range(1, 11))


def links(path: str, per_page: int = 2) -> str:
    context = paginated(RequestFactory().get(path), ROWS, per_page)
    return render_to_string(
        "includes/pages.html",
        {"page": context["page"], "query": context["page_query"], "label": "Pages of rows"},
    )


def test_the_links_keep_the_query_and_name_the_current_page():
    html = links("/rows/?q=a+b&page=3&region=N%C3%B8rd")
    assert '<nav aria-label="Pages of rows"' in html
    assert 'aria-current="page"><span class="page-link">Page 3 of 5</span>' in html
    for text, number in [("First", 1), ("Previous", 2), ("Next", 4), ("Last", 5)]:
        assert f'href="?q=a+b&amp;region=N%C3%B8rd&amp;page={number}">{text}</a>' in html


def test_first_and_last_appear_only_when_they_differ_from_previous_and_next():
    html = links("/rows/?page=2", per_page=4)
    assert 'href="?page=1">Previous' in html and 'href="?page=3">Next' in html
    assert "First" not in html and "Last" not in html


def test_a_single_page_has_no_links():
    assert links("/rows/", per_page=10).strip() == ""


def test_a_bad_page_number_gives_the_first_or_the_last_page():
    for number, first in [("abc", 1), ("-1", 9), ("99999", 9), ("", 1)]:
        page = page_of(RequestFactory().get("/rows/", {"page": number}), ROWS, 2)
        assert page.object_list[0] == first, number


def test_query_without_drops_every_value_of_the_name_only():
    request = RequestFactory().get("/rows/?page=1&page=2&sort=name&q=%26")
    assert query_without(request, "page") == "sort=name&q=%26"
