"""Reads for following an action plan up: the link a token opens, the links and progress notes
staff see on the review, and what the previous review said of each item on the next review's
rating and consensus pages (writes: reviews.services.follow_up)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from ipsweb.links import link_for_token as link_of_token
from reviews.models import ActionFollowUpLink, ActionItem, ActionUpdate, Review
from reviews.selectors import previous_final_review


def link_for_token(token: str) -> ActionFollowUpLink | None:
    """The link a token opens, whatever its state; None for a token nobody was given."""
    return link_of_token(ActionFollowUpLink.objects.select_related("review__center"), token)


def linked_actions(link: ActionFollowUpLink) -> list[ActionItem]:
    """The actions of the link's review, with their updates newest first: all the link shows."""
    return list(
        link.review.action_items.select_related("item")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("-at", "-pk")))
        .order_by("item__number", "pk")
    )


def follow_up_links(review: Review) -> QuerySet[ActionFollowUpLink]:
    return review.follow_up_links.select_related("created_by").order_by("-created_at", "-pk")


def action_updates(review: Review) -> list[ActionUpdate]:
    """Every status change and progress note of the review's actions, newest first."""
    return list(
        ActionUpdate.objects.filter(action_item__review=review)
        .select_related("action_item__item", "by")
        .order_by("-at", "-pk")
    )


@dataclass
class PreviousItem:
    """What the previous final review said of one item: its consensus score, recommendation and
    the actions planned for it, with their status now."""

    score: int | None = None
    recommendation: str = ""
    actions: list[ActionItem] = field(default_factory=list)


@dataclass
class PreviousReview:
    review: Review | None
    items: dict[int, PreviousItem] = field(default_factory=dict)  # by item number


def previous_items(review: Review) -> PreviousReview:
    """The previous final review of the same center, scale and kind, per item number (three
    queries, whatever the number of items)."""
    previous = previous_final_review(review)
    if previous is None:
        return PreviousReview(review=None)
    items: dict[int, PreviousItem] = {}
    for number, score, recommendation in previous.consensus_scores.values_list(
        "item__number", "score", "recommendation"
    ):
        items[number] = PreviousItem(score=score, recommendation=recommendation)
    for action in previous.action_items.select_related("item").order_by("due_date", "pk"):
        items.setdefault(action.item.number, PreviousItem()).actions.append(action)
    return PreviousReview(review=previous, items=items)
