"""The JSON file format of a fidelity scale, and the rules a scale must meet to be published.

No ORM here (only Django's gettext for the messages): ``parse_scale`` turns decoded JSON into a
ScaleDefinition or raises ScaleFormatError listing every problem it found; ``publish_problems``
lists what keeps a complete definition from being published. The services use both for imports,
the IPS-25 data migration and publishing a draft made in the app, so the rules live in one place.

Format (see reviews/data/ips25.json)::

    {"format": "ipsweb-scale/1", "code": "IPS-25", "name": "...", "version": 1,
     "language": "en", "translations": {"nb": {"name": "...", "description": "..."}},
     "description": "...", "min_score": 1, "max_score": 5, "improvement_at_or_below": 3,
     "sections": [{"name": "Staffing", "translations": {"nb": {"name": "Bemanning"}}, "items": [
         {"number": 1, "name": "...", "short_name": "...", "assesses": "...",
          "data_sources": ["MIS", "DOC"], "anchors": {"1": "...", ..., "5": "..."},
          "translations": {"nb": {"name": "...", "anchors": {"1": "...", ...}}}}]}],
     "bands": [{"min_total": 115, "max_total": 125, "label": "Exemplary fidelity",
                "translations": {"nb": {"label": "Eksemplarisk troskap"}}}],
     "facts": [{"key": "participants", "label": "...", "kind": "count", "min": 0, "max": 10000}]}

Facts and suggested-score rules (optional): ``facts`` lists what a review collects before the
visit, and an item's ``"suggestion"`` turns them into a suggested score; their format is in
reviews/suggestions.py.

Languages: the plain texts are in the file's ``language`` (optional, "en" when absent) and must be
complete; ``translations`` (optional everywhere) add other languages of ``settings.LANGUAGES`` and
may be partial: a missing text shows the default one.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _

from ipsweb.translations import language_codes
from reviews.scoring import SCORE_BOUND_MAX, SCORE_BOUND_MIN, Band
from reviews.suggestions import Fact, Rule, SuggestionError, parse_facts, parse_rule

FORMAT = "ipsweb-scale/1"
DATA_SOURCES = ("MIS", "DOC", "INT", "OBS", "ISP")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,29}$")
TEXT_LIMITS = {"name": 300, "short_name": 100, "section": 200, "label": 100, "scale_name": 200}
DEFAULT_LANGUAGE = "en"
# Translations of each part: language -> field -> text (an item's "anchors": score -> text).
Translations = Mapping[str, Mapping]


class ScaleFormatError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ItemDefinition:
    number: int
    name: str
    short_name: str
    assesses: str
    data_sources: tuple[str, ...] = ()
    anchors: tuple[tuple[int, str], ...] = ()  # (score, text), by score
    translations: Translations = field(default_factory=dict)
    suggestion: Rule | None = None


@dataclass(frozen=True)
class SectionDefinition:
    name: str
    items: tuple[ItemDefinition, ...] = ()
    translations: Translations = field(default_factory=dict)


@dataclass(frozen=True)
class BandDefinition:
    """A band as stored with its scale: the scoring core's ``Band`` plus its translations."""

    min_total: int
    max_total: int
    label: str
    translations: Translations = field(default_factory=dict)

    @property
    def band(self) -> Band:
        return Band(min_total=self.min_total, max_total=self.max_total, label=self.label)


@dataclass(frozen=True)
class ScaleDefinition:
    code: str
    name: str
    version: int
    min_score: int
    max_score: int
    improvement_at_or_below: int
    description: str = ""
    sections: tuple[SectionDefinition, ...] = ()
    bands: tuple[BandDefinition, ...] = field(default=())
    language: str = DEFAULT_LANGUAGE
    translations: Translations = field(default_factory=dict)
    facts: tuple[Fact, ...] = ()

    @property
    def items(self) -> tuple[ItemDefinition, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def to_data(self) -> dict:
        """The JSON-ready form that parse_scale reads back."""
        return {
            "format": FORMAT,
            "code": self.code,
            "name": self.name,
            "version": self.version,
            "language": self.language,
            "translations": _plain(self.translations),
            "description": self.description,
            "min_score": self.min_score,
            "max_score": self.max_score,
            "improvement_at_or_below": self.improvement_at_or_below,
            "sections": [
                {
                    "name": section.name,
                    "translations": _plain(section.translations),
                    "items": [
                        {
                            "number": item.number,
                            "name": item.name,
                            "short_name": item.short_name,
                            "assesses": item.assesses,
                            "data_sources": list(item.data_sources),
                            "anchors": {str(score): text for score, text in item.anchors},
                            "translations": _plain(item.translations),
                            **(
                                {"suggestion": item.suggestion.to_data()} if item.suggestion else {}
                            ),
                        }
                        for item in section.items
                    ],
                }
                for section in self.sections
            ],
            "bands": [
                {
                    "min_total": b.min_total,
                    "max_total": b.max_total,
                    "label": b.label,
                    "translations": _plain(b.translations),
                }
                for b in self.bands
            ],
            "facts": [fact.to_data() for fact in self.facts],
        }


def _plain(translations: Translations) -> dict:
    """Translations as JSON: languages in order, an item's anchor scores as text keys."""
    return {
        language: {
            key: {str(k): v for k, v in value.items()} if isinstance(value, Mapping) else value
            for key, value in translations[language].items()
        }
        for language in sorted(translations)
    }


class _Reader:
    """Reads typed values out of nested JSON, collecting problems instead of stopping at one."""

    def __init__(self):
        self.problems: list[str] = []

    def text(self, data: dict, key: str, where: str, *, limit: int | None = None, blank=False):
        value = data.get(key, "" if blank else None)
        if not isinstance(value, str) or (not blank and not value.strip()):
            self.problems.append(
                _("%(where)s: “%(key)s” must be a non-empty text.") % {"where": where, "key": key}
            )
            return ""
        value = value.strip()
        if limit and len(value) > limit:
            self.problems.append(
                _("%(where)s: “%(key)s” is longer than %(limit)s characters.")
                % {"where": where, "key": key, "limit": limit}
            )
        return value

    def integer(self, data: dict, key: str, where: str, *, low: int, high: int) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problems.append(
                _("%(where)s: “%(key)s” must be a whole number from %(low)s to %(high)s.")
                % {"where": where, "key": key, "low": low, "high": high}
            )
            return low
        return value

    def anchors(self, data: dict, where: str) -> tuple[tuple[int, str], ...]:
        """An item's "anchors": (score, text) by score."""
        anchors = data.get("anchors", {})
        parsed = []
        if not isinstance(anchors, dict):
            self.problems.append(
                _("%(where)s: “anchors” must map scores to texts.") % {"where": where}
            )
            anchors = {}
        for score, text in anchors.items():
            # str.isdigit alone accepts "²", which int() refuses.
            is_number = str(score).isascii() and str(score).isdigit()
            if not is_number or not isinstance(text, str) or not text.strip():
                self.problems.append(
                    _("%(where)s: anchor “%(score)s” must be a score with a text.")
                    % {"where": where, "score": score}
                )
                continue
            parsed.append((int(score), text.strip()))
        return tuple(sorted(parsed))

    def translations(
        self,
        data: dict,
        where: str,
        fields: Mapping[str, int | None],
        *,
        language: str,
        anchors: bool = False,
    ) -> dict:
        """The optional "translations": language -> field -> text, each possibly partial; blank
        texts are left out. ``fields`` maps the translatable fields to their length limits."""
        value = data.get("translations", {})
        if not isinstance(value, dict):
            self.problems.append(
                _("%(where)s: “translations” must map language codes to texts.") % {"where": where}
            )
            return {}
        result = {}
        for code, texts in value.items():
            here = f"{where} ({code})"
            if code not in language_codes() or code == language:
                self.problems.append(
                    _("%(where)s: translations must be into another of the languages %(codes)s.")
                    % {"where": here, "codes": ", ".join(language_codes())}
                )
                continue
            if not isinstance(texts, dict):
                self.problems.append(
                    _("%(where)s: “translations” must map language codes to texts.")
                    % {"where": here}
                )
                continue
            kept = {}
            for key in texts:
                if anchors and key == "anchors":
                    if parsed := self.anchors(texts, here):
                        kept["anchors"] = dict(parsed)
                elif key not in fields:
                    self.problems.append(
                        _("%(where)s: “%(key)s” cannot be translated.")
                        % {"where": here, "key": key}
                    )
                elif isinstance(texts[key], str) and not texts[key].strip():
                    continue
                else:
                    kept[key] = self.text(texts, key, here, limit=fields[key])
            if kept:
                result[code] = kept
        return result

    def objects(self, data: dict, key: str, where: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problems.append(
                _("%(where)s: “%(key)s” must be a list of objects.") % {"where": where, "key": key}
            )
            return []
        return value


def parse_scale(data: object) -> ScaleDefinition:
    """Read a decoded scale file; raise ScaleFormatError naming every problem found."""
    if not isinstance(data, dict):
        raise ScaleFormatError([_("The file must contain one JSON object.")])
    if data.get("format") != FORMAT:
        raise ScaleFormatError([_("“format” must be “%(format)s”.") % {"format": FORMAT}])
    read = _Reader()
    low, high = SCORE_BOUND_MIN, SCORE_BOUND_MAX
    language = data.get("language", DEFAULT_LANGUAGE)
    if language not in language_codes():
        read.problems.append(
            _("Scale: “language” must be one of %(codes)s.")
            % {"codes": ", ".join(language_codes())}
        )
    code = read.text(data, "code", _("Scale"))
    if code and not CODE_PATTERN.match(code):
        read.problems.append(_("Scale: “code” may hold 1-30 letters, digits and hyphens."))
    min_score = read.integer(data, "min_score", _("Scale"), low=low, high=high)
    max_score = read.integer(data, "max_score", _("Scale"), low=low, high=high)
    try:
        facts = parse_facts(data.get("facts", []), languages=language_codes(), _=_)
    except SuggestionError as error:
        read.problems.extend(error.problems)
        facts = ()
    sections = []
    for s, section in enumerate(read.objects(data, "sections", _("Scale")), start=1):
        where = _("Section %(n)s") % {"n": s}
        items = []
        for item in read.objects(section, "items", where):
            items.append(
                _parse_item(read, item, where, language, facts=facts, scores=(min_score, max_score))
            )
        sections.append(
            SectionDefinition(
                name=read.text(section, "name", where, limit=TEXT_LIMITS["section"]),
                items=tuple(items),
                translations=read.translations(
                    section, where, {"name": TEXT_LIMITS["section"]}, language=language
                ),
            )
        )
    bands = []
    for b, band in enumerate(read.objects(data, "bands", _("Scale")), start=1):
        where = _("Band %(n)s") % {"n": b}
        bands.append(
            BandDefinition(
                min_total=read.integer(band, "min_total", where, low=0, high=100_000),
                max_total=read.integer(band, "max_total", where, low=0, high=100_000),
                label=read.text(band, "label", where, limit=TEXT_LIMITS["label"]),
                translations=read.translations(
                    band, where, {"label": TEXT_LIMITS["label"]}, language=language
                ),
            )
        )
    definition = ScaleDefinition(
        code=code.upper(),
        name=read.text(data, "name", _("Scale"), limit=TEXT_LIMITS["scale_name"]),
        version=read.integer(data, "version", _("Scale"), low=1, high=10_000),
        description=read.text(data, "description", _("Scale"), blank=True),
        min_score=min_score,
        max_score=max_score,
        improvement_at_or_below=read.integer(
            data, "improvement_at_or_below", _("Scale"), low=low, high=high
        ),
        sections=tuple(sections),
        bands=tuple(bands),
        language=language,
        translations=read.translations(
            data,
            _("Scale"),
            {"name": TEXT_LIMITS["scale_name"], "description": None},
            language=language,
        ),
        facts=facts,
    )
    problems = read.problems + structure_problems(definition)
    if problems:
        raise ScaleFormatError(problems)
    return definition


def _parse_item(
    read: _Reader,
    item: dict,
    where: str,
    language: str,
    *,
    facts: tuple[Fact, ...] = (),
    scores: tuple[int, int] = (SCORE_BOUND_MIN, SCORE_BOUND_MAX),
) -> ItemDefinition:
    number = read.integer(item, "number", where, low=1, high=999)
    where = _("%(where)s, item %(number)s") % {"where": where, "number": number}
    try:
        suggestion = parse_rule(
            item.get("suggestion", {}),
            facts=facts,
            min_score=scores[0],
            max_score=scores[1],
            where=where,
            _=_,
        )
    except SuggestionError as error:
        read.problems.extend(error.problems)
        suggestion = None
    sources = item.get("data_sources", [])
    if not isinstance(sources, list) or not all(s in DATA_SOURCES for s in sources):
        read.problems.append(
            _("%(where)s: “data_sources” must be a list of codes from %(codes)s.")
            % {"where": where, "codes": ", ".join(DATA_SOURCES)}
        )
        sources = []
    return ItemDefinition(
        number=number,
        name=read.text(item, "name", where, limit=TEXT_LIMITS["name"]),
        short_name=read.text(item, "short_name", where, limit=TEXT_LIMITS["short_name"]),
        assesses=read.text(item, "assesses", where),
        data_sources=tuple(dict.fromkeys(sources)),
        anchors=read.anchors(item, where),
        translations=read.translations(
            item,
            where,
            {k: TEXT_LIMITS.get(k) for k in ("name", "short_name", "assesses")},
            language=language,
            anchors=True,
        ),
        suggestion=suggestion,
    )


def structure_problems(definition: ScaleDefinition) -> list[str]:
    """What the database would refuse: bad ranges, repeated numbers, anchors out of range."""
    problems = []
    if not definition.min_score < definition.max_score:
        problems.append(_("The lowest item score must be below the highest."))
    if not definition.min_score <= definition.improvement_at_or_below <= definition.max_score:
        problems.append(_("“improvement_at_or_below” must lie within the item range."))
    numbers = [item.number for item in definition.items]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        problems.append(
            _("Item numbers used twice: %(numbers)s.") % {"numbers": ", ".join(map(str, repeated))}
        )
    for item in definition.items:
        scores = [s for s, _text in item.anchors]
        for texts in item.translations.values():
            scores.extend(texts.get("anchors", {}))
        outside = [s for s in scores if not SCORE_BOUND_MIN <= s <= SCORE_BOUND_MAX]
        if outside:
            problems.append(
                _("Item %(number)s: anchors for scores outside %(low)s-%(high)s.")
                % {"number": item.number, "low": SCORE_BOUND_MIN, "high": SCORE_BOUND_MAX}
            )
    starts = [band.min_total for band in definition.bands]
    if len(starts) != len(set(starts)):
        problems.append(_("Two bands start at the same total."))
    return problems


def publish_problems(definition: ScaleDefinition) -> list[str]:
    """What keeps a scale from being published; an empty list means it can be.

    A published scale must be complete: every section has items, items are numbered 1..n, every
    item has an anchor for each score of the range and no others, and the bands cover every
    possible total exactly once.
    """
    problems = structure_problems(definition)
    items = definition.items
    if not items:
        return [*problems, _("The scale has no items.")]
    for section in definition.sections:
        if not section.items:
            problems.append(_("Section “%(name)s” has no items.") % {"name": section.name})
    if sorted(item.number for item in items) != list(range(1, len(items) + 1)):
        problems.append(_("Items must be numbered 1 to %(n)s without gaps.") % {"n": len(items)})
    scores = set(range(definition.min_score, definition.max_score + 1))
    for item in sorted(items, key=lambda i: i.number):
        anchored = {score for score, _text in item.anchors}
        translated = {s for texts in item.translations.values() for s in texts.get("anchors", {})}
        if anchored != scores or not translated <= scores:
            problems.append(
                _(
                    "Item %(number)s needs an anchor text for each score %(min)s-%(max)s "
                    "and no others."
                )
                % {
                    "number": item.number,
                    "min": definition.min_score,
                    "max": definition.max_score,
                }
            )
    problems.extend(
        band_problems(
            definition.bands,
            low=definition.min_score * len(items),
            high=definition.max_score * len(items),
        )
    )
    return problems


def band_overlaps(bands) -> list[str]:
    """Bands that end before they start or share totals with another band."""
    problems = [
        _("Band “%(label)s” ends before it starts.") % {"label": b.label}
        for b in bands
        if b.min_total > b.max_total
    ]
    ordered = sorted(bands, key=lambda b: b.min_total)
    for lower, upper in pairwise(ordered):
        if upper.min_total <= lower.max_total:
            problems.append(
                _("Bands “%(lower)s” and “%(upper)s” overlap.")
                % {"lower": lower.label, "upper": upper.label}
            )
    return problems


def band_problems(bands, *, low: int, high: int) -> list[str]:
    """Bands must cover every possible total from ``low`` to ``high`` exactly once."""
    if not bands:
        return [_("Add bands covering the totals %(low)s-%(high)s.") % {"low": low, "high": high}]
    problems = []
    expected = low
    for band in sorted(bands, key=lambda b: b.min_total):
        if band.min_total > band.max_total:
            problems.append(_("Band “%(label)s” ends before it starts.") % {"label": band.label})
        elif band.min_total != expected:
            problems.append(
                _(
                    "The bands must cover every total from %(low)s to %(high)s once; "
                    "“%(label)s” starts at %(start)s, expected %(expected)s."
                )
                % {
                    "low": low,
                    "high": high,
                    "label": band.label,
                    "start": band.min_total,
                    "expected": expected,
                }
            )
        expected = band.max_total + 1
    if expected != high + 1 and not problems:
        problems.append(
            _("The highest band must end at %(high)s, the highest possible total.") % {"high": high}
        )
    return problems
