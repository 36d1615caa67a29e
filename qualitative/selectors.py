"""Reads for the qualitative pages, always within what the user may see (qualitative.access)."""

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Substr

from qualitative.access import excerpt_centers_for_user, may_see_excerpts, sources_for_user
from qualitative.agreement import Agreement, character_agreement
from qualitative.models import Code, Coding, Project, Source

# How far around an excerpt to look for the ends of its sentence.
SENTENCE_REACH = 300
SENTENCE_END = re.compile(r"[.!?…]\s|\n")


@dataclass(frozen=True)
class Excerpt:
    coding: Coding
    text: str
    before: str  # the rest of the sentence before the excerpt
    after: str


def excerpt_of(coding: Coding, text: str) -> Excerpt:
    """The coded text with the rest of its sentence on either side."""
    start, end = coding.start, coding.end
    head = text[max(0, start - SENTENCE_REACH) : start]
    ends = list(SENTENCE_END.finditer(head))
    before = head[ends[-1].end() :] if ends else head
    tail = text[end : end + SENTENCE_REACH]
    match = SENTENCE_END.search(tail)
    after = tail[: match.start() + 1] if match else tail
    return Excerpt(coding, text[start:end], before.lstrip(), after.rstrip())


def codebook(project: Project) -> list[tuple[Code, int]]:
    """The codes in tree order, each with its depth."""
    codes = list(
        project.codes.prefetch_related("scale_items__scale", "statements").order_by("name")
    )
    children = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    ordered: list[tuple[Code, int]] = []

    def walk(parent_id, depth):
        for code in children[parent_id]:
            ordered.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


def with_descendants(project: Project, code: Code) -> set[int]:
    pairs = list(project.codes.values_list("pk", "parent_id"))
    wanted, added = {code.pk}, True
    while added:
        added = False
        for pk, parent in pairs:
            if parent in wanted and pk not in wanted:
                wanted.add(pk)
                added = True
    return wanted


def project_sources(user, project: Project) -> QuerySet[Source]:
    return (
        sources_for_user(user)
        .filter(project=project, is_current=True)
        .select_related("center", "review")
        .annotate(coding_count=Count("codings"))
        .order_by("center__name", "-date", "title")
    )


def source_codings(source: Source) -> list[Coding]:
    return list(source.codings.select_related("code", "coder").order_by("start", "end", "pk"))


@dataclass(frozen=True)
class CodeAgreement:
    code: Code
    first: object
    second: object
    agreement: Agreement


def source_agreement(source: Source) -> list[CodeAgreement]:
    """Per code used on the source, the agreement of each pair of its coders (characters)."""
    spans = defaultdict(list)  # (code, coder) -> spans
    codes, coders = {}, {}
    for coding in source_codings(source):
        spans[coding.code_id, coding.coder_id].append((coding.start, coding.end))
        codes[coding.code_id] = coding.code
        coders[coding.coder_id] = coding.coder
    rows = []
    for code_id, code in sorted(codes.items(), key=lambda pair: pair[1].name):
        for first, second in itertools.combinations(sorted(coders), 2):
            rows.append(
                CodeAgreement(
                    code,
                    coders[first],
                    coders[second],
                    character_agreement(
                        spans[code_id, first], spans[code_id, second], len(source.text)
                    ),
                )
            )
    return rows


def excerpts(
    user,
    project: Project,
    *,
    code: Code | None = None,
    center=None,
    kind: str = "",
    informant: str = "",
    date_from=None,
    date_to=None,
    coder=None,
    limit: int = 500,
) -> list[Excerpt]:
    codings = Coding.objects.filter(
        source__in=sources_for_user(user).filter(project=project, is_current=True)
    )
    if code is not None:
        codings = codings.filter(code_id__in=with_descendants(project, code))
    if center is not None:
        codings = codings.filter(source__center=center)
    if kind:
        codings = codings.filter(source__kind=kind)
    if informant:
        codings = codings.filter(source__informants__icontains=informant)
    if date_from:
        codings = codings.filter(source__date__gte=date_from)
    if date_to:
        codings = codings.filter(source__date__lte=date_to)
    if coder is not None:
        codings = codings.filter(coder=coder)
    codings = codings.select_related("code", "coder", "source__center").order_by(
        "source__center__name", "source__title", "start"
    )[:limit]
    return [excerpt_of(coding, coding.source.text) for coding in codings]


def project_coders(project: Project):
    return (
        get_user_model()
        .objects.filter(qualitative_codings__source__project=project)
        .distinct()
        .order_by("username")
    )


def co_occurrence(user, project: Project) -> list[tuple[Code, Code, int]]:
    """Pairs of codes applied to overlapping text of the same source (by any coder), with how
    many such overlaps there are."""
    codings = (
        Coding.objects.filter(
            source__in=sources_for_user(user).filter(project=project, is_current=True)
        )
        .select_related("code")
        .order_by("source_id", "start")
    )
    pairs: Counter = Counter()
    codes = {}
    for _source, group in itertools.groupby(codings, key=lambda c: c.source_id):
        group = list(group)
        for i, first in enumerate(group):
            codes[first.code_id] = first.code
            for second in group[i + 1 :]:
                if second.start >= first.end:
                    break
                if second.code_id != first.code_id:
                    key = tuple(sorted((first.code_id, second.code_id)))
                    pairs[key] += 1
    return [(codes[a], codes[b], n) for (a, b), n in pairs.most_common()]


def counts_per_center(user, project: Project) -> list[dict]:
    """How many codings and sources each code has per center."""
    return list(
        Coding.objects.filter(
            source__in=sources_for_user(user).filter(project=project, is_current=True)
        )
        .values("code__name", "source__center__name")
        .annotate(codings=Count("pk"), sources=Count("source", distinct=True))
        .order_by("code__name", "source__center__name")
    )


# ---------------------------------------------------------------------------------------------
# Excerpts tied to scale items and survey statements (joint display, evidence beside items)


@dataclass(frozen=True)
class LinkedExcerpt:
    """A coded passage as the joint display and the item evidence show it (no whole source)."""

    center_id: int
    source_id: int
    kind: str
    informants: str
    text: str

    @property
    def kind_label(self) -> str:
        return Source.Kind(self.kind).label


def _passage() -> Substr:
    """The coded characters of a coding's source, cut out in the database."""
    return Substr("source__text", F("start") + 1, F("end") - F("start"))


def _linked(codings: QuerySet[Coding], key: str) -> dict[int, list[LinkedExcerpt]]:
    """Distinct passages (several coders may code the same one) by ``key``, cut out in the
    database so that no whole transcript leaves it."""
    rows = (
        codings.filter(source__is_current=True)
        .annotate(
            passage=_passage(),
            link=F(key),
        )
        .values_list(
            "link",
            "source__center_id",
            "source_id",
            "source__kind",
            "source__informants",
            "passage",
            "start",
        )
        .distinct()
        .order_by("link", "source__center_id", "source_id", "start")
    )
    found: dict[int, list[LinkedExcerpt]] = defaultdict(list)
    for link, center_id, source_id, kind, informants, passage, _start in rows:
        found[link].append(LinkedExcerpt(center_id, source_id, kind, informants, passage))
    return found


@dataclass(frozen=True)
class ExcerptGroup:
    """The excerpts of one scale item from one group of centers."""

    excerpts: tuple[LinkedExcerpt, ...]  # the first ones, by center, source and place in it
    count: int  # distinct passages in all


def grouped_item_excerpts(
    centers, group_of: Mapping[int, str], *, scale_code: str, shown: int | None
) -> dict[tuple[int, str], ExcerptGroup]:
    """Excerpts of ``centers`` coded to items of the scale (all versions, by item number), per
    (item number, group of the excerpt's center): the first ``shown`` (all when None) and how
    many there are. ``group_of`` names each center's group; other centers' excerpts are left out.

    A passage counts once per item however many coders or codes of that item marked it. Only
    numbers leave the database for the counting (one row per coding); the words are cut out there
    for the excerpts shown alone, so the cost does not grow with the passages' length or with how
    many items a code is linked to."""
    links = (
        Code.scale_items.through.objects.filter(scaleitem__scale__code=scale_code)
        .values_list("code_id", "scaleitem__number")
        .distinct()
    )
    items_of_code: dict[int, set[int]] = defaultdict(set)
    for code_id, number in links:
        items_of_code[code_id].add(number)
    frozen = {code_id: frozenset(numbers) for code_id, numbers in items_of_code.items()}
    rows = (
        Coding.objects.filter(
            source__center__in=centers, source__is_current=True, code_id__in=list(frozen)
        )
        .values_list("source__center_id", "source_id", "start", "end", "code_id", "pk")
        .order_by("source__center_id", "source_id", "start", "end", "pk")
    )
    # Rows of one passage (several coders, several codes) come one after another: each passage
    # is counted once per set of items its codes are linked to, and its first coding is the one
    # shown. Counted per set of items first: a few sets, however many passages.
    per_set: Counter = Counter()
    chosen: dict[tuple[int, str], list[int]] = defaultdict(list)
    full: dict[str, set[int]] = defaultdict(set)  # per group, the items with all ``shown``

    def add(group: str, numbers: frozenset[int], pk: int) -> None:
        per_set[numbers, group] += 1
        if shown is not None and numbers <= full[group]:
            return
        for number in numbers:
            place = chosen[number, group]
            if shown is None or len(place) < shown:
                place.append(pk)
                if len(place) == shown:
                    full[group].add(number)

    passage, group, numbers, first = None, "", frozenset(), 0
    for center_id, source_id, start, end, code_id, pk in rows:
        if (source_id, start, end) == passage:
            numbers |= frozen[code_id]
            continue
        if passage is not None and group:
            add(group, numbers, first)
        passage, group = (source_id, start, end), group_of.get(center_id, "")
        numbers, first = frozen[code_id], pk
    if passage is not None and group:
        add(group, numbers, first)
    counts: Counter = Counter()
    for (numbers, group), count in per_set.items():
        for number in numbers:
            counts[number, group] += count
    words = _excerpts_by_coding({pk for pks in chosen.values() for pk in pks})
    return {
        key: ExcerptGroup(tuple(words[pk] for pk in chosen[key]), count)
        for key, count in counts.items()
    }


def _excerpts_by_coding(pks: set[int]) -> dict[int, LinkedExcerpt]:
    rows = (
        Coding.objects.filter(pk__in=pks)
        .annotate(passage=_passage())
        .values_list(
            "pk",
            "source__center_id",
            "source_id",
            "source__kind",
            "source__informants",
            "passage",
        )
    )
    return {pk: LinkedExcerpt(*rest) for pk, *rest in rows}


def review_item_excerpts(
    user, review, *, whole_center: bool = False
) -> dict[int, list[LinkedExcerpt]]:
    """Excerpts coded to the items of a review's scale (reviews.evidence), by item number: from
    the review's own sources, or (``whole_center``) from the center's sources the user may see
    excerpts of. Reviewers never see participant interviews this way (health data)."""
    codings = Coding.objects.filter(code__scale_items__scale_id=review.scale_id)
    if not whole_center:
        return _linked(codings.filter(source__review_id=review.pk), "code__scale_items__number")
    codings = codings.filter(source__center_id=review.center_id)
    if may_see_excerpts(user):
        codings = codings.filter(source__center__in=excerpt_centers_for_user(user))
    else:
        codings = codings.exclude(source__kind=Source.Kind.PARTICIPANT_INTERVIEW)
    return _linked(codings, "code__scale_items__number")


def statement_excerpts(centers) -> dict[int, list[LinkedExcerpt]]:
    """Participants' words coded to survey statements, by statement id."""
    return _linked(
        Coding.objects.filter(
            source__center__in=centers,
            source__kind=Source.Kind.PARTICIPANT_INTERVIEW,
            code__statements__isnull=False,
        ),
        "code__statements__id",
    )
