"""The report PDF a center receives: drawn by WeasyPrint, read back with pdftotext."""

import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from centers.models import Center
from reviews.models import Review
from reviews.report_pdf import (
    StaticFilesFetcher,
    page_numbers_css,
    report_pdf_filename,
    review_report_pdf,
    static_file_path,
)
from reviews.selectors import latest_final_review_ids
from tests.factories import final_review
from tests.reviews.conftest import C1

pytestmark = pytest.mark.django_db


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, laid out as printed (pdftotext -layout)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return text.split("\f")[:-1]  # every page ends with a form feed


def page_numbers(pages: list[str]) -> list[str]:
    return [" ".join(re.findall(r"Page \d+ of \d+|Side \d+ av \d+", page)) for page in pages]


@pytest.fixture
def final(center, reviewer, colleague):
    return final_review(center, [reviewer, colleague], C1)


def test_the_cover_names_the_center_visit_reviewers_total_band_and_scale(final):
    cover = pdf_pages(review_report_pdf(review=final, language="en").content)[0]
    assert "Fidelity review report" in cover
    assert "Nordvik IPS (NV), West" in cover
    assert "3 Mar 2025 – 4 Mar 2025" in cover
    assert "rita (lead)" in cover and "Ravi" in cover
    assert re.search(r"97\s+of 125", cover)
    assert "Fair fidelity" in cover
    assert "IPS Fidelity Scale (IPS-25), version 1" in cover


def test_every_page_is_numbered_page_x_of_y_and_after_the_cover_has_the_running_header(final):
    pages = pdf_pages(review_report_pdf(review=final, language="en").content)
    assert len(pages) >= 3
    assert page_numbers(pages) == [f"Page {n} of {len(pages)}" for n in range(1, len(pages) + 1)]
    header = "Nordvik IPS (NV) · Visit 3 Mar 2025 – 4 Mar 2025"
    assert header not in pages[0]
    assert all(page.lstrip().startswith(header) for page in pages[1:])


def test_the_pdf_has_every_item_score_and_the_report_sections(final):
    text = "\n".join(pdf_pages(review_report_pdf(review=final, language="en").content))
    for heading in (
        "Section subtotals",
        "Item scores",
        "Strengths",
        "Items needing improvement (score 3 or lower) and recommendations",
        "Action plan",
    ):
        assert heading in text
    rows = re.findall(r"^\s*(\d+)\. .+?\s(\d)\s+–\s", text, flags=re.MULTILINE)
    assert [int(score) for _number, score in rows[:25]] == C1


def test_the_norwegian_pdf_uses_the_translated_texts_and_item_names(final):
    pages = pdf_pages(review_report_pdf(review=final, language="nb").content)
    text = "\n".join(pages)
    assert "Middels troskap" in pages[0]
    assert "Totalskår og nivå" in pages[0]
    assert "Besøk 03.03.2025 – 04.03.2025" in pages[1]
    for heading in ("Delsummer per del", "Punktskårer", "Styrker", "Handlingsplan"):
        assert heading in text
    assert "Item scores" not in text and "Fair fidelity" not in text


def test_the_page_numbers_are_built_from_the_translated_sentence(final, monkeypatch):
    monkeypatch.setattr(
        "reviews.report_pdf.gettext",
        lambda text: {"Page %(page)s of %(pages)s": "Side %(page)s av %(pages)s"}[text],
    )
    pages = pdf_pages(review_report_pdf(review=final, language="nb").content)
    assert page_numbers(pages) == [f"Side {n} av {len(pages)}" for n in range(1, len(pages) + 1)]


def test_the_filename_names_the_scale_center_and_visit_date(final):
    assert report_pdf_filename(final) == "ips25-report-NV-2025-03-03.pdf"


def test_the_page_numbers_follow_the_translation_with_its_placeholders_as_counters():
    assert page_numbers_css() == '"Page " counter(page) " of " counter(pages)'


def test_the_url_fetcher_serves_the_apps_static_files_and_nothing_else():
    fetcher = StaticFilesFetcher()
    css = fetcher.fetch("https://ipsweb.invalid/static/css/report_pdf.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    for url in (
        "https://example.org/static/css/report_pdf.css",
        "http://ipsweb.invalid/static/css/report_pdf.css",
        "file:///etc/passwd",
        "https://ipsweb.invalid/etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    with pytest.raises(FileNotFoundError):
        fetcher.fetch("https://ipsweb.invalid/static/../ipsweb/settings.py")
    assert static_file_path("../ipsweb/settings.py") is None
    assert static_file_path("css/no-such-file.css") is None


def test_the_pdf_view_downloads_the_report_in_the_chosen_language(client_for, manager, final):
    response = client_for(manager).get(
        reverse("reviews:report_pdf", args=[final.pk]), {"language": "nb"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="ips25-report-NV-2025-03-03.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert "Middels troskap" in pdf_pages(response.content)[0]


def test_a_review_not_yet_final_has_no_pdf(client_for, manager, in_consensus):
    response = client_for(manager).get(reverse("reviews:report_pdf", args=[in_consensus.pk]))
    assert response.status_code == 404


def test_an_unknown_language_is_refused_with_a_message(client_for, manager, final):
    client = client_for(manager)
    response = client.get(
        reverse("reviews:report_pdf", args=[final.pk]), {"language": "xx"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reviews:report", args=[final.pk])
    assert "There is no report in that language." in response.content.decode()


def test_without_pango_the_pdf_link_says_what_is_missing(client_for, manager, final, monkeypatch):
    # WeasyPrint could not load Pango when the app started (reviews.report_pdf).
    monkeypatch.setattr("reviews.report_pdf.HTML", None)
    response = client_for(manager).get(
        reverse("reviews:report_pdf", args=[final.pk]), {"language": "en"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reviews:report", args=[final.pk])
    assert "the Pango library is not installed" in response.content.decode()


def test_the_report_page_links_the_pdf_in_each_language(client_for, manager, final):
    html = client_for(manager).get(reverse("reviews:report", args=[final.pk])).content.decode()
    pdf = reverse("reviews:report_pdf", args=[final.pk])
    assert f'href="{pdf}?language=en"' in html
    assert f'href="{pdf}?language=nb"' in html
    assert "Download PDF (Norwegian Bokmål)" in html


def test_the_pdfs_of_the_demo_reviews_show_the_seed_papers_totals():
    call_command("load_demo")
    ids = latest_final_review_ids(Center.objects.all()).values()
    reviews = Review.objects.filter(pk__in=ids).select_related("center", "scale")
    totals = {}
    for review in reviews:
        pages = pdf_pages(review_report_pdf(review=review, language="en").content)
        total = re.search(r"^\s*(\d+)\s+of 125$", pages[0], flags=re.MULTILINE)
        totals[review.center.code] = int(total.group(1))
        assert page_numbers(pages) == [
            f"Page {n} of {len(pages)}" for n in range(1, len(pages) + 1)
        ]
        assert all(review.center.name in page for page in pages)
    assert totals == {"C1": 97, "C2": 103, "C3": 102, "C4": 89, "C5": 89, "C6": 109}
