"""The JSON file format of a fidelity scale, and the rules a scale must meet to be published.

No ORM here (only Django's gettext for the messages): ``parse_scale`` turns decoded JSON into a
ScaleDefinition or raises ScaleFormatError listing every problem it found; ``publish_problems``
lists what keeps a complete definition from being published. The services use both for imports,
the IPS-25 data migration and publishing a draft made in the app, so the rules live in one place.

Format (see reviews/data/ips25.json)::

    {"format": "ipsweb-scale/1", "code": "IPS-25", "name": "...", "version": 1,
     "description": "...", "min_score": 1, "max_score": 5, "improvement_at_or_below": 3,
     "sections": [{"name": "Staffing", "items": [
         {"number": 1, "name": "...", "short_name": "...", "assesses": "...",
          "data_sources": ["MIS", "DOC"], "anchors": {"1": "...", ..., "5": "..."}}]}],
     "bands": [{"min_total": 115, "max_total": 125, "label": "Exemplary fidelity"}]}
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _

from reviews.scoring import SCORE_BOUND_MAX, SCORE_BOUND_MIN, Band

FORMAT = "ipsweb-scale/1"
DATA_SOURCES = ("MIS", "DOC", "INT", "OBS", "ISP")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,29}$")
TEXT_LIMITS = {"name": 300, "short_name": 100, "section": 200, "label": 100, "scale_name": 200}


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


@dataclass(frozen=True)
class SectionDefinition:
    name: str
    items: tuple[ItemDefinition, ...] = ()


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
    bands: tuple[Band, ...] = field(default=())

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
            "description": self.description,
            "min_score": self.min_score,
            "max_score": self.max_score,
            "improvement_at_or_below": self.improvement_at_or_below,
            "sections": [
                {
                    "name": section.name,
                    "items": [
                        {
                            "number": item.number,
                            "name": item.name,
                            "short_name": item.short_name,
                            "assesses": item.assesses,
                            "data_sources": list(item.data_sources),
                            "anchors": {str(score): text for score, text in item.anchors},
                        }
                        for item in section.items
                    ],
                }
                for section in self.sections
            ],
            "bands": [
                {"min_total": b.min_total, "max_total": b.max_total, "label": b.label}
                for b in self.bands
            ],
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
    code = read.text(data, "code", _("Scale"))
    if code and not CODE_PATTERN.match(code):
        read.problems.append(_("Scale: “code” may hold 1-30 letters, digits and hyphens."))
    min_score = read.integer(data, "min_score", _("Scale"), low=low, high=high)
    max_score = read.integer(data, "max_score", _("Scale"), low=low, high=high)
    sections = []
    for s, section in enumerate(read.objects(data, "sections", _("Scale")), start=1):
        where = _("Section %(n)s") % {"n": s}
        items = []
        for item in read.objects(section, "items", where):
            items.append(_parse_item(read, item, where))
        sections.append(
            SectionDefinition(
                name=read.text(section, "name", where, limit=TEXT_LIMITS["section"]),
                items=tuple(items),
            )
        )
    bands = []
    for b, band in enumerate(read.objects(data, "bands", _("Scale")), start=1):
        where = _("Band %(n)s") % {"n": b}
        bands.append(
            Band(
                min_total=read.integer(band, "min_total", where, low=0, high=100_000),
                max_total=read.integer(band, "max_total", where, low=0, high=100_000),
                label=read.text(band, "label", where, limit=TEXT_LIMITS["label"]),
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
    )
    problems = read.problems + structure_problems(definition)
    if problems:
        raise ScaleFormatError(problems)
    return definition


def _parse_item(read: _Reader, item: dict, where: str) -> ItemDefinition:
    number = read.integer(item, "number", where, low=1, high=999)
    where = _("%(where)s, item %(number)s") % {"where": where, "number": number}
    sources = item.get("data_sources", [])
    if not isinstance(sources, list) or not all(s in DATA_SOURCES for s in sources):
        read.problems.append(
            _("%(where)s: “data_sources” must be a list of codes from %(codes)s.")
            % {"where": where, "codes": ", ".join(DATA_SOURCES)}
        )
        sources = []
    anchors = item.get("anchors", {})
    parsed_anchors = []
    if not isinstance(anchors, dict):
        read.problems.append(_("%(where)s: “anchors” must map scores to texts.") % {"where": where})
        anchors = {}
    for score, text in anchors.items():
        # str.isdigit alone accepts "²", which int() refuses.
        is_number = str(score).isascii() and str(score).isdigit()
        if not is_number or not isinstance(text, str) or not text.strip():
            read.problems.append(
                _("%(where)s: anchor “%(score)s” must be a score with a text.")
                % {"where": where, "score": score}
            )
            continue
        parsed_anchors.append((int(score), text.strip()))
    return ItemDefinition(
        number=number,
        name=read.text(item, "name", where, limit=TEXT_LIMITS["name"]),
        short_name=read.text(item, "short_name", where, limit=TEXT_LIMITS["short_name"]),
        assesses=read.text(item, "assesses", where),
        data_sources=tuple(dict.fromkeys(sources)),
        anchors=tuple(sorted(parsed_anchors)),
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
        outside = [s for s, _text in item.anchors if not SCORE_BOUND_MIN <= s <= SCORE_BOUND_MAX]
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
        if anchored != scores:
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
