"""The report PDF a center receives, drawn on the server by WeasyPrint from a template.

WeasyPrint fetches what the HTML links to (stylesheets, images). Here it may fetch only the app's
own static files, read from disk: never the network, never another file. The text is set in
DejaVu (fonts-dejavu-core), which covers the Norwegian letters æ, ø and å.
"""

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

try:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except OSError:
    # WeasyPrint loads Pango when imported. Without it the app still starts (a newcomer's
    # `make run`); asking for a PDF then says what is missing.
    HTML = None
    URLFetcher = object

from reviews import selectors
from reviews.models import Review

# The page's own address while it is drawn: "/static/..." links resolve against it. The .invalid
# domain never resolves, and the fetcher below never goes to the network anyway.
BASE_URL = "https://ipsweb.invalid/"
REPORT_TEMPLATE = "reviews/report_pdf.html"


def static_file_path(name: str) -> Path | None:
    """The file on disk of the static file ``name`` (as ``{% static %}`` wrote it), or None.

    Collected files (STATIC_ROOT, with their hashed names in production) first, then the
    finders' sources (development and tests). A name that climbs out of the static tree is None.
    """
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts or "\\" in name:
        return None
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    found = finders.find(name)
    return Path(found) if found else None


class StaticFilesFetcher(URLFetcher):
    """Serves WeasyPrint the app's static files under BASE_URL and refuses every other URL."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
            prefix
        ):
            raise ValueError(f"The report PDF may only use the app's static files, not {url}")
        path = static_file_path(unquote(parts.path[len(prefix) :]))
        if path is None:
            raise FileNotFoundError(f"No static file at {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def pdf_from_template(template_name: str, context: dict) -> bytes:
    """Render the template (in the current language) and draw it as a PDF."""
    if HTML is None:
        raise ValidationError(
            gettext(
                "This server cannot draw PDF files: the Pango library is not installed. "
                "Ask your administrator (see the README)."
            )
        )
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>' or ch in "\r\n\f" else ch for ch in text)
    return f'"{escaped}"'


def page_numbers_css() -> SafeString:
    """The CSS ``content`` of "Page X of Y" in the current language: the translated sentence with
    its placeholders as CSS page counters (translators may put them in any order)."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    pieces = re.split(r"(%\(pages?\)s)", gettext("Page %(page)s of %(pages)s"))
    return mark_safe(" ".join(counters.get(p) or css_string(p) for p in pieces if p))


@dataclass(frozen=True)
class ReportPdf:
    content: bytes
    filename: str
    language: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def report_pdf_filename(review: Review) -> str:
    """``ips25-report-C1-2025-03-03.pdf``: the scale, the center and the first visit day."""
    scale = "".join(ch for ch in review.scale.code.lower() if ch.isalnum())
    return f"{scale}-report-{review.center.code}-{review.visit_start:%Y-%m-%d}.pdf"


def review_report_pdf(*, review: Review, language: str) -> ReportPdf:
    """The report of ``review`` as a PDF in ``language``: the same figures as the report page
    (``selectors.review_report``), its texts and the scale's item names in that language."""
    with translation.override(language):
        report = selectors.review_report(review)
        content = pdf_from_template(
            REPORT_TEMPLATE,
            {
                "review": review,
                "report": report,
                "page_numbers": page_numbers_css(),
            },
        )
    return ReportPdf(content=content, filename=report_pdf_filename(review), language=language)
