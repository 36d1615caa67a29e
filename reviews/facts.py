"""Reads of a review's facts and the scores they suggest, for the pages (the rules themselves are
pure: reviews.suggestions)."""

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsweb.translations import active_language, language_codes
from reviews.models import DataRequest, FidelityScale, Review, ReviewFact, ScaleItem
from reviews.suggestions import (
    Fact,
    Rule,
    Suggestion,
    SuggestionError,
    format_number,
    parse_facts,
    parse_rule,
    plain_number,
    rule_text,
    suggest,
)


def scale_facts(scale: FidelityScale) -> tuple[Fact, ...]:
    """The facts a scale version asks for (checked when they were stored)."""
    try:
        return parse_facts(scale.facts, languages=language_codes())
    except SuggestionError:
        return ()


def item_rule(scale: FidelityScale, item: ScaleItem, facts: tuple[Fact, ...]) -> Rule | None:
    try:
        return parse_rule(
            item.suggestion, facts=facts, min_score=scale.min_score, max_score=scale.max_score
        )
    except SuggestionError:
        return None


def fact_label(fact: Fact) -> str:
    return fact.label_in(active_language())


def _words() -> dict[str, str]:
    # The same placeholders as reviews.suggestions.WORDS, in the reader's language.
    return {
        "ratio": _("{numerator} per {denominator}"),
        "percent": _("{numerator} as a percentage of {denominator}"),
        "at_most": _("{bound} or less: {score}"),
        "at_least": _("{bound} or more: {score}"),
        "otherwise": _("otherwise: {score}"),
        "rule": _("{value}. {steps}."),
    }


def display_number(value: Fraction | Decimal) -> str:
    """A fact or bound as pages show it: up to two decimals, the language's decimal mark."""
    return format_number(Fraction(value), decimal_mark=get_format("DECIMAL_SEPARATOR"))


def localized_rule_text(rule: Rule, facts: tuple[Fact, ...], scale: FidelityScale) -> str:
    labels = {fact.key: fact_label(fact) for fact in facts}
    return rule_text(rule, labels, min_score=scale.min_score, words=_words(), number=display_number)


def review_fact_values(review: Review) -> dict[str, Decimal]:
    return dict(ReviewFact.objects.filter(review=review).values_list("key", "value"))


@dataclass(frozen=True)
class FactValue:
    fact: Fact
    label: str
    value: Decimal | None

    @property
    def plain(self) -> str:
        """The value for the calculator's field: a dot as the decimal mark, no trailing zeros."""
        return "" if self.value is None else format_number(Fraction(self.value))

    @property
    def shown(self) -> str:
        return "–" if self.value is None else display_number(self.value)


@dataclass(frozen=True)
class ItemSuggestion:
    """An item's rule, the facts it uses with their stored values, and the score they suggest."""

    rule: Rule
    text: str
    facts: tuple[FactValue, ...]
    suggestion: Suggestion
    min_score: int

    @property
    def score(self) -> int | None:
        return self.suggestion.score

    @property
    def value_text(self) -> str:
        value = self.suggestion.value
        return "" if value is None else display_number(value)

    @property
    def missing_labels(self) -> list[str]:
        return [fv.label for fv in self.facts if fv.fact.key in self.suggestion.missing]

    @property
    def calculator(self) -> str:
        """The rule as JSON for the page's calculator (static/js/suggestions.js); bounds as exact
        decimal texts so the script compares the same numbers as the server."""
        return json.dumps(
            {
                "facts": list(self.rule.facts),
                "percent": self.rule.percent,
                "direction": self.rule.direction,
                "thresholds": [
                    [score, str(plain_number(bound))] for score, bound in self.rule.thresholds
                ],
                "min": self.min_score,
            }
        )


def item_suggestions(review: Review, values: dict[str, Decimal] | None = None) -> dict:
    """Item id -> ItemSuggestion for every item of the review's scale that has a rule."""
    scale = review.scale
    facts = scale_facts(scale)
    if not facts:
        return {}
    by_key = {fact.key: fact for fact in facts}
    values = review_fact_values(review) if values is None else values
    found = {}
    for item in ScaleItem.objects.filter(scale=scale).exclude(suggestion={}):
        rule = item_rule(scale, item, facts)
        if rule is None:
            continue
        found[item.pk] = ItemSuggestion(
            rule=rule,
            text=localized_rule_text(rule, facts, scale),
            facts=tuple(
                FactValue(by_key[key], fact_label(by_key[key]), values.get(key))
                for key in rule.facts
            ),
            suggestion=suggest(rule, values, min_score=scale.min_score),
            min_score=scale.min_score,
        )
    return found


def items_differing_without_note(review: Review, reviewer) -> list[ScaleItem]:
    """The items (by number) whose score differs from the score the facts suggest while their
    evidence notes are empty: a reviewer who departs from a suggestion says why."""
    suggestions = item_suggestions(review)
    if not suggestions:
        return []
    ratings = review.ratings.filter(
        reviewer=reviewer, item_id__in=suggestions, score__isnull=False
    ).select_related("item")
    return sorted(
        (
            rating.item
            for rating in ratings
            if suggestions[rating.item_id].score is not None
            and rating.score != suggestions[rating.item_id].score
            and not rating.evidence.strip()
        ),
        key=lambda item: item.number,
    )


def current_data_request(review: Review) -> DataRequest | None:
    """The review's request that is not withdrawn (there is at most one)."""
    return DataRequest.objects.filter(review=review, revoked_at__isnull=True).first()


FACT_KINDS = {
    "count": gettext_lazy("count"),
    "percent": gettext_lazy("percent"),
    "days": gettext_lazy("days"),
    "number": gettext_lazy("number"),
}


@dataclass(frozen=True)
class FactRow:
    key: str
    label: str
    kind: str
    min: str
    max: str


def scale_fact_rows(scale: FidelityScale) -> list[FactRow]:
    """The scale's facts as the scale page lists them, in the reader's language."""
    return [
        FactRow(
            key=fact.key,
            label=fact_label(fact),
            kind=str(FACT_KINDS[fact.kind]),
            min=display_number(fact.min),
            max=display_number(fact.max),
        )
        for fact in scale_facts(scale)
    ]


def scale_rule_texts(scale: FidelityScale) -> dict[int, str]:
    """Item id -> its rule as a sentence, for the items of the scale that have one."""
    facts = scale_facts(scale)
    texts = {}
    for item in ScaleItem.objects.filter(scale=scale).exclude(suggestion={}):
        if rule := item_rule(scale, item, facts):
            texts[item.pk] = localized_rule_text(rule, facts, scale)
    return texts
