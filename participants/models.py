"""Participants of the process evaluation and their surveys (seed paper, Tables 2-4).

Missing data: in every survey table ``NULL`` means "not answered" (for the diagnostic screen: "not
assessed"), never 0 or "no". Forms offer it as an explicit choice ("Not answered") for every
question with choices and as an empty box for numbers; exports leave the cell empty; statistics
leave the person out of that variable's n. Open texts are the exception: empty means nothing was
written.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from ipsweb.dates import stored_date_range, validate_plausible_date
from ipsweb.translations import TranslatedTexts, language_field, translations_field
from participants.schedule import FollowUpState, follow_up_due_on
from participants.severity import Severity

SEVERITY_LABELS = {
    Severity.SEVERE: _("Severe"),
    Severity.MODERATE: _("Moderate"),
    Severity.NONE: _("No diagnosis"),
    Severity.UNKNOWN: _("Unknown"),
}

FOLLOW_UP_STATE_LABELS = {
    FollowUpState.NOT_YET: _("not yet due"),
    FollowUpState.DUE: _("due"),
    FollowUpState.OVERDUE: _("overdue"),
    FollowUpState.MISSED: _("missed: the window has closed"),
    FollowUpState.RECEIVED: _("received"),
}

# (field, lowest, highest): the valid range of each numeric baseline answer.
BASELINE_RANGES = {
    "age": (16, 99),
    "years_employed": (0, 80),
    "eq_vas": (0, 100),
    "whodas_total": (0, 48),
    "years_with_complaints": (0, 90),
}


FOLLOW_UP_SCALES = ["specialist_satisfaction", "general_satisfaction", "usefulness"]


def range_validators(field: str) -> list:
    low, high = BASELINE_RANGES[field]
    return [MinValueValidator(low), MaxValueValidator(high)]


def user_reference(label, **options) -> models.ForeignKey:
    """Who did something. Users are deactivated, never deleted, so the reference is kept."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=label,
        **options,
    )


def number_answer(field: str, label) -> models.PositiveSmallIntegerField:
    """A whole-number survey answer within its range; NULL: not answered."""
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=range_validators(field)
    )


def null_or_between(field: str, low: int, high: int, name: str) -> models.CheckConstraint:
    """A nullable answer is either not answered or within its range."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=name,
    )


def null_or_at_most_age(field: str, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        violation_error_message=message,
        condition=Q(**{f"{field}__isnull": True})
        | Q(age__isnull=True)
        | Q(**{field + "__lte": F("age")}),
        name=name,
    )


class Participant(models.Model):
    """A person in the trial, known only by a random study code: no name, birth date or ID."""

    class Arm(models.TextChoices):
        IPS = "ips", _("IPS")
        USUAL_CARE = "usual_care", _("Usual care")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ERASED = "erased", _("Erased on request")

    study_code = models.CharField(_("study code"), max_length=11, editable=False)
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="participants", verbose_name=_("center")
    )
    arm = models.CharField(_("trial arm"), max_length=20, choices=Arm.choices)
    included_on = models.DateField(_("inclusion date"), validators=[validate_plausible_date])
    consent_on = models.DateField(_("consent date"), validators=[validate_plausible_date])
    consent_recorded_by = user_reference(_("consent recorded by"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    withdrawn_on = models.DateField(
        _("withdrawn on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=500, blank=True)
    # The program's own reference for the person, from an import; kept only where the admin allows
    # it (settings.PARTICIPANT_IMPORT_KEEPS_REFERENCES). Never a name or an identity number.
    program_reference = models.CharField(
        _("program's reference"), max_length=40, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        permissions = [
            ("erase_participant", _("Can erase a participant's answers on request")),
            ("export_participants", _("Can export participant-level data")),
            ("view_exact_statistics", _("Can see exact small counts on dashboards")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["study_code"],
                name="participant_study_code_unique",
                violation_error_message=_("A participant with this study code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(arm__in=["ips", "usual_care"]), name="participant_arm_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "withdrawn", "erased"]),
                name="participant_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(consent_on__lte=F("included_on")),
                name="participant_consent_not_after_inclusion",
                violation_error_message=_("Consent must be given on or before the inclusion date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="participant_withdrawal_has_date",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("included_on")),
                name="participant_withdrawal_not_before_inclusion",
                violation_error_message=_("A withdrawal cannot be dated before the inclusion."),
            ),
            models.CheckConstraint(
                condition=stored_date_range("included_on"), name="participant_included_on_plausible"
            ),
            models.CheckConstraint(
                condition=stored_date_range("consent_on"), name="participant_consent_on_plausible"
            ),
            models.CheckConstraint(
                condition=stored_date_range("withdrawn_on"),
                name="participant_withdrawn_on_plausible",
            ),
        ]
        indexes = [
            # Participant lists, due follow-ups and dashboards: one center, an inclusion period.
            models.Index(fields=["center", "included_on"], name="participant_center_included"),
        ]

    def __str__(self) -> str:
        return self.study_code

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def follow_up_due_on(self):
        return follow_up_due_on(self.included_on, settings.FOLLOW_UP_MONTHS)

    @property
    def is_erased(self) -> bool:
        return self.status == self.Status.ERASED


class BaselineSurvey(models.Model):
    """Baseline characteristics (seed paper, Table 2). NULL: not answered."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another gender")

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="baseline",
        verbose_name=_("participant"),
    )
    age = number_answer("age", _("age (years)"))
    # NULL, not "", means not answered here as in every other survey field.
    gender = models.CharField(  # noqa: DJ001
        _("gender"), max_length=10, choices=Gender.choices, null=True, blank=True
    )
    higher_education = models.BooleanField(_("higher education"), null=True, blank=True)
    reading_writing_difficulties = models.BooleanField(
        _("reading or writing disabilities"), null=True, blank=True
    )
    years_employed = number_answer("years_employed", _("years of employment experience"))
    eq_vas = number_answer("eq_vas", _("health-related quality of life (EQ-5D VAS, 0-100)"))
    whodas_total = number_answer("whodas_total", _("functioning (WHODAS 12-item total, 0-48)"))
    violence_experienced = models.BooleanField(_("has experienced violence"), null=True, blank=True)
    involuntary_commitment = models.BooleanField(
        _("has been involuntarily committed"), null=True, blank=True
    )
    years_with_complaints = number_answer(
        "years_with_complaints", _("years with mental health complaints")
    )
    entered_by = user_reference(_("entered by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Raised by every save; a save based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baseline survey")
        verbose_name_plural = _("baseline surveys")
        constraints = [
            *(
                null_or_between(field, low, high, f"baseline_{field}_range")
                for field, (low, high) in BASELINE_RANGES.items()
            ),
            models.CheckConstraint(
                condition=Q(gender__isnull=True) | Q(gender__in=["female", "male", "other"]),
                name="baseline_gender_valid",
            ),
            null_or_at_most_age(
                "years_employed",
                "baseline_years_employed_within_age",
                _("Years of employment cannot be more than the age."),
            ),
            null_or_at_most_age(
                "years_with_complaints",
                "baseline_complaints_within_age",
                _("Years with mental health complaints cannot be more than the age."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Baseline')} {self.participant}"


class DiagnosticScreen(models.Model):
    """M.I.N.I. results at inclusion. Each item: found, not found, or NULL (not assessed)."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="diagnostic",
        verbose_name=_("participant"),
    )
    recurrent_depression = models.BooleanField(_("recurrent depression"), null=True, blank=True)
    psychosis = models.BooleanField(_("psychosis"), null=True, blank=True)
    bipolar = models.BooleanField(_("bipolar disorder"), null=True, blank=True)
    anxiety = models.BooleanField(_("anxiety"), null=True, blank=True)
    substance_addiction = models.BooleanField(_("substance addiction"), null=True, blank=True)
    entered_by = user_reference(_("entered by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    DIAGNOSES = ["recurrent_depression", "psychosis", "bipolar", "anxiety", "substance_addiction"]

    # Raised by every save; a save based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnostic screen")
        verbose_name_plural = _("diagnostic screens")

    def __str__(self) -> str:
        return f"{_('Diagnostic screen')} {self.participant}"


class Statement(TranslatedTexts, models.Model):
    """A facilitator or barrier statement of the follow-up survey.

    Its text never changes once someone answered it: editing the text (in any language) retires it
    and creates a successor (``replaces``), so every stored answer keeps meaning what the person
    agreed to. ``text`` is the default text; ``translations`` hold other languages.
    """

    TRANSLATED = ("text",)

    class Kind(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        BARRIER = "barrier", _("Barrier")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=300)
    translations = translations_field()
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Statements are asked in this order within their list.")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active statements are asked. Retired ones keep their answers."),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["facilitator", "barrier"]), name="statement_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class SelfCompletionLink(models.Model):
    """A single-use link a participant opens to answer the follow-up alone.

    Only a SHA-256 hash of the token is stored: the link itself is shown once, when it is made.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Withdrawn")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="links", verbose_name=_("participant")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = user_reference(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    language = language_field(
        _("language"),
        _("The survey opens in this language; the participant can switch on the page."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-completion link")
        verbose_name_plural = _("self-completion links")
        constraints = [
            # Also the index for looking a link up by its token.
            models.UniqueConstraint(fields=["token_hash"], name="link_token_hash_unique"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
                name="link_not_both_used_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Link')} {self.participant} ({self.state().label})"

    def state(self, now=None) -> "SelfCompletionLink.State":
        if self.used_at:
            return self.State.USED
        if self.revoked_at:
            return self.State.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return self.State.EXPIRED
        return self.State.OPEN


class FollowUpSurvey(models.Model):
    """The follow-up survey (seed paper, Tables 3 and 4). NULL: not answered."""

    class Channel(models.TextChoices):
        SELF = "self", _("Self-completed by link")
        STAFF = "staff", _("Entered by staff")

    class Satisfaction(models.IntegerChoices):
        DISSATISFIED = 1, _("Dissatisfied")
        NOT_VERY = 2, _("Not very satisfied")
        A_LITTLE = 3, _("A little satisfied")
        PRETTY = 4, _("Pretty satisfied")
        VERY = 5, _("Very satisfied")

    class Usefulness(models.IntegerChoices):
        NOT_AT_ALL = 1, _("Not useful at all")
        NOT_VERY = 2, _("Not very useful")
        A_LITTLE = 3, _("A little useful")
        PRETTY = 4, _("Pretty useful")
        VERY = 5, _("Very useful")

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("participant"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    specialist_satisfaction = models.PositiveSmallIntegerField(
        _("How satisfied are you with your IPS specialist?"),
        choices=Satisfaction.choices,
        null=True,
        blank=True,
    )
    general_satisfaction = models.PositiveSmallIntegerField(
        _("All in all, how satisfied are you with IPS?"),
        choices=Satisfaction.choices,
        null=True,
        blank=True,
    )
    usefulness = models.PositiveSmallIntegerField(
        _("How useful has it been for you to participate in IPS?"),
        choices=Usefulness.choices,
        null=True,
        blank=True,
    )
    facilitator_comment = models.TextField(
        _("Anything else that helped you?"), max_length=2000, blank=True
    )
    barrier_comment = models.TextField(
        _("Anything else that made it harder?"), max_length=2000, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    entered_by = user_reference(
        _("entered by"),
        null=True,
        blank=True,
        help_text=_("Empty when the participant answered by link."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Raised by every save; a save based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")
        constraints = [
            *(
                null_or_between(field, 1, 5, f"follow_up_{field}_range")
                for field in FOLLOW_UP_SCALES
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["self", "staff"]), name="follow_up_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel="self") | Q(entered_by__isnull=False),
                name="follow_up_staff_entry_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Follow-up')} {self.participant}"


class StatementAnswer(models.Model):
    """Yes or no to one statement; NULL: the statement was shown but not answered."""

    follow_up = models.ForeignKey(
        FollowUpSurvey,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("follow-up"),
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="answers", verbose_name=_("statement")
    )
    agrees = models.BooleanField(_("agrees"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement answer")
        verbose_name_plural = _("statement answers")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "statement"], name="statement_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow_up.participant}: {self.statement}"


class EraseLog(models.Model):
    """Who erased a participant's answers on request, and when. The participant stays as a stub."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="erase_logs",
        verbose_name=_("participant"),
    )
    erased_by = user_reference(_("erased by"))
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)

    class Meta:
        verbose_name = _("erase log entry")
        verbose_name_plural = _("erase log")
        constraints = [
            models.UniqueConstraint(fields=["participant"], name="erase_log_once_per_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.erased_at:%Y-%m-%d %H:%M}"


class ExportLog(models.Model):
    """Every participant-level export: who, when, what."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")
        DICTIONARY = "dictionary", _("Data dictionary (CSV)")
        API = "api", _("API (JSON)")

    user = user_reference(_("exported by"))
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=["csv", "xlsx", "dictionary", "api"]),
                name="export_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_format_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ReadLog(models.Model):
    """Who opened which participant data, and when: a participant, one of their surveys or a page
    listing participants. Changes are in the history, exports also in ``ExportLog``. Entries older
    than HEALTH_READ_LOG_RETENTION_DAYS are deleted by ``manage.py purge_read_log``."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        BASELINE = "baseline", _("Baseline survey")
        DIAGNOSTIC = "diagnostic", _("Diagnostic screen")
        FOLLOW_UP = "follow_up", _("Follow-up survey")
        LIST = "list", _("List of participants")
        EXPORT = "export", _("Participant-level export")

    user = user_reference(_("read by"))
    # Indexed for the log page (newest first, a page at a time) and the purge of old entries.
    read_at = models.DateTimeField(_("read at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    # Participants are never deleted (erasure keeps a stub); SET_NULL only keeps the log safe.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    center = models.ForeignKey(
        Center,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("center"),
    )
    path = models.CharField(_("page"), max_length=500)

    class Meta:
        verbose_name = _("read log entry")
        verbose_name_plural = _("read log")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "participant",
                        "baseline",
                        "diagnostic",
                        "follow_up",
                        "list",
                        "export",
                    ]
                ),
                name="read_log_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.read_at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """A checked import file waiting for its owner to confirm it (see participants/imports/).

    Holds the rows to store and the file's cells, so nothing is read twice and the owner can be
    shown the preview again. Only its owner sees it; it is deleted when confirmed or discarded,
    and once expired by the next upload.
    """

    owner = user_reference(_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    file_name = models.CharField(_("file name"), max_length=255)
    # A digest of the stored data the plan was checked against; confirming compares it again.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    plan = models.JSONField(_("plan"))
    table = models.JSONField(_("cells of the file"))
    options = models.JSONField(_("options"), default=dict)

    class Meta:
        verbose_name = _("import waiting for confirmation")
        verbose_name_plural = _("imports waiting for confirmation")

    def __str__(self) -> str:
        return f"{self.owner} {self.file_name}"


class ImportLog(models.Model):
    """Every confirmed import of participants and surveys: who, when, which file, what it did."""

    user = user_reference(_("imported by"))
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"))
    participants_created = models.PositiveIntegerField(_("new participants"))
    baselines_added = models.PositiveIntegerField(_("baselines added"))
    screens_added = models.PositiveIntegerField(_("diagnostic screens added"))
    follow_ups_added = models.PositiveIntegerField(_("follow-ups added"))
    answers_changed = models.PositiveIntegerField(_("answers changed"))
    centers = models.JSONField(_("centers"), default=list, blank=True)

    class Meta:
        verbose_name = _("import log entry")
        verbose_name_plural = _("import log")

    def __str__(self) -> str:
        return f"{self.user} {self.file_name} {self.created_at:%Y-%m-%d %H:%M}"
