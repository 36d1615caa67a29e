"""Long lists shown a page at a time, with links to the other pages that keep the filters.

Templates show the links with ``templates/includes/pages.html``.
"""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, entries, per_page: int) -> Page:
    """The page of ``entries`` the ``page`` query parameter asks for: the first one for a missing
    or malformed number, the last one for a number past the end. ``entries`` needs a
    deterministic order, or rows could be skipped or repeated between pages."""
    return page_at(entries, per_page, request.GET.get("page"))


def page_at(entries, per_page: int, number: str | None) -> Page:
    """The page ``number`` (the ``page`` query parameter, as ``page_of`` reads it) of
    ``entries``."""
    return Paginator(entries, per_page).get_page(number)


def query_without(request: HttpRequest, name: str) -> str:
    """The request's query string without ``name`` (for links to other pages of a table)."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def paginated(request: HttpRequest, entries, per_page: int) -> dict:
    """Template context for a list page: ``page`` (see ``page_of``) and ``page_query``, the
    query string its page links keep (the filters)."""
    return {
        "page": page_of(request, entries, per_page),
        "page_query": query_without(request, "page"),
    }
