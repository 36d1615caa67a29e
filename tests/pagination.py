"""Checks shared by the tests of the list pages shown a page at a time (ipsweb/pagination.py).

Each view has its page size as a module constant; tests patch it to a small number so a few rows
make several pages.
"""

import re
from html import unescape

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

NEXT_LINK = re.compile(r'<a class="page-link" rel="next" href="\?([^"]*)"')
# Not a number: the first page. Below 1 or past the end: the last page.
BAD_PAGE_NUMBERS = [("abc", 0), ("1.5", 0), ("", 0), ("99999", -1), ("-1", -1), ("0", -1)]


def rows_of(response) -> list:
    assert response.status_code == 200
    return list(response.context["page"])


def next_link(response) -> QueryDict | None:
    """The query string of the page's "Next" link; None on the last page."""
    match = NEXT_LINK.search(response.content.decode())
    return QueryDict(unescape(match.group(1))) if match else None


def walk_pages(client, url: str, params: dict | None = None, *, limit: int = 10):
    """Open the first page with ``params`` and follow the "Next" links to the last page: the rows
    of every page and the query strings of the links followed."""
    response = client.get(url, params or {})
    pages, links = [rows_of(response)], []
    while (link := next_link(response)) is not None:
        assert len(links) < limit, "the Next links do not end"
        links.append(link)
        response = client.get(url, link)
        pages.append(rows_of(response))
    return pages, links


def assert_bad_page_numbers_show_a_page(client, url: str, pages: list, params=None) -> None:
    """Malformed or out-of-range page numbers answer 200 with the first or the last page."""
    for number, index in BAD_PAGE_NUMBERS:
        response = client.get(url, {**(params or {}), "page": number})
        assert rows_of(response) == pages[index], number


def assert_queries_do_not_grow(client, url: str, add_rows, assert_max_num_queries) -> None:
    """The page needs no more queries after ``add_rows()`` than before (no query per row)."""
    client.get(url)  # the first request of a session may do more (session, caches)
    with CaptureQueriesContext(connection) as before:
        rows_before = rows_of(client.get(url))
    queries_before = len(before)  # read now: the next request empties Django's query log
    add_rows()
    client.get(url)  # the change gave the data a new stamp: fill the cache again, as before
    with assert_max_num_queries(queries_before):
        rows_after = rows_of(client.get(url))
    assert len(rows_after) > len(rows_before)
