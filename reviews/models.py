"""Fidelity scales (as data, versioned) and the reviews that use them.

A scale version is edited while it is a draft and never again once published: every review records
the version it used, so an old review keeps its meaning when the scale changes. Edits go through
``reviews.services.scales``, which refuses to touch a published version.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ipsweb.dates import stored_date_range, validate_plausible_date
from ipsweb.translations import TranslatedTexts, language_field, translations_field
from reviews.scoring import SCORE_BOUND_MAX, SCORE_BOUND_MIN


def _score_in_bound(field: str) -> Q:
    return Q(**{f"{field}__gte": SCORE_BOUND_MIN, f"{field}__lte": SCORE_BOUND_MAX})


class FidelityScale(TranslatedTexts, models.Model):
    """One version of a fidelity scale such as IPS-25 v1.

    The texts of a version (its name and description, its sections, items, anchors and bands) are
    in the version's ``language`` and complete; ``translations`` of each row add other languages,
    possibly partial (see ipsweb.translations).
    """

    TRANSLATED = ("name", "description")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("Short code shared by all versions of the scale, such as IPS-25."),
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    language = language_field(
        _("default language"),
        _("The language of the scale's texts; other languages may be added to them."),
    )
    translations = translations_field()
    min_score = models.PositiveSmallIntegerField(_("lowest item score"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest item score"), default=5)
    improvement_at_or_below = models.PositiveSmallIntegerField(
        _("needs improvement at or below"),
        default=3,
        help_text=_("Items scored at or below this are listed as needing improvement."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The facts a review of this version collects before the visit (a data request) and the
    # items' rules turn into suggested scores: a list of fact definitions, checked by
    # reviews.suggestions.parse_facts (a JSON list has no portable DB check).
    facts = models.JSONField(_("facts"), default=list, blank=True)

    class Meta:
        verbose_name = _("fidelity scale version")
        verbose_name_plural = _("fidelity scale versions")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="scale_code_version_unique",
                violation_error_message=_("This scale already has a version with that number."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="draft"),
                name="scale_one_draft_per_code",
                violation_error_message=_("This scale already has a draft version."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="scale_status_valid"
            ),
            models.CheckConstraint(
                condition=_score_in_bound("min_score")
                & _score_in_bound("max_score")
                & Q(min_score__lt=models.F("max_score")),
                name="scale_item_range_sane",
                violation_error_message=format_lazy(
                    _("The item range must lie within {low} to {high}, lowest below highest."),
                    low=SCORE_BOUND_MIN,
                    high=SCORE_BOUND_MAX,
                ),
            ),
            models.CheckConstraint(
                condition=Q(improvement_at_or_below__gte=models.F("min_score"))
                & Q(improvement_at_or_below__lte=models.F("max_score")),
                name="scale_improvement_threshold_in_range",
                violation_error_message=_(
                    "The improvement threshold must lie within the item range."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="scale_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def score_choices(self) -> list[int]:
        return list(range(self.min_score, self.max_score + 1))


class ScaleSection(TranslatedTexts, models.Model):
    TRANSLATED = ("name",)

    scale = models.ForeignKey(
        FidelityScale, on_delete=models.CASCADE, related_name="sections", verbose_name=_("scale")
    )
    number = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    translations = translations_field()

    class Meta:
        verbose_name = _("scale section")
        verbose_name_plural = _("scale sections")
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "number"],
                name="section_number_unique_per_scale",
                violation_error_message=_("Two sections cannot have the same order number."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ScaleItem(TranslatedTexts, models.Model):
    TRANSLATED = ("name", "short_name", "assesses")

    class DataSource(models.TextChoices):
        MIS = "MIS", _("MIS: management information system")
        DOC = "DOC", _("DOC: records and documents")
        INT = "INT", _("INT: interviews")
        OBS = "OBS", _("OBS: observation")
        ISP = "ISP", _("ISP: individual service plans")

    scale = models.ForeignKey(
        FidelityScale, on_delete=models.CASCADE, related_name="items", verbose_name=_("scale")
    )
    section = models.ForeignKey(
        # RESTRICT: a section with items cannot be deleted alone, but a whole draft can.
        ScaleSection,
        on_delete=models.RESTRICT,
        related_name="items",
        verbose_name=_("section"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100)
    assesses = models.TextField(_("what the item assesses"))
    # A list of DataSource codes; checked by the services (a JSON list has no portable DB check).
    data_sources = models.JSONField(_("data sources"), default=list, blank=True)
    # The rule that turns the scale's facts into a suggested score ({} for none); checked by
    # reviews.suggestions.parse_rule.
    suggestion = models.JSONField(_("suggested score rule"), default=dict, blank=True)
    translations = translations_field()

    class Meta:
        verbose_name = _("scale item")
        verbose_name_plural = _("scale items")
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "number"],
                name="item_number_unique_per_scale",
                violation_error_message=_("Two items cannot have the same number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="item_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def anchor_texts(self, language: str | None = None) -> dict[int, str]:
        """Score -> anchor text: the default texts, or only the texts translated to ``language``."""
        if language is None:
            return {anchor.score: anchor.text for anchor in self.anchors.all()}
        return {
            anchor.score: anchor.translations[language]["text"]
            for anchor in self.anchors.all()
            if "text" in anchor.translations.get(language, {})
        }


class ScaleAnchor(TranslatedTexts, models.Model):
    """What a score of an item means, in our own words (editable in a draft version)."""

    TRANSLATED = ("text",)

    item = models.ForeignKey(
        ScaleItem, on_delete=models.CASCADE, related_name="anchors", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    text = models.TextField(_("anchor text"))
    translations = translations_field()

    class Meta:
        verbose_name = _("score anchor")
        verbose_name_plural = _("score anchors")
        ordering = ["item", "score"]
        constraints = [
            models.UniqueConstraint(fields=["item", "score"], name="anchor_unique_per_score"),
            models.CheckConstraint(condition=_score_in_bound("score"), name="anchor_score_bound"),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.score}"


class ScaleBand(TranslatedTexts, models.Model):
    """A band of the total, such as 100-114 "Good fidelity"."""

    TRANSLATED = ("label",)

    scale = models.ForeignKey(
        FidelityScale, on_delete=models.CASCADE, related_name="bands", verbose_name=_("scale")
    )
    min_total = models.PositiveIntegerField(_("lowest total"))
    max_total = models.PositiveIntegerField(_("highest total"))
    label = models.CharField(_("label"), max_length=100)
    translations = translations_field()
    # The review cadence, as data an admin can change (Django admin, "Bands"): IPS-25 reviews
    # again 6 months after a review below good fidelity, 12 months after good or exemplary.
    review_interval_months = models.PositiveSmallIntegerField(
        _("months to the next review"),
        null=True,
        blank=True,
        help_text=_(
            "A center whose latest final review falls in this band is due for its next review "
            "this many months after that visit. Blank: the REVIEW_INTERVAL_MONTHS setting."
        ),
    )

    class Meta:
        verbose_name = _("band")
        verbose_name_plural = _("bands")
        # Best band first, as reports list them.
        ordering = ["scale", "-min_total"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_total__lte=models.F("max_total")),
                name="band_min_not_above_max",
                violation_error_message=_("A band's lowest total cannot exceed its highest."),
            ),
            models.UniqueConstraint(
                fields=["scale", "min_total"], name="band_unique_start_per_scale"
            ),
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1),
                name="band_review_interval_at_least_one_month",
                violation_error_message=_("The months to the next review must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_total}-{self.max_total} {self.label}"


class Review(models.Model):
    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External review")
        SELF = "self", _("Self-assessment")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RATING = "rating", _("Rating")
        CONSENSUS = "consensus", _("Consensus")
        FINAL = "final", _("Final")

    center = models.ForeignKey(
        "centers.Center",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("center"),
    )
    scale = models.ForeignKey(
        FidelityScale,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("scale version"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    visit_start = models.DateField(_("visit starts"), validators=[validate_plausible_date])
    visit_end = models.DateField(_("visit ends"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    strengths = models.TextField(_("strengths"), blank=True)
    # Raised on every save of the report text so a save based on an older text is refused.
    strengths_version = models.PositiveIntegerField(_("report text version"), default=0)
    strengths_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report text saved by"),
    )
    total = models.PositiveIntegerField(_("total score"), null=True, blank=True)
    # The band's label in the scale's language when the review was finalized, kept for history;
    # pages show the band of the scale version in the reader's language (reviews.selectors).
    band_label = models.CharField(_("band"), max_length=100, blank=True)
    # A copy of the consensus scores stored when the review is finalized (emptied when it is
    # reopened), so comparisons of hundreds of centers read one row per review instead of one per
    # item: position k holds the score of item number k + 1 (see reviews.scoring.scores_list).
    # The consensus scores stay the record.
    item_scores = models.JSONField(_("item scores when finalized"), default=list, blank=True)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalized by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        permissions = [
            ("view_center_reviews", _("Can read every review of the centers in scope")),
            ("lead_any_review", _("Can do consensus, finalize and action plans of any review")),
            ("reopen_review", _("Can reopen a final review")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_end__gte=models.F("visit_start")),
                name="review_visit_ends_after_start",
                violation_error_message=_("The visit cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=stored_date_range("visit_start"), name="review_visit_start_plausible"
            ),
            models.CheckConstraint(
                condition=stored_date_range("visit_end"), name="review_visit_end_plausible"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "rating", "consensus", "final"]),
                name="review_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["external", "self"]), name="review_kind_valid"
            ),
            # Dashboards read the stored total of final reviews, so a final review has one.
            models.CheckConstraint(
                condition=~Q(status="final") | Q(total__isnull=False, finalized_at__isnull=False),
                name="review_final_has_total",
            ),
        ]
        indexes = [
            # previous_final_review() and the dashboards' latest final review of each center: a
            # center's final reviews by visit date, newest first.
            models.Index(
                fields=["center", "status", "visit_start"], name="review_center_status_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center.code} {self.scale.code} {self.visit_start:%Y-%m-%d}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def rating_open(self) -> bool:
        """Reviewers may still rate, and the plan may still change."""
        return self.status in (self.Status.PLANNED, self.Status.RATING)

    @property
    def consensus_reached(self) -> bool:
        """Rating is over: consensus has started or the review is final."""
        return self.status in (self.Status.CONSENSUS, self.Status.FINAL)


class ReviewAssignment(models.Model):
    """A reviewer assigned to a review; exactly one of them leads it."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("review")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    is_lead = models.BooleanField(_("lead reviewer"), default=False)
    rating_completed_at = models.DateTimeField(_("rating completed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reviewer"], name="assignment_unique_per_reviewer"
            ),
            models.UniqueConstraint(
                fields=["review"], condition=Q(is_lead=True), name="assignment_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.review}"


class Rating(models.Model):
    """One reviewer's independent score of one item. The score may be empty while evidence is
    being written; a rating counts as done once it has a score."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("review")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("reviewer"),
    )
    item = models.ForeignKey(
        ScaleItem, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    evidence = models.TextField(_("evidence notes"), blank=True)
    # Raised on every change so a save based on an older version (another tab, a queued offline
    # save, an uploaded sheet) is refused instead of overwriting (reviews.services.ratings).
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reviewer", "item"], name="rating_one_per_reviewer_and_item"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | _score_in_bound("score"),
                name="rating_score_bound",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.item.number}: {self.score}"


class ConsensusScore(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="consensus_scores", verbose_name=_("review")
    )
    item = models.ForeignKey(
        ScaleItem,
        on_delete=models.PROTECT,
        related_name="consensus_scores",
        verbose_name=_("item"),
    )
    score = models.PositiveSmallIntegerField(_("consensus score"))
    rationale = models.TextField(_("rationale"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    # Raised on every save so a save based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consensus score")
        verbose_name_plural = _("consensus scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="consensus_one_per_item"),
            models.CheckConstraint(
                condition=_score_in_bound("score"), name="consensus_score_bound"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.item.number}: {self.score}"


class ReviewReopening(models.Model):
    """An admin reopened a final review; the reason and the total it had are kept."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("review")
    )
    reopened_at = models.DateTimeField(_("reopened at"), auto_now_add=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reason = models.TextField(_("reason"))
    previous_total = models.PositiveIntegerField(_("total before reopening"))
    previous_band_label = models.CharField(_("band before reopening"), max_length=100)

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reopening_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.review} reopened {self.reopened_at:%Y-%m-%d}"


class ActionItem(models.Model):
    """One step of a center's fidelity action plan, followed up at the next review."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("review")
    )
    item = models.ForeignKey(
        ScaleItem, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("item")
    )
    action = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    # Raised on every save, by staff or through a follow-up link, so a save based on an older
    # version is refused (the center's contact and staff may edit the same action).
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done"]),
                name="action_status_valid",
            ),
            models.CheckConstraint(condition=~Q(action=""), name="action_not_empty"),
            models.CheckConstraint(
                condition=stored_date_range("due_date"), name="action_due_date_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.item.number}: {self.action[:40]}"

    @property
    def overdue(self) -> bool:
        """Not done and its due date has passed (today, in the site's time zone, is not late)."""
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DONE


class ReviewFact(models.Model):
    """One fact of a review (caseload, days to first employer contact...): a value for a key of
    its scale version's ``facts``, from the center's data request or entered by a reviewer."""

    class Source(models.TextChoices):
        DATA_REQUEST = "data_request", _("Data request")
        REVIEWER = "reviewer", _("Reviewer")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="facts", verbose_name=_("review")
    )
    key = models.CharField(_("fact"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Empty when the center's team leader saved it through the data request link.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review fact")
        verbose_name_plural = _("review facts")
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="fact_one_per_review_and_key"),
            models.CheckConstraint(
                condition=Q(source__in=["data_request", "reviewer"]), name="fact_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(source="data_request") | Q(updated_by__isnull=False),
                name="fact_reviewer_value_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.key}: {self.value}"


class DataRequest(models.Model):
    """A link the center's team leader opens without logging in to send the review's facts
    before the visit. Only a SHA-256 hash of the token is stored (ipsweb.tokens): the link is
    shown once, when it is made. At most one request of a review is not withdrawn."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Withdrawn")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="data_requests", verbose_name=_("review")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        constraints = [
            # Also the index for looking a request up by its token.
            models.UniqueConstraint(fields=["token_hash"], name="data_request_token_hash_unique"),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(revoked_at__isnull=True),
                name="data_request_one_open_per_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Data request')} {self.review} ({self.state().label})"

    @property
    def last_day(self):
        """The last day the link works (it expires when that day ends, local time)."""
        return (timezone.localtime(self.expires_at) - datetime.timedelta(days=1)).date()

    def state(self, now=None) -> "DataRequest.State":
        if self.revoked_at:
            return self.State.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return self.State.EXPIRED
        if self.submitted_at:
            return self.State.SUBMITTED
        return self.State.OPEN


class ReportDelivery(models.Model):
    """The report PDF of a final review, mailed once to the center's contact and the reviewers.

    A row is written only for mail that was handed to the mail server; the size and SHA-256 of the
    attached PDF say exactly which document went out.
    """

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("review")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipients = models.JSONField(_("recipients"), default=list)
    language = language_field(_("language"), _("The language of the mail and the PDF."))
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"))
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        constraints = [
            models.CheckConstraint(condition=Q(pdf_size__gt=0), name="delivery_pdf_not_empty"),
            models.CheckConstraint(
                condition=Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"), name="delivery_sha256_hex"
            ),
        ]
        indexes = [
            # report_deliveries(): the deliveries of one review, newest first.
            models.Index(fields=["review", "-sent_at"], name="delivery_review_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.review} sent {self.sent_at:%Y-%m-%d %H:%M}"


class ReportQuote(models.Model):
    """An interview excerpt coded to an item, chosen by the lead to stand under the item in the
    report. The words are copied when chosen: the report does not change when the source is
    recoded or replaced, and reviews reads no other app's tables."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("review")
    )
    item = models.ForeignKey(
        ScaleItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    # reviews.quotes.excerpt_key of the excerpt: which passage of which source was chosen.
    key = models.CharField(_("excerpt key"), max_length=64)
    text = models.TextField(_("quote"))
    attribution = models.CharField(_("attribution"), max_length=300, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report quote")
        verbose_name_plural = _("report quotes")
        constraints = [
            models.UniqueConstraint(fields=["review", "item", "key"], name="quote_unique_per_item"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.item.number}: {self.text[:40]}"


class ActionFollowUpLink(models.Model):
    """A link (``/a/<token>/``) the center's contact opens without a login to update the status of
    one final review's action items between reviews; nothing else of the center shows there.

    Only a SHA-256 hash of the token is stored: the link itself is shown once, when it is made.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Withdrawn")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="follow_up_links", verbose_name=_("review")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan follow-up link")
        verbose_name_plural = _("action plan follow-up links")
        constraints = [
            # Also the index for looking a link up by its token.
            models.UniqueConstraint(fields=["token_hash"], name="follow_up_link_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{_('Follow-up link')} {self.review} ({self.state().label})"

    def state(self, now=None) -> "ActionFollowUpLink.State":
        if self.revoked_at:
            return self.State.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return self.State.EXPIRED
        return self.State.OPEN


class ActionUpdate(models.Model):
    """A dated change of an action item's status with a progress note, by staff or by the
    center's contact through a follow-up link (``via_link``)."""

    action_item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    status_before = models.CharField(
        _("status before"), max_length=12, choices=ActionItem.Status.choices
    )
    status_after = models.CharField(
        _("status after"), max_length=12, choices=ActionItem.Status.choices
    )
    note = models.TextField(_("progress note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    via_link = models.ForeignKey(
        ActionFollowUpLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("through the follow-up link"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(status_before__in=["open", "in_progress", "done"])
                & Q(status_after__in=["open", "in_progress", "done"]),
                name="action_update_status_valid",
            ),
            # Someone made it: a user or the holder of a link.
            models.CheckConstraint(
                condition=Q(via_link__isnull=False) | Q(by__isnull=False),
                name="action_update_has_author",
            ),
        ]
        indexes = [
            # The updates of a review's actions on its action plan, newest first.
            models.Index(fields=["action_item", "-at"], name="action_update_item_at"),
        ]

    def __str__(self) -> str:
        return f"{self.action_item}: {self.status_before} -> {self.status_after}"
