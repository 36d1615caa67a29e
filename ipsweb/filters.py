"""Free-text filters of list pages, read from the query string."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _


def search_text(request: HttpRequest, name: str, *, max_length: int) -> str:
    """The text typed into the filter ``name``: trimmed, at most ``max_length`` characters, and
    without null characters, which PostgreSQL cannot compare (a crafted ``%00`` would otherwise
    end the page in a database error). The user is told when some were dropped."""
    value = request.GET.get(name, "")
    if "\x00" in value:
        value = value.replace("\x00", "")
        messages.warning(request, _("Null characters cannot be searched for and were left out."))
    return value.strip()[:max_length]
