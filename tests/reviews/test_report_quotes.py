"""Quotes in the report (issue 14): the lead picks interview excerpts coded to an item on the
consensus page; they stand under the item in the report page and the PDF."""

import re

import pytest
from django.urls import reverse

from qualitative.models import Source
from qualitative.services import code_create, coding_create, project_create, source_create
from reviews.evidence import excerpt_key, item_evidence
from reviews.models import ReportQuote
from reviews.report_pdf import review_report_pdf
from reviews.services.reviews import review_finalize
from tests.factories import agree
from tests.reviews.conftest import C1
from tests.reviews.test_report_pdf import pdf_pages

pytestmark = pytest.mark.django_db

NOTES = "Team leader: we call employers on Fridays. Most weeks nobody goes out."


@pytest.fixture
def excerpt(in_consensus, center, reviewer, admin):
    """The review's visit notes, with "we call employers on Fridays" coded to item 17."""
    project = project_create(actor=admin, name="Visits", centers=[center])
    notes = source_create(
        actor=reviewer,
        project=project,
        center=center,
        review=in_consensus,
        kind=Source.Kind.REVIEW_NOTES,
        title="Visit notes",
        text=NOTES,
    )
    item = in_consensus.scale.items.get(number=17)
    code = code_create(actor=admin, project=project, name="Employer contact", scale_items=[item])
    coding_create(actor=reviewer, source=notes, code=code, start=13, end=41)
    [found] = item_evidence(reviewer, in_consensus)[17]
    return found


def choose(client, review, number, key):
    return client.post(
        reverse("reviews:quote_add", args=[review.pk]), {"quote": f"{number}:{key}"}, follow=True
    )


def consensus_page(client, review) -> str:
    return client.get(reverse("reviews:consensus", args=[review.pk])).content.decode()


def test_the_lead_quotes_an_excerpt_from_the_consensus_page(
    client_for, reviewer, in_consensus, excerpt
):
    client = client_for(reviewer)
    key = excerpt_key(excerpt)
    assert f'value="17:{key}"' in consensus_page(client, in_consensus)
    response = choose(client, in_consensus, 17, key)
    assert response.redirect_chain[-1][0].endswith("/consensus/#consensus-17")
    html = response.content.decode()
    assert "The excerpt will be quoted under item 17." in html
    assert 'data-report-quotes="17"' in html
    quote = ReportQuote.objects.get()
    assert (quote.item.number, quote.text, quote.chosen_by) == (
        17,
        "we call employers on Fridays",
        reviewer,
    )
    assert quote.attribution == "Reviewer's interview notes"
    assert quote.history.count() == 1  # audited
    # Chosen twice, still one quote.
    choose(client, in_consensus, 17, key)
    assert ReportQuote.objects.count() == 1


def test_the_quote_stands_under_its_item_in_the_report_and_the_pdf(
    client_for, reviewer, manager, in_consensus, excerpt
):
    choose(client_for(reviewer), in_consensus, 17, excerpt_key(excerpt))
    agree(in_consensus, reviewer, C1)
    final = review_finalize(review=in_consensus, actor=reviewer)
    html = client_for(manager).get(reverse("reviews:report", args=[final.pk])).content.decode()
    row = html.index('data-report-quotes="17"')
    assert html.index("17. Job development: frequent employer contact") < row
    assert "“we call employers on Fridays”" in html[row:]
    assert "(Reviewer&#x27;s interview notes)" in html[row:]
    text = "\n".join(pdf_pages(review_report_pdf(review=final, language="en").content))
    assert re.search(r"17\. Job development: frequent.*?“we call employers on Fridays”", text, re.S)
    assert "(Reviewer's interview notes)" in text
    # Final: the quotes can no longer be changed.
    assert "Quote in the report" not in consensus_page(client_for(reviewer), final)


def test_an_excerpt_is_quoted_only_under_the_item_it_is_coded_to(
    client_for, reviewer, in_consensus, excerpt
):
    html = choose(client_for(reviewer), in_consensus, 3, excerpt_key(excerpt)).content.decode()
    assert "That excerpt is not coded to this item any more" in html
    assert not ReportQuote.objects.exists()


def test_a_made_up_key_quotes_nothing(client_for, reviewer, in_consensus, excerpt):
    html = choose(client_for(reviewer), in_consensus, 17, "0" * 32).content.decode()
    assert "That excerpt is not coded to this item any more" in html
    assert not ReportQuote.objects.exists()


def test_only_the_lead_chooses_quotes(client_for, colleague, manager, in_consensus, excerpt):
    for user in (colleague, manager):
        response = client_for(user).post(
            reverse("reviews:quote_add", args=[in_consensus.pk]),
            {"quote": f"17:{excerpt_key(excerpt)}"},
        )
        assert response.status_code == 403
    assert "Quote in the report" not in consensus_page(client_for(colleague), in_consensus)
    assert not ReportQuote.objects.exists()


def test_an_item_has_at_most_three_quotes(client_for, reviewer, in_consensus, excerpt):
    for n in range(3):
        ReportQuote.objects.create(
            review=in_consensus,
            item=in_consensus.scale.items.get(number=17),
            key=f"{n:032x}",
            text=f"Quote {n}",
            chosen_by=reviewer,
        )
    html = choose(client_for(reviewer), in_consensus, 17, excerpt_key(excerpt)).content.decode()
    assert "An item has at most 3 quotes in the report; remove one first." in html
    assert ReportQuote.objects.count() == 3


def test_the_lead_takes_a_quote_out_of_the_report(client_for, reviewer, in_consensus, excerpt):
    client = client_for(reviewer)
    choose(client, in_consensus, 17, excerpt_key(excerpt))
    quote = ReportQuote.objects.get()
    response = client.post(
        reverse("reviews:quote_remove", args=[in_consensus.pk, quote.pk]), follow=True
    )
    assert "The quote was taken out of item 17." in response.content.decode()
    assert not ReportQuote.objects.exists()
    assert quote.history.count() == 2  # chosen, then deleted


def test_a_quote_of_another_review_cannot_be_removed_through_this_one(
    client_for, reviewer, in_consensus, excerpt, center, colleague
):
    from tests.factories import ReviewFactory

    other = ReviewFactory(center=center, reviewers=[reviewer, colleague])
    quote = ReportQuote.objects.create(
        review=other,
        item=other.scale.items.get(number=1),
        key="1" * 32,
        text="Elsewhere",
        chosen_by=reviewer,
    )
    response = client_for(reviewer).post(
        reverse("reviews:quote_remove", args=[in_consensus.pk, quote.pk])
    )
    assert response.status_code == 404
    assert ReportQuote.objects.filter(pk=quote.pk).exists()
