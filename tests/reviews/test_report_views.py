"""The review report: print-ready A4 page with totals, items, changes and the action plan."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import ActionItem
from reviews.services.actions import action_item_save
from tests.factories import ReviewFactory, agree, final_review, ips25, rate
from tests.reviews.conftest import C1

pytestmark = pytest.mark.django_db

# The earlier review: item 5 one point lower and item 17 two points higher than C1.
EARLIER = [*C1[:4], 1, *C1[5:16], 3, *C1[17:]]


def open_action(review, number, text, status=ActionItem.Status.OPEN):
    return action_item_save(
        review=review,
        action_item=ActionItem(
            item=ips25().items.get(number=number),
            action=text,
            owner="Team leader",
            due_date=datetime.date(2024, 6, 1),
            status=status,
        ),
    )


@pytest.fixture
def history(center, reviewer, colleague):
    """A final review in 2024 (item 5 scored 1, item 17 scored 3) and the final C1 review."""
    earlier = final_review(
        center, [reviewer, colleague], EARLIER, visit_start=datetime.date(2024, 3, 4)
    )
    open_action(earlier, 5, "Join the treatment team meetings")
    open_action(earlier, 24, "Work out of the office", status=ActionItem.Status.DONE)
    current = final_review(center, [reviewer, colleague], C1)
    return earlier, current


def report(client, review):
    return client.get(reverse("reviews:report", args=[review.pk])).content.decode()


def test_the_report_shows_the_center_dates_reviewers_total_and_band(
    client_for, manager, history, center
):
    _earlier, current = history
    html = report(client_for(manager), current)
    assert center.name in html
    assert "3 Mar 2025" in html
    assert "rita (lead)" in html
    assert "<strong data-total>97</strong>" in html
    assert "<strong data-band>Fair fidelity</strong>" in html


def test_the_report_lists_section_subtotals_and_every_item_with_score_and_rationale(
    client_for, manager, history
):
    _earlier, current = history
    page = client_for(manager).get(reverse("reviews:report", args=[current.pk]))
    result = page.context["report"].result
    assert [(s.section, s.subtotal) for s in result.sections] == [
        ("Staffing", 14),
        ("Organization", 29),
        ("Services", 54),
    ]
    html = page.content.decode()
    assert html.count("Agreed after discussion.") == 25


def test_the_report_shows_the_change_per_item_since_the_previous_final_review(
    client_for, manager, history
):
    _earlier, current = history
    page = client_for(manager).get(reverse("reviews:report", args=[current.pk]))
    changes = {row.item.number: row.change.change for row in page.context["report"].rows}
    assert changes[5] == 1
    assert changes[17] == -2
    assert changes[1] == 0
    html = page.content.decode()
    assert "Change since 4 Mar 2024" in html
    assert "▲ +1" in html
    assert "▼ -2" in html


def test_the_report_lists_items_needing_improvement_with_their_recommendations(
    client_for, manager, in_consensus, reviewer
):
    from reviews.services.consensus import ConsensusEntry, consensus_save

    agree(in_consensus, reviewer, C1)
    consensus_save(
        review=in_consensus,
        actor=reviewer,
        entries=[
            ConsensusEntry(
                item_id=ips25().items.get(number=17).pk,
                score=1,
                rationale="Few contacts",
                recommendation="Book two employer visits a week per specialist.",
                version=1,
            )
        ],
    )
    page = client_for(manager).get(reverse("reviews:report", args=[in_consensus.pk]))
    improvement = [row.item.number for row in page.context["report"].improvement_rows]
    assert improvement == [5, 6, 9, 10, 15, 17, 18, 24]
    html = page.content.decode()
    assert "Book two employer visits a week per specialist." in html
    assert "No recommendation recorded." in html


def test_the_next_review_shows_the_open_actions_of_the_previous_one(
    client_for, manager, history, center, reviewer, colleague
):
    _earlier, current = history
    next_review = ReviewFactory(
        center=center, reviewers=[reviewer, colleague], visit_start=datetime.date(2026, 3, 2)
    )
    open_action(current, 17, "Weekly employer visits")
    for url_name in ("reviews:detail", "reviews:report"):
        html = client_for(manager).get(reverse(url_name, args=[next_review.pk])).content.decode()
        assert "Weekly employer visits" in html
    current_page = report(client_for(manager), current)
    assert "Join the treatment team meetings" in current_page
    assert "Work out of the office" not in current_page


def test_a_report_of_a_review_not_yet_final_says_it_is_a_draft_without_a_total(
    client_for, admin, review, reviewer
):
    rate(review, reviewer, C1, complete=False)
    html = report(client_for(admin), review)
    assert "Draft: this review is not final" in html
    assert "No total yet: items without a consensus score: 1, 2, 3" in html


def test_the_report_page_brings_its_print_styles(client_for, manager, history):
    """How the page prints (A4, no navigation) is checked in Chromium: tests/browser/
    test_report_print.py."""
    _earlier, current = history
    html = report(client_for(manager), current)
    assert "css/report.css" in html
    assert 'class="d-print-none"' in html


def test_the_report_page_uses_a_fixed_number_of_queries(
    client_for, manager, history, django_assert_max_num_queries
):
    _earlier, current = history
    client = client_for(manager)
    with django_assert_max_num_queries(30):
        client.get(reverse("reviews:report", args=[current.pk]))
