"""Reads for the review and scale pages, always limited to what the user may see.

Every function here runs a fixed number of queries, however many items, reviewers or centers
there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from centers.selectors import centers_for_user
from ipsweb.audit import audit_trail
from ipsweb.caching import cached_selector
from ipsweb.translations import active_language, language_codes, language_name, localized
from reviews.access import review_access
from reviews.facts import item_rule, scale_facts
from reviews.models import (
    ActionItem,
    ConsensusScore,
    FidelityScale,
    Rating,
    ReportDelivery,
    ReportQuote,
    Review,
    ReviewAssignment,
    ScaleAnchor,
    ScaleBand,
    ScaleItem,
    ScaleSection,
)
from reviews.rating_workbook import SheetEntry, SheetItem
from reviews.scale_format import (
    BandDefinition,
    ItemDefinition,
    ScaleDefinition,
    SectionDefinition,
)
from reviews.scoring import (
    Agreement,
    Band,
    ItemChange,
    ItemSpec,
    ScaleSpec,
    ScoreResult,
    agreement,
    changes_since,
    needs_improvement,
    score_review,
    spread,
)

# ---------------------------------------------------------------------------------------------
# Scales


def published_scales() -> QuerySet[FidelityScale]:
    return FidelityScale.objects.filter(status=FidelityScale.Status.PUBLISHED).order_by(
        "code", "-version"
    )


def scale_list() -> QuerySet[FidelityScale]:
    return FidelityScale.objects.annotate(
        item_count=Count("items", distinct=True), review_count=Count("reviews", distinct=True)
    ).order_by("code", "-version")


def scale_for_user(user, pk: int) -> FidelityScale:
    """One scale version with its sections, items, anchors and bands, for a user who may read
    scales (403 otherwise; 404 if it does not exist)."""
    scale = (
        FidelityScale.objects.prefetch_related(
            "bands",
            Prefetch(
                "sections",
                queryset=ScaleSection.objects.prefetch_related(
                    Prefetch("items", queryset=ScaleItem.objects.prefetch_related("anchors"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if scale is None:
        raise Http404
    if not user.has_perm("reviews.view_fidelityscale"):
        raise PermissionDenied
    return scale


@dataclass(frozen=True)
class ScaleLanguage:
    code: str
    name: str
    is_default: bool
    translated: int  # texts that have a translation (all of them for the default language)
    texts: int


def scale_languages(scale: FidelityScale) -> list[ScaleLanguage]:
    """How complete each language of a scale is, from a scale read by ``scale_for_user``
    (no further query)."""
    rows = [
        (scale, FidelityScale.TRANSLATED),
        *((b, ScaleBand.TRANSLATED) for b in scale.bands.all()),
    ]
    for section in scale.sections.all():
        rows.append((section, ScaleSection.TRANSLATED))
        for item in section.items.all():
            rows.append((item, ScaleItem.TRANSLATED))
            rows.extend((anchor, ScaleAnchor.TRANSLATED) for anchor in item.anchors.all())
    texts = [(row, field) for row, fields in rows for field in fields if getattr(row, field)]
    return [
        ScaleLanguage(
            code=code,
            name=language_name(code),
            is_default=code == scale.language,
            translated=len(texts)
            if code == scale.language
            else sum(1 for row, field in texts if row.translations.get(code, {}).get(field)),
            texts=len(texts),
        )
        for code in language_codes()
    ]


def scale_definition(scale: FidelityScale) -> ScaleDefinition:
    """The scale as a ScaleDefinition with every language (for publishing checks, export and
    new versions)."""
    items = defaultdict(list)
    facts = scale_facts(scale)
    for item in ScaleItem.objects.filter(scale=scale).prefetch_related("anchors"):
        translations = {language: dict(texts) for language, texts in item.translations.items()}
        for anchor in item.anchors.all():
            for language, texts in anchor.translations.items():
                translations.setdefault(language, {}).setdefault("anchors", {})[anchor.score] = (
                    texts["text"]
                )
        items[item.section_id].append(
            ItemDefinition(
                number=item.number,
                name=item.name,
                short_name=item.short_name,
                assesses=item.assesses,
                data_sources=tuple(item.data_sources),
                anchors=tuple((a.score, a.text) for a in item.anchors.all()),
                translations=translations,
                suggestion=item_rule(scale, item, facts),
            )
        )
    return ScaleDefinition(
        code=scale.code,
        name=scale.name,
        version=scale.version,
        description=scale.description,
        min_score=scale.min_score,
        max_score=scale.max_score,
        improvement_at_or_below=scale.improvement_at_or_below,
        sections=tuple(
            SectionDefinition(
                name=section.name,
                items=tuple(items[section.pk]),
                translations=section.translations,
            )
            for section in ScaleSection.objects.filter(scale=scale)
        ),
        bands=tuple(
            BandDefinition(
                min_total=b.min_total,
                max_total=b.max_total,
                label=b.label,
                translations=b.translations,
            )
            for b in scale.bands.all()
        ),
        language=scale.language,
        translations=scale.translations,
        facts=facts,
    )


def scale_bands(scale: FidelityScale, *, localize: bool = True) -> tuple[Band, ...]:
    """The bands of a scale version as the scoring core's ``Band``, labelled in the active
    language (``localize=False``: in the scale's own language, as a final review stores it)."""
    return tuple(
        Band(
            min_total=b.min_total,
            max_total=b.max_total,
            label=localized(b, "label") if localize else b.label,
        )
        for b in scale.bands.all()
    )


def scale_spec(scale: FidelityScale, *, localize: bool = True) -> ScaleSpec:
    """What the scoring functions need to know about a scale version; section and band names
    in the active language (``localize=False``: in the scale's own language)."""
    sections = ScaleItem.objects.filter(scale=scale).values_list(
        "number", "section__name", "section__translations"
    )
    return ScaleSpec(
        items=tuple(
            ItemSpec(
                number=number,
                section=(translations or {}).get(active_language(), {}).get("name", name)
                if localize
                else name,
            )
            for number, name, translations in sections
        ),
        min_score=scale.min_score,
        max_score=scale.max_score,
        improvement_at_or_below=scale.improvement_at_or_below,
        bands=scale_bands(scale, localize=localize),
    )


def item_names(scale: FidelityScale) -> dict[int, str]:
    """Item number -> item name in the active language (one query)."""
    rows = ScaleItem.objects.filter(scale=scale).order_by("number")
    return {
        number: (translations or {}).get(active_language(), {}).get("name", name)
        for number, name, translations in rows.values_list("number", "name", "translations")
    }


def bands_by_scale(scale_ids) -> dict[int, list[ScaleBand]]:
    """The bands of these scale versions, by scale id (one query)."""
    bands = defaultdict(list)
    for band in ScaleBand.objects.filter(scale_id__in=set(scale_ids) - {None}):
        bands[band.scale_id].append(band)
    return bands


def band_name(bands, total: int | None, stored: str = "") -> str:
    """The band of ``total`` among ``bands`` (the ScaleBand rows of a review's scale version), in
    the active language.

    A final review stores its band's label in the scale's language (history); pages look the
    band up by the scale version and total instead, and fall back to the stored label."""
    if total is None:
        return stored
    band = next((b for b in bands if b.min_total <= total <= b.max_total), None)
    return localized(band, "label") if band else stored


def with_band_names(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews annotated with the band of their total on their scale version (``band_default``,
    ``band_translations``), so a list shows each band in the reader's language without a query
    per row (see ``review_band_name``)."""
    band = ScaleBand.objects.filter(
        scale=OuterRef("scale"), min_total__lte=OuterRef("total"), max_total__gte=OuterRef("total")
    )
    return reviews.annotate(
        band_default=Subquery(band.values("label")[:1]),
        band_translations=Subquery(band.values("translations")[:1]),
    )


def review_band_name(review: Review) -> str:
    """A final review's band in the active language ("" before it is final)."""
    if not review.band_label:
        return ""
    if not hasattr(review, "band_default"):
        return band_name(review.scale.bands.all(), review.total, review.band_label)
    texts = (review.band_translations or {}).get(active_language(), {})
    return texts.get("label") or review.band_default or review.band_label


def scale_items(scale: FidelityScale) -> list[ScaleItem]:
    """The items of a scale in order, with their section and anchors."""
    return list(
        ScaleItem.objects.filter(scale=scale)
        .select_related("section")
        .prefetch_related(Prefetch("anchors", queryset=ScaleAnchor.objects.order_by("-score")))
    )


# ---------------------------------------------------------------------------------------------
# Reviewers and reviews


def eligible_reviewers() -> QuerySet:
    """Active users whose role lets them rate (reviewers, admins). Being a superuser is not a role:
    a superuser without one is not offered as reviewer or lead."""
    may_rate = Q(
        groups__permissions__content_type__app_label="reviews",
        groups__permissions__codename="add_rating",
    )
    users = get_user_model().objects.filter(may_rate, is_active=True)
    return get_user_model().objects.filter(pk__in=users.values("pk")).order_by("username")


def reviews_for_user(user) -> QuerySet[Review]:
    """The reviews a user may read: admins all; program managers every review of the centers in
    their scope; reviewers only the reviews they are assigned to."""
    if not user.is_authenticated or not user.has_perm("reviews.view_review"):
        return Review.objects.none()
    reviews = Review.objects.filter(center__in=centers_for_user(user))
    if not user.has_perm("reviews.view_center_reviews"):
        reviews = reviews.filter(
            pk__in=ReviewAssignment.objects.filter(reviewer=user).values("review")
        )
    return reviews


def review_for_user(user, pk: int, need: str = "view") -> Review:
    """One review the user may use for ``need`` (a field of ReviewAccess), or 404/403.

    A review the user may not read answers 404, as if it did not exist; the one exception is a
    reviewer trying to rate a review of a center in their scope without being assigned: 403.
    A readable review the user may not use that way answers 403. The review comes with
    ``review.access`` (a ReviewAccess) for the page to show only what the user can do.
    """
    review = Review.objects.select_related("center", "scale").filter(pk=pk).first()
    if review is None or not user.is_authenticated:
        raise Http404
    assignment = ReviewAssignment.objects.filter(review=review, reviewer=user).first()
    # An assigned reviewer who may read reviews reads this one (``reviews_for_user`` lets them
    # through by the assignment, and the center is in their scope by it): the rating page's
    # autosave, on every keystroke, skips the scope query.
    readable = assignment is not None and user.has_perm("reviews.view_review")
    if not readable and not reviews_for_user(user).filter(pk=pk).exists():
        if need == "rate" and centers_for_user(user).filter(pk=review.center_id).exists():
            raise PermissionDenied
        raise Http404
    review.access = review_access(user, review, assignment)
    if not getattr(review.access, need):
        raise PermissionDenied
    return review


def _rated_count(review, reviewer) -> Coalesce:
    """How many items ``reviewer`` has scored on ``review`` (values or OuterRefs)."""
    return Coalesce(
        Subquery(
            Rating.objects.filter(review=review, reviewer=reviewer, score__isnull=False)
            .values("review")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _item_count() -> Coalesce:
    """How many items the outer review's scale has."""
    return Coalesce(
        Subquery(
            ScaleItem.objects.filter(scale=OuterRef("scale"))
            .values("scale")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def review_list(user, *, status: str = "", query: str = "") -> QuerySet[Review]:
    """Reviews the user may read: their own assignments first, then unfinished before final,
    then the most recent visit first. Each comes with the user's own progress."""
    mine = ReviewAssignment.objects.filter(review=OuterRef("pk"), reviewer=user)
    reviews = (
        with_band_names(reviews_for_user(user))
        .select_related("center", "scale")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related("reviewer").order_by(
                    "-is_lead", "reviewer__username"
                ),
            ),
        )
        .annotate(
            is_mine=Exists(mine),
            is_done=ExpressionWrapper(Q(status=Review.Status.FINAL), BooleanField()),
            my_rated=_rated_count(OuterRef("pk"), user),
            item_count=_item_count(),
            my_completed_at=Subquery(mine.values("rating_completed_at")[:1]),
        )
    )
    if status in Review.Status.values:
        reviews = reviews.filter(status=status)
    if query:
        reviews = reviews.filter(
            Q(center__name__icontains=query) | Q(center__code__icontains=query)
        )
    return reviews.order_by("-is_mine", "is_done", "-visit_start", "-pk")


def assignments_with_progress(review: Review) -> list[ReviewAssignment]:
    """The reviewers of a review, lead first, each with ``rated`` (items scored so far)."""
    return list(
        review.assignments.select_related("reviewer")
        .annotate(rated=_rated_count(OuterRef("review"), OuterRef("reviewer")))
        .order_by("-is_lead", "reviewer__username")
    )


# ---------------------------------------------------------------------------------------------
# Rating and consensus


def rating_progress(review: Review, user) -> tuple[int, int]:
    """How many items the user has scored on the review, and how many its scale has (one
    query: the autosave answers with both after every save)."""
    return (
        Review.objects.filter(pk=review.pk)
        .annotate(rated=_rated_count(OuterRef("pk"), user), item_count=_item_count())
        .values_list("rated", "item_count")
        .get()
    )


def unrated_items(review: Review, user) -> list[ScaleItem]:
    """The items of the review's scale the user has not scored yet, in order."""
    scored = Rating.objects.filter(review=review, reviewer=user, score__isnull=False)
    return list(
        ScaleItem.objects.filter(scale=review.scale_id).exclude(pk__in=scored.values("item"))
    )


def my_ratings(review: Review, user) -> dict[int, Rating]:
    """The user's own ratings of a review, by item id."""
    return {r.item_id: r for r in Rating.objects.filter(review=review, reviewer=user)}


def rating_workbook_items(review: Review, user) -> list[SheetItem]:
    """The rows of the user's XLSX rating sheet: every item with its anchors and their rating."""
    ratings = my_ratings(review, user)
    rows = []
    for item in scale_items(review.scale):
        rating = ratings.get(item.pk)
        rows.append(
            SheetItem(
                item_id=item.pk,
                number=item.number,
                name=localized(item, "name"),
                anchors="\n".join(
                    f"{anchor.score}: {localized(anchor, 'text')}" for anchor in item.anchors.all()
                ),
                score=rating.score if rating else None,
                evidence=rating.evidence if rating else "",
                version=rating.version if rating else 0,
            )
        )
    return rows


@dataclass(frozen=True)
class SheetChange:
    """One item an uploaded sheet would change: the stored values, the sheet's, and whether the
    rating changed after the sheet was downloaded (then applying is refused)."""

    item: ScaleItem
    saved_score: int | None
    sheet_score: int | None
    saved_evidence: str
    sheet_evidence: str
    conflict: bool

    @property
    def score_changed(self) -> bool:
        return self.saved_score != self.sheet_score

    @property
    def evidence_changed(self) -> bool:
        return self.saved_evidence != self.sheet_evidence


def rating_sheet_changes(review: Review, user, entries: list[SheetEntry]) -> list[SheetChange]:
    """The items where the uploaded sheet differs from the user's stored ratings, in order. An
    empty score cell keeps the stored score (as on the rating page), so it is no change."""
    ratings = my_ratings(review, user)
    items = {item.pk: item for item in ScaleItem.objects.filter(scale=review.scale_id)}
    changes = []
    for entry in entries:
        rating = ratings.get(entry.item_id)
        saved_score = rating.score if rating else None
        saved_evidence = rating.evidence if rating else ""
        sheet_score = entry.score if entry.score is not None else saved_score
        if (saved_score, saved_evidence) == (sheet_score, entry.evidence):
            continue
        changes.append(
            SheetChange(
                item=items[entry.item_id],
                saved_score=saved_score,
                sheet_score=sheet_score,
                saved_evidence=saved_evidence,
                sheet_evidence=entry.evidence,
                conflict=(rating.version if rating else 0) != entry.version,
            )
        )
    return changes


@dataclass
class ItemComparison:
    """One item of the side-by-side view: every reviewer's rating and the consensus so far."""

    item: ScaleItem
    ratings: list[tuple[ReviewAssignment, Rating | None]]  # in the order of the reviewers
    consensus: ConsensusScore | None

    @property
    def scores(self) -> list[int]:
        return [r.score for _a, r in self.ratings if r is not None and r.score is not None]

    @property
    def spread(self) -> int:
        return spread(self.scores)

    @property
    def agreed_score(self) -> int | None:
        """The common score when every reviewer scored the item the same."""
        scores = self.scores
        if len(scores) == len(self.ratings) and scores and self.spread == 0:
            return scores[0]
        return None


@dataclass
class RatingComparison:
    """Every reviewer's ratings of one review side by side (``reviews.comparison`` compares
    centers)."""

    reviewers: list[ReviewAssignment]
    items: list[ItemComparison]
    agreement: Agreement
    compared_reviewers: list[ReviewAssignment] = field(default_factory=list)


def rating_comparison(review: Review, *, completed_only: bool = True) -> RatingComparison:
    """Every reviewer's ratings side by side per item, with the agreement statistics.

    ``completed_only`` leaves out the ratings of reviewers still working, so a reviewer who
    finished never sees a colleague's work in progress.
    """
    reviewers = assignments_with_progress(review)
    shown = [a for a in reviewers if a.rating_completed_at or not completed_only]
    ratings = {
        (r.item_id, r.reviewer_id): r
        for r in Rating.objects.filter(review=review, reviewer__in=[a.reviewer_id for a in shown])
    }
    consensus = {c.item_id: c for c in review.consensus_scores.select_related("updated_by")}
    items = [
        ItemComparison(
            item=item,
            ratings=[(a, ratings.get((item.pk, a.reviewer_id))) for a in shown],
            consensus=consensus.get(item.pk),
        )
        for item in scale_items(review.scale)
    ]
    per_reviewer = [
        {row.item.number: row.ratings[i][1].score for row in items if row.ratings[i][1]}
        for i in range(len(shown))
    ]
    return RatingComparison(
        reviewers=reviewers,
        items=items,
        agreement=agreement(per_reviewer),
        compared_reviewers=shown,
    )


# ---------------------------------------------------------------------------------------------
# Reports and history


# Which final review counts as a center's latest: the latest visit, the newest record on a tie.
LATEST_FIRST = ("-visit_start", "-pk")


def counted_final_reviews(kind: str | None = Review.Kind.EXTERNAL) -> QuerySet[Review]:
    """The final reviews that count as a center's fidelity: external reviews only. A center's
    self-assessment is never counted in totals, comparisons, the portfolio or trends (it is shown
    beside the external review instead: reviews.self_assessments); ``kind`` asks for those, and
    None for both kinds, for a caller that separates them itself."""
    finals = Review.objects.filter(status=Review.Status.FINAL)
    return finals if kind is None else finals.filter(kind=kind)


def final_reviews(
    center_ref,
    *,
    scale_code: str | None = None,
    visited_from=None,
    visited_to=None,
    kind: str | None = Review.Kind.EXTERNAL,
):
    """The final reviews of a center (its pk, or an OuterRef), latest first: the one rule for which
    final review is a center's latest, that the portfolio, the comparisons, the center dashboard
    and the reports share. External reviews unless ``kind`` says otherwise
    (``counted_final_reviews``). Optionally of one scale (any version) and within visit dates."""
    finals = counted_final_reviews(kind).filter(center=center_ref)
    if scale_code:
        finals = finals.filter(scale__code=scale_code)
    if visited_from:
        finals = finals.filter(visit_start__gte=visited_from)
    if visited_to:
        finals = finals.filter(visit_start__lte=visited_to)
    return finals.order_by(*LATEST_FIRST)


def latest_final_review_ids(
    centers: QuerySet,
    *,
    scale_code: str | None = None,
    visited_from=None,
    visited_to=None,
    kind: str = Review.Kind.EXTERNAL,
) -> dict[int, int]:
    """The id of each center's latest final review (by visit date), by center id: optionally of
    one scale (any version) and within a window of visit dates. Centers without one are left out.

    One plain query. As a ``pk__in`` subquery PostgreSQL would run the correlated part up to
    three times per center; a list of ids passes a thousand centers faster.
    """
    latest = final_reviews(
        OuterRef("pk"),
        scale_code=scale_code,
        visited_from=visited_from,
        visited_to=visited_to,
        kind=kind,
    ).values("pk")[:1]
    return {
        center_id: review_id
        for center_id, review_id in centers.annotate(latest=Subquery(latest))
        .order_by()
        .values_list("pk", "latest")
        if review_id is not None
    }


def previous_final_review(review: Review) -> Review | None:
    """The center's latest final review before this one with the same scale (any version) and of
    the same kind: an external review follows the previous external review, a self-assessment
    the previous self-assessment."""
    return (
        final_reviews(review.center_id, scale_code=review.scale.code, kind=review.kind)
        .filter(visit_start__lt=review.visit_start)
        .exclude(pk=review.pk)
        .select_related("scale")
        .first()
    )


def open_actions(review: Review | None) -> list[ActionItem]:
    if review is None:
        return []
    return list(
        review.action_items.exclude(status=ActionItem.Status.DONE)
        .select_related("item")
        .order_by("due_date", "item__number", "pk")
    )


def action_plan(review: Review) -> list[ActionItem]:
    return list(review.action_items.select_related("item").order_by("item__number", "pk"))


def report_quotes(review: Review) -> dict[int, list[ReportQuote]]:
    """The excerpts chosen to stand in the report, by item number, in the order chosen."""
    quotes: dict[int, list[ReportQuote]] = {}
    for quote in review.quotes.select_related("item").order_by("chosen_at", "pk"):
        quotes.setdefault(quote.item.number, []).append(quote)
    return quotes


@dataclass
class ReportRow:
    item: ScaleItem
    consensus: ConsensusScore | None
    change: ItemChange
    quotes: list[ReportQuote] = field(default_factory=list)

    @property
    def needs_improvement(self) -> bool:
        return needs_improvement(
            self.consensus.score if self.consensus else None,
            self.item.scale.improvement_at_or_below,
        )


@dataclass
class Report:
    review: Review
    reviewers: list[ReviewAssignment]
    result: ScoreResult
    rows: list[ReportRow]
    previous: Review | None
    actions: list[ActionItem]
    previous_open_actions: list[ActionItem]

    @property
    def improvement_rows(self) -> list[ReportRow]:
        return [row for row in self.rows if row.needs_improvement]


def review_report(review: Review) -> Report:
    """Everything the report page shows, from the stored consensus scores."""
    consensus = {c.item_id: c for c in review.consensus_scores.all()}
    items = scale_items(review.scale)
    for item in items:
        item.scale = review.scale
    scores = {item.number: consensus[item.pk].score for item in items if item.pk in consensus}
    quotes = report_quotes(review)
    previous = previous_final_review(review)
    previous_scores = (
        dict(previous.consensus_scores.values_list("item__number", "score")) if previous else {}
    )
    changes = changes_since(
        {item.number: scores.get(item.number) for item in items}, previous_scores
    )
    return Report(
        review=review,
        reviewers=assignments_with_progress(review),
        result=score_review(scale_spec(review.scale), scores),
        rows=[
            ReportRow(
                item=item,
                consensus=consensus.get(item.pk),
                change=changes[item.number],
                quotes=quotes.get(item.number, []),
            )
            for item in items
        ],
        previous=previous,
        actions=action_plan(review),
        previous_open_actions=open_actions(previous),
    )


def report_deliveries(review: Review) -> list[ReportDelivery]:
    """The review's report as sent to the center, newest first."""
    return list(review.deliveries.select_related("sent_by").order_by("-sent_at", "-pk"))


def review_audit_trail(review: Review, limit: int = 200):
    """Every recorded change to a review, its reviewers, ratings, consensus and action plan."""

    def item_label(prefix):
        return lambda record: f"{prefix}, {_('item')} {record.item.number}"

    def rating_label(record):
        reviewer = record.reviewer.get_full_name() or record.reviewer.username
        return f"{_('Rating')} {reviewer}, {_('item')} {record.item.number}"

    def assignment_label(record):
        return f"{_('Reviewer')} {record.reviewer.username}"

    return audit_trail(
        [
            (review.history.all(), None),
            (
                ReviewAssignment.history.filter(review_id=review.pk).select_related("reviewer"),
                assignment_label,
            ),
            (
                Rating.history.filter(review_id=review.pk).select_related("item", "reviewer"),
                rating_label,
            ),
            (
                ConsensusScore.history.filter(review_id=review.pk).select_related("item"),
                item_label(_("Consensus")),
            ),
            (
                ActionItem.history.filter(review_id=review.pk).select_related("item"),
                item_label(_("Action")),
            ),
        ],
        limit=limit,
    )


# ---------------------------------------------------------------------------------------------
# Workflow: where a review is, what it waits for, and the one next step of a user


STAGES = (
    ("planned", gettext_lazy("Planned")),
    ("rating", gettext_lazy("Rating")),
    ("consensus", gettext_lazy("Consensus")),
    ("report", gettext_lazy("Report")),
    ("final", gettext_lazy("Final")),
)


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str = ""  # empty: nothing to do but wait; the label says for what


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    state: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class Workflow:
    """Where a review is in its stages, what it waits for, and the one next step for a user."""

    review: Review
    stage: str
    stages: list[Stage]
    waits_for: str
    next_step: NextStep
    item_count: int
    consensus_count: int
    unfinished: list[ReviewAssignment]  # reviewers still rating, each with ``rated``

    @property
    def stage_label(self) -> str:
        return str(dict(STAGES)[self.stage])

    def rating_progress(self) -> str:
        """Who is still rating and how far, e.g. "ravi has rated 9 of 25"."""
        return ", ".join(
            _("%(name)s has rated %(rated)s of %(total)s")
            % {"name": reviewer_name(a.reviewer), "rated": a.rated, "total": self.item_count}
            for a in self.unfinished
        )


def reviewer_name(user) -> str:
    return user.get_full_name() or user.username


def review_stage(review: Review, consensus_count: int, item_count: int) -> str:
    """The stage key of a review: its status, with "report" once every item has a consensus."""
    if review.status == Review.Status.CONSENSUS and item_count and consensus_count >= item_count:
        return "report"
    return review.status


def _waits_for(review: Review, stage: str, unfinished, lead, item_count, consensus_count) -> str:
    lead_name = reviewer_name(lead.reviewer) if lead else _("the lead reviewer")
    if stage == "planned":
        return _("Waiting for the reviewers to start rating.")
    if stage == "rating":
        return _("Waiting for every reviewer to mark their rating complete.")
    if stage == "consensus":
        return _("Waiting for %(lead)s to agree consensus: %(done)s of %(total)s items agreed.") % {
            "lead": lead_name,
            "done": consensus_count,
            "total": item_count,
        }
    if stage == "report" and review.strengths.strip():
        return _("Waiting for %(lead)s to finalize the review.") % {"lead": lead_name}
    if stage == "report":
        return _("Waiting for %(lead)s to write the strengths and finalize the review.") % {
            "lead": lead_name
        }
    return _("The review is final.")


def next_step(
    review: Review,
    user,
    *,
    mine: ReviewAssignment | None,
    may_lead: bool,
    unfinished: list[ReviewAssignment],
    item_count: int,
    consensus_count: int,
) -> NextStep:
    """The one next step of ``user`` on ``review``: a button label and where it leads, or (with
    no url) what the review waits for."""
    stage = review_stage(review, consensus_count, item_count)
    pk = review.pk
    if stage == "final":
        return NextStep(_("Read the report"), reverse("reviews:report", args=[pk]))
    if stage in ("planned", "rating"):
        if mine is not None and mine.rating_completed_at is None:
            remaining = item_count - mine.rated
            if remaining > 0:
                label = ngettext(
                    "Rate %(count)d remaining item", "Rate %(count)d remaining items", remaining
                ) % {"count": remaining}
                return NextStep(label, reverse("reviews:rate", args=[pk]))
            return NextStep(
                _("Mark your rating complete"), reverse("reviews:rate_complete", args=[pk])
            )
        others = [a for a in unfinished if mine is None or a.pk != mine.pk]
        names = ", ".join(reviewer_name(a.reviewer) for a in others)
        if names:
            return NextStep(_("Waiting for %(names)s to finish rating") % {"names": names})
        return NextStep(_("Waiting for the reviewers to start rating"))
    if not may_lead:
        return NextStep(_("Waiting for the lead reviewer to agree consensus and finalize"))
    if stage == "consensus":
        return NextStep(_("Agree consensus"), reverse("reviews:consensus", args=[pk]))
    if not review.strengths.strip():
        return NextStep(_("Write the report"), reverse("reviews:strengths", args=[pk]))
    return NextStep(_("Finalize"), reverse("reviews:finalize", args=[pk]))


def review_workflow(review: Review, user) -> Workflow:
    """The workflow of one review as ``user`` sees it (``review.access`` set by review_for_user)."""
    assignments = assignments_with_progress(review)
    return _workflow(
        review,
        user,
        assignments,
        item_count=review.scale.items.count(),
        consensus_count=review.consensus_scores.count(),
        may_lead=review.access.lead,
    )


def _workflow(review, user, assignments, *, item_count, consensus_count, may_lead) -> Workflow:
    stage = review_stage(review, consensus_count, item_count)
    keys = [key for key, _label in STAGES]
    here = keys.index(stage)
    unfinished = [a for a in assignments if a.rating_completed_at is None]
    mine = next((a for a in assignments if a.reviewer_id == user.pk), None)
    lead = next((a for a in assignments if a.is_lead), None)
    return Workflow(
        review=review,
        stage=stage,
        stages=[
            Stage(key, str(label), "done" if i < here else "current" if i == here else "todo")
            for i, (key, label) in enumerate(STAGES)
        ],
        waits_for=_waits_for(review, stage, unfinished, lead, item_count, consensus_count),
        next_step=next_step(
            review,
            user,
            mine=mine,
            may_lead=may_lead,
            unfinished=unfinished,
            item_count=item_count,
            consensus_count=consensus_count,
        ),
        item_count=item_count,
        consensus_count=consensus_count,
        unfinished=unfinished,
    )


def my_reviews(user) -> list[tuple[Review, ReviewAssignment, Workflow]]:
    """The reviews ``user`` is assigned to, unfinished first (soonest visit first), then final
    ones (latest first); each with their assignment and workflow. A fixed number of queries."""
    reviews = list(
        reviews_for_user(user)
        .filter(assignments__reviewer=user)
        .select_related("center", "scale")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related("reviewer")
                .annotate(rated=_rated_count(OuterRef("review"), OuterRef("reviewer")))
                .order_by("-is_lead", "reviewer__username"),
            )
        )
        .annotate(
            item_count=_item_count(),
            consensus_count=Count("consensus_scores", distinct=True),
        )
    )
    leads_any = user.has_perm("reviews.lead_any_review")
    may_change_consensus = user.has_perm("reviews.change_consensusscore")
    rows = []
    for review in reviews:
        assignments = list(review.assignments.all())
        mine = next(a for a in assignments if a.reviewer_id == user.pk)
        workflow = _workflow(
            review,
            user,
            assignments,
            item_count=review.item_count,
            consensus_count=review.consensus_count,
            may_lead=leads_any or (mine.is_lead and may_change_consensus),
        )
        rows.append((review, mine, workflow))
    rows.sort(
        key=lambda row: (
            row[0].is_final,
            -row[0].visit_start.toordinal() if row[0].is_final else row[0].visit_start.toordinal(),
        )
    )
    return rows


@cached_selector("center_reviews")
def center_reviews(user, center) -> list[Review]:
    """The reviews of a center the user may read: planned and in progress first, then final
    (with their scale; cached: the center page shows it on every visit)."""
    return list(
        with_band_names(reviews_for_user(user))
        .filter(center=center)
        .select_related("scale")
        .order_by(
            ExpressionWrapper(Q(status=Review.Status.FINAL), BooleanField()).asc(),
            "-visit_start",
            "-pk",
        )
    )
