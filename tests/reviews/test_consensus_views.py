"""The consensus page: ratings side by side, agreement, the lead's form, conflicts, finalize."""

import pytest
from django.urls import reverse

from reviews.models import ConsensusScore, Review
from reviews.services.consensus import ConsensusEntry, consensus_save
from tests.factories import ips25
from tests.reviews.conftest import C1, CONFIRMED

pytestmark = pytest.mark.django_db


def page_data(response, changes: dict[int, dict] | None = None) -> dict:
    """What the browser would send back from the page, with ``changes`` typed per item number."""
    formset = response.context["formset"]
    if formset.is_bound:
        # A page shown again after a refused save sends back what it shows.
        return formset.data.dict()
    data = {
        "items-TOTAL_FORMS": str(formset.total_form_count()),
        "items-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    numbers = {i.pk: i.number for i in ips25().items.all()}
    for form in formset.forms:
        typed = (changes or {}).get(numbers[form.initial["item"]], {})
        for name in ("item", "version", "score", "rationale", "recommendation"):
            initial = form.initial.get(name)
            shown = "" if initial is None else str(initial)
            data[form.add_prefix(name)] = str(typed.get(name, shown))
            if name in ("score", "rationale", "recommendation"):
                data[form.add_initial_prefix(name)] = shown
    return data


@pytest.fixture
def lead_client(client_for, reviewer):
    return client_for(reviewer)


def consensus_url(review):
    return reverse("reviews:consensus", args=[review.pk])


def test_the_lead_sees_every_rating_side_by_side_with_differences_marked(lead_client, in_consensus):
    page = lead_client.get(consensus_url(in_consensus))
    html = page.content.decode()
    rows = {row.item.number: row for row in page.context["comparison"].items}
    assert [r.score for _a, r in rows[18].ratings] == [2, 4]
    assert rows[18].spread == 2
    assert "Differ by 2" in html
    assert "Differ by 1" in html
    assert html.count("strongly-differs") == 1
    assert "All agree" in html


def test_the_page_shows_exact_within_one_and_kappa_agreement(lead_client, in_consensus):
    page = lead_client.get(consensus_url(in_consensus))
    agreement = page.context["comparison"].agreement
    assert agreement.exact_percent == pytest.approx(92.0)
    assert agreement.within_one_percent == pytest.approx(96.0)
    html = page.content.decode()
    assert "92.0%" in html
    assert "96.0%" in html
    assert f"{agreement.kappa:.2f}" in html


def test_scores_all_reviewers_agreed_on_are_prefilled_and_differing_ones_are_not(
    lead_client, in_consensus
):
    formset = lead_client.get(consensus_url(in_consensus)).context["formset"]
    prefilled = [form.initial["score"] for form in formset.forms]
    assert prefilled[0] == 5
    assert prefilled[5] is None
    assert prefilled[17] is None


def test_a_missing_rationale_where_reviewers_differed_saves_nothing_and_keeps_the_input(
    lead_client, in_consensus
):
    page = lead_client.get(consensus_url(in_consensus))
    data = page_data(page, {6: {"score": 3}, 18: {"score": 2, "recommendation": "Visit more"}})
    response = lead_client.post(consensus_url(in_consensus), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The reviewers differed on this item (2, 4): give a rationale." in html
    assert "Visit more" in html
    assert not ConsensusScore.objects.exists()


def test_the_lead_agrees_consensus_and_finalizes(lead_client, in_consensus):
    page = lead_client.get(consensus_url(in_consensus))
    data = page_data(
        page,
        {
            6: {"score": 3, "rationale": "Meetings only when problems arise."},
            18: {"score": 2, "rationale": "Mostly requests for openings.", "recommendation": "X"},
        },
    )
    response = lead_client.post(consensus_url(in_consensus), data, follow=True)
    assert "25 consensus scores were saved." in response.content.decode()
    assert ConsensusScore.objects.get(item__number=18).recommendation == "X"
    response = lead_client.post(
        reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED, follow=True
    )
    html = response.content.decode()
    assert "The review is final: total 97, Fair fidelity." in html
    in_consensus.refresh_from_db()
    assert (in_consensus.status, in_consensus.total) == (Review.Status.FINAL, 97)


def test_finalizing_too_early_names_the_items_without_consensus(lead_client, in_consensus):
    response = lead_client.post(
        reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED, follow=True
    )
    assert "These items have no consensus score yet: 1, 2, 3" in response.content.decode()
    in_consensus.refresh_from_db()
    assert in_consensus.status == Review.Status.CONSENSUS


def test_a_save_after_someone_else_saved_shows_their_values_and_keeps_the_users(
    lead_client, in_consensus, admin
):
    page = lead_client.get(consensus_url(in_consensus))
    item6 = ips25().items.get(number=6)
    consensus_save(
        review=in_consensus,
        actor=admin,
        entries=[ConsensusEntry(item_id=item6.pk, score=4, rationale="Admin saw monthly meetings")],
    )
    data = page_data(page, {6: {"score": 3, "rationale": "Lead's reasoning"}})
    response = lead_client.post(consensus_url(in_consensus), data)
    html = response.content.decode()
    assert "saved this item after you opened the page" in html
    assert "Admin saw monthly meetings" in html
    assert "Lead&#x27;s reasoning" in html
    assert ConsensusScore.objects.get().rationale == "Admin saw monthly meetings"
    # Saving the same page again, now based on the admin's version, replaces it.
    again = lead_client.post(consensus_url(in_consensus), page_data(response))
    assert again.status_code == 302
    stored = ConsensusScore.objects.get(item=item6)
    assert (stored.score, stored.rationale, stored.version) == (3, "Lead's reasoning", 2)


def test_the_page_is_read_only_after_final(client_for, in_consensus, reviewer):
    from tests.factories import agree

    agree(in_consensus, reviewer, C1)
    client_for(reviewer).post(reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED)
    page = client_for(reviewer).get(consensus_url(in_consensus))
    assert page.context["formset"] is None
    assert "Consensus score:" in page.content.decode()
    # Said once, by the review's header, not again by the page.
    assert page.content.decode().count("The review is final.") == 1
    assert client_for(reviewer).post(consensus_url(in_consensus), {}).status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"items-TOTAL_FORMS": "x"},
        {"items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-0-item": "1"},
    ],
)
def test_a_mangled_form_changes_nothing_and_says_so(lead_client, in_consensus, data):
    response = lead_client.post(consensus_url(in_consensus), data)
    assert response.status_code == 200
    assert "The form arrived incomplete; nothing was saved." in response.content.decode()
    assert not ConsensusScore.objects.exists()
