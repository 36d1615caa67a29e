"""Suggested scores from a review's facts: pure functions on plain data (no Django, no ORM).

A scale version may ask for facts (``FidelityScale.facts``: caseload, days to first employer
contact, ...) and give some items a rule (``ScaleItem.suggestion``) that turns those facts into a
suggested score. Both are data in the scale version, so another scale or a revised threshold is an
edit, never code. The reviewer still chooses the score; the suggestion is advice with its rule.

A fact definition (one entry of the list ``FidelityScale.facts``)::

    {"key": "specialists", "label": "Employment specialists (full-time equivalents)",
     "kind": "number", "min": 0, "max": 1000,
     "translations": {"nb": {"label": "Jobbspesialister (årsverk)"}}}

``kind`` is one of KINDS: counts and days are whole numbers, percents lie within 0-100, numbers
may have decimals. ``min`` and ``max`` bound what may be entered.

A rule (``ScaleItem.suggestion``; ``{}`` for an item without one)::

    {"value": {"ratio": ["participants", "specialists"]},   # or {"fact": "days_to_contact"}
     "percent": false,                                      # a ratio times 100
     "direction": "at_most",                                # or "at_least"
     "thresholds": {"5": 20, "4": 30, "3": 40, "2": 50}}

With ``at_most`` the suggestion is the highest score whose bound the value does not exceed, with
``at_least`` the highest score whose bound the value reaches; a value past every bound gets the
scale's lowest score. Bounds are inclusive: a caseload of exactly 20 suggests 5 above. Values are
compared exactly (as fractions, never rounded), so a boundary never depends on float error.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

KINDS = ("count", "percent", "days", "number")
WHOLE_KINDS = ("count", "days")
DIRECTIONS = ("at_most", "at_least")
KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
KEY_MAX_LENGTH = 40
LABEL_MAX_LENGTH = 200
# Beyond this no fact of a fidelity review makes sense; it also keeps values within the database
# column (12 digits, 2 decimals).
VALUE_LIMIT = 10**9


class SuggestionError(ValueError):
    """A fact definition or rule that does not fit the format; ``problems`` lists each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    kind: str
    min: Fraction
    max: Fraction
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def whole(self) -> bool:
        return self.kind in WHOLE_KINDS

    def label_in(self, language: str | None) -> str:
        return (self.translations.get(language or "", {}) or {}).get("label") or self.label

    def to_data(self) -> dict:
        data = {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "min": plain_number(self.min),
            "max": plain_number(self.max),
        }
        if self.translations:
            data["translations"] = {lang: dict(t) for lang, t in sorted(self.translations.items())}
        return data


@dataclass(frozen=True)
class Rule:
    facts: tuple[str, ...]  # one fact, or a ratio's numerator and denominator
    direction: str
    thresholds: tuple[tuple[int, Fraction], ...]  # (score, bound), highest score first
    percent: bool = False

    @property
    def is_ratio(self) -> bool:
        return len(self.facts) == 2

    def to_data(self) -> dict:
        value = {"ratio": list(self.facts)} if self.is_ratio else {"fact": self.facts[0]}
        data = {
            "value": value,
            "direction": self.direction,
            "thresholds": {str(score): plain_number(bound) for score, bound in self.thresholds},
        }
        if self.percent:
            data["percent"] = True
        return data


@dataclass(frozen=True)
class Suggestion:
    """What a rule makes of the facts at hand: a score, or None with the reason."""

    score: int | None
    value: Fraction | None = None
    missing: tuple[str, ...] = ()  # keys of facts without a value
    zero_denominator: bool = False


def plain_number(value: Fraction | Decimal | int) -> int | float:
    """A number for JSON: an int when whole, else a float."""
    value = Fraction(value)
    return int(value) if value.denominator == 1 else float(value)


def exact(value: object) -> Fraction | None:
    """A JSON or database number as an exact fraction; None for anything else (a bool, text,
    NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        return None
    try:
        # Through the decimal text of a float: 0.1 stays one tenth, not 0.1000000000000000055...
        return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)
    except (ValueError, ArithmeticError):
        return None


def _untranslated(text: str) -> str:
    return text


def parse_facts(
    data: object, *, languages: Iterable[str], _: Callable[[str], str] = _untranslated
) -> tuple[Fact, ...]:
    """The fact definitions of a scale version; raise SuggestionError naming every problem.

    ``_`` translates the messages (Django's gettext from the callers; named ``_`` so that
    makemessages finds the texts here without this module importing Django)."""
    if data in (None, []):
        return ()
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise SuggestionError([_("Facts must be a list of objects.")])
    languages = tuple(languages)
    problems: list[str] = []
    facts = []
    for position, entry in enumerate(data, start=1):
        where = _("Fact %(n)s") % {"n": position}
        key = entry.get("key")
        if not isinstance(key, str) or not key or not set(key) <= KEY_CHARACTERS:
            problems.append(
                _("%(where)s: “key” must be lower-case letters, digits and _.") % {"where": where}
            )
            key = ""
        elif len(key) > KEY_MAX_LENGTH:
            problems.append(
                _("%(where)s: “key” is longer than %(limit)s characters.")
                % {"where": where, "limit": KEY_MAX_LENGTH}
            )
        where = _("Fact “%(key)s”") % {"key": key} if key else where
        label = entry.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(_("%(where)s: “label” must be a non-empty text.") % {"where": where})
            label = ""
        elif len(label.strip()) > LABEL_MAX_LENGTH:
            problems.append(
                _("%(where)s: “label” is longer than %(limit)s characters.")
                % {"where": where, "limit": LABEL_MAX_LENGTH}
            )
        kind = entry.get("kind")
        if kind not in KINDS:
            problems.append(
                _("%(where)s: “kind” must be one of %(kinds)s.")
                % {"where": where, "kinds": ", ".join(KINDS)}
            )
        low, high = exact(entry.get("min", 0)), exact(entry.get("max"))
        if low is None or high is None or not -VALUE_LIMIT <= low < high <= VALUE_LIMIT:
            problems.append(
                _("%(where)s: “min” and “max” must be numbers, min below max, within ±%(limit)s.")
                % {"where": where, "limit": VALUE_LIMIT}
            )
            low, high = Fraction(0), Fraction(VALUE_LIMIT)
        elif kind == "percent" and not 0 <= low < high <= 100:
            problems.append(_("%(where)s: a percent lies within 0-100.") % {"where": where})
        translations, more = _fact_translations(entry.get("translations", {}), where, languages, _)
        problems.extend(more)
        facts.append(
            Fact(
                key=key,
                label=label.strip() if isinstance(label, str) else "",
                kind=kind if kind in KINDS else "number",
                min=low,
                max=high,
                translations=translations,
            )
        )
    keys = [fact.key for fact in facts if fact.key]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        problems.append(_("Fact keys used twice: %(keys)s.") % {"keys": ", ".join(repeated)})
    if problems:
        raise SuggestionError(problems)
    return tuple(facts)


def _fact_translations(value, where: str, languages: tuple[str, ...], _):
    if not isinstance(value, dict):
        return {}, [
            _("%(where)s: “translations” must map language codes to labels.") % {"where": where}
        ]
    kept, problems = {}, []
    for language, texts in value.items():
        here = f"{where} ({language})"
        if language not in languages or not isinstance(texts, dict):
            problems.append(
                _("%(where)s: translations must be into one of %(codes)s.")
                % {"where": here, "codes": ", ".join(languages)}
            )
            continue
        if set(texts) - {"label"} or not all(isinstance(t, str) for t in texts.values()):
            problems.append(
                _("%(where)s: only the “label” text can be translated.") % {"where": here}
            )
            continue
        label = texts.get("label", "").strip()
        if len(label) > LABEL_MAX_LENGTH:
            problems.append(
                _("%(where)s: “label” is longer than %(limit)s characters.")
                % {"where": here, "limit": LABEL_MAX_LENGTH}
            )
        elif label:
            kept[language] = {"label": label}
    return kept, problems


def parse_rule(
    data: object,
    *,
    facts: Iterable[Fact],
    min_score: int,
    max_score: int,
    where: str = "Rule",
    _: Callable[[str], str] = _untranslated,
) -> Rule | None:
    """An item's rule (None for ``{}``: no suggestion); raise SuggestionError naming every
    problem (``_`` translates them, as in parse_facts). Thresholds must be for scores above the
    lowest, and ordered: with ``at_most`` a higher score needs a strictly lower bound, with
    ``at_least`` a strictly higher one."""
    if data in (None, {}):
        return None
    if not isinstance(data, dict):
        raise SuggestionError([_("%(where)s: a rule must be an object.") % {"where": where}])
    known = {fact.key: fact for fact in facts}
    problems = []
    value = data.get("value")
    keys: tuple[str, ...] = ()
    if isinstance(value, dict) and set(value) == {"fact"} and isinstance(value["fact"], str):
        keys = (value["fact"],)
    elif (
        isinstance(value, dict)
        and set(value) == {"ratio"}
        and isinstance(value["ratio"], list)
        and len(value["ratio"]) == 2
        and all(isinstance(k, str) for k in value["ratio"])
    ):
        keys = tuple(value["ratio"])
    else:
        problems.append(
            _("%(where)s: “value” must be %(fact)s or %(ratio)s.")
            % {"where": where, "fact": '{"fact": key}', "ratio": '{"ratio": [key, key]}'}
        )
    unknown = [key for key in keys if key not in known]
    if unknown:
        problems.append(
            _("%(where)s: unknown facts %(keys)s; define them first.")
            % {"where": where, "keys": ", ".join(unknown)}
        )
    percent = data.get("percent", False)
    if not isinstance(percent, bool) or (percent and len(keys) != 2):
        problems.append(
            _("%(where)s: “percent” (true or false) applies to a ratio only.") % {"where": where}
        )
        percent = False
    direction = data.get("direction")
    if direction not in DIRECTIONS:
        problems.append(
            _("%(where)s: “direction” must be one of %(directions)s.")
            % {"where": where, "directions": ", ".join(DIRECTIONS)}
        )
    unknown_parts = set(data) - {"value", "percent", "direction", "thresholds"}
    if unknown_parts:
        problems.append(
            _("%(where)s: unknown parts %(parts)s.")
            % {"where": where, "parts": ", ".join(sorted(unknown_parts))}
        )
    thresholds = _thresholds(data.get("thresholds"), where, min_score, max_score, problems, _)
    if direction in DIRECTIONS and len(thresholds) > 1:
        bounds = [bound for _score, bound in thresholds]
        pairs = list(pairwise(bounds))
        if direction == "at_most" and not all(higher < lower for higher, lower in pairs):
            problems.append(
                _("%(where)s: with “at_most” a higher score needs a strictly lower bound.")
                % {"where": where}
            )
        if direction == "at_least" and not all(higher > lower for higher, lower in pairs):
            problems.append(
                _("%(where)s: with “at_least” a higher score needs a strictly higher bound.")
                % {"where": where}
            )
    if problems:
        raise SuggestionError(problems)
    return Rule(facts=keys, direction=direction, thresholds=thresholds, percent=percent)


def _thresholds(value, where, min_score, max_score, problems, _) -> tuple:
    """(score, bound) pairs, highest score first; problems are added to ``problems``."""
    if not isinstance(value, dict) or not value:
        problems.append(_("%(where)s: “thresholds” must map scores to bounds.") % {"where": where})
        return ()
    parsed = []
    for score, bound in value.items():
        text = str(score)
        number = int(text) if text.isascii() and text.isdigit() else None
        if number is None or not min_score < number <= max_score:
            problems.append(
                _("%(where)s: threshold scores must lie above %(low)s and at most %(high)s.")
                % {"where": where, "low": min_score, "high": max_score}
            )
            continue
        exact_bound = exact(bound)
        if exact_bound is None or abs(exact_bound) > VALUE_LIMIT:
            problems.append(
                _("%(where)s: the bound for %(score)s must be a number.")
                % {"where": where, "score": number}
            )
            continue
        parsed.append((number, exact_bound))
    return tuple(sorted(parsed, reverse=True))


def rule_value(rule: Rule, values: Mapping[str, object]) -> Suggestion:
    """The value a rule compares (a fact, or a ratio, times 100 for a percent), or why not."""
    numbers = {key: exact(values.get(key)) for key in rule.facts}
    missing = tuple(key for key in rule.facts if numbers[key] is None)
    if missing:
        return Suggestion(score=None, missing=missing)
    if not rule.is_ratio:
        return Suggestion(score=None, value=numbers[rule.facts[0]])
    numerator, denominator = (numbers[key] for key in rule.facts)
    if denominator == 0:
        return Suggestion(score=None, zero_denominator=True)
    value = numerator / denominator
    return Suggestion(score=None, value=value * 100 if rule.percent else value)


def suggest(rule: Rule, values: Mapping[str, object], *, min_score: int) -> Suggestion:
    """The score ``rule`` suggests for the facts ``values`` (key -> number; missing or None for a
    fact not given yet). Without every fact, or with a ratio over zero, the score is None."""
    found = rule_value(rule, values)
    if found.value is None:
        return found
    for score, bound in rule.thresholds:
        met = found.value <= bound if rule.direction == "at_most" else found.value >= bound
        if met:
            return Suggestion(score=score, value=found.value)
    return Suggestion(score=min_score, value=found.value)


# The words of a rule's text, in English; the pages pass them translated (reviews.facts).
WORDS = {
    "ratio": "{numerator} per {denominator}",
    "percent": "{numerator} as a percentage of {denominator}",
    "at_most": "{bound} or less: {score}",
    "at_least": "{bound} or more: {score}",
    "otherwise": "otherwise: {score}",
    "rule": "{value}. {steps}.",
}


def rule_text(
    rule: Rule,
    labels: Mapping[str, str],
    *,
    min_score: int,
    words: Mapping[str, str] = WORDS,
    number: Callable[[Fraction], str] | None = None,
) -> str:
    """The rule as a sentence, such as "Participants per Employment specialists. 20 or less: 5;
    30 or less: 4; otherwise: 1." ``labels`` names the facts (key -> label); ``number`` writes a
    bound (default: up to two decimals)."""
    number = number or format_number
    names = [labels.get(key, key) for key in rule.facts]
    if rule.is_ratio:
        value = words["percent" if rule.percent else "ratio"].format(
            numerator=names[0], denominator=names[1]
        )
    else:
        value = names[0]
    steps = [
        words[rule.direction].format(bound=number(bound), score=score)
        for score, bound in rule.thresholds
    ]
    steps.append(words["otherwise"].format(score=min_score))
    return words["rule"].format(value=value, steps="; ".join(steps))


def format_number(value: Fraction, decimal_mark: str = ".") -> str:
    """A number with at most two decimals, without trailing zeros (20, 96.5, 1.33)."""
    rounded = round(Decimal(value.numerator) / Decimal(value.denominator), 2)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark)
