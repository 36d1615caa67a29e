"""Interviews, focus groups and review notes, their codebook and codings.

Informants are named by pseudonym only ("Informant 7", "IPS specialist B"); a source's text is fixed
once coding has started: a correction makes a new version (``qualitative.services.source_correct``).
Offsets count characters of ``Source.text`` (Python string indices), start inclusive, end exclusive.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1f77b4 (a hash and six hex digits).")
)


class Project(models.Model):
    """A study or a program whose sources are analysed together with one codebook."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    centers = models.ManyToManyField(
        "centers.Center", blank=True, related_name="qualitative_projects", verbose_name=_("centers")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords(m2m_fields=[centers])

    class Meta:
        verbose_name = _("qualitative project")
        verbose_name_plural = _("qualitative projects")

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """One transcript, set of notes or document; one version of its text."""

    class Kind(models.TextChoices):
        FOCUS_GROUP = "focus_group", _("Focus group with the IPS team")
        PARTICIPANT_INTERVIEW = "participant_interview", _("Participant interview")
        REVIEW_NOTES = "review_notes", _("Reviewer's interview notes")
        DOCUMENT = "document", _("Document")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sources", verbose_name=_("project")
    )
    center = models.ForeignKey(
        "centers.Center",
        on_delete=models.PROTECT,
        related_name="qualitative_sources",
        verbose_name=_("center"),
    )
    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualitative_sources",
        verbose_name=_("review"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    interviewer = models.CharField(_("interviewer"), max_length=200, blank=True)
    informants = models.CharField(
        _("informants"),
        max_length=500,
        blank=True,
        help_text=_(
            'Pseudonyms only, separated by commas ("Informant 7", "IPS specialist B"); never names.'
        ),
    )
    text = models.TextField(_("text"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    is_current = models.BooleanField(_("current version"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="source_version_positive"),
            models.CheckConstraint(
                condition=~Q(kind="review_notes") | Q(review__isnull=False),
                name="source_review_notes_have_a_review",
            ),
        ]
        indexes = [
            # The current sources of a project per center (source lists, retrieval filters).
            models.Index(fields=["project", "center", "is_current"], name="source_project_center"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def informant_list(self) -> list[str]:
        return [name.strip() for name in self.informants.split(",") if name.strip()]


class Code(models.Model):
    """A code of a project's codebook; codes nest (``parent``)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="codes", verbose_name=_("project")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent code"),
    )
    name = models.CharField(_("name"), max_length=100)
    definition = models.TextField(_("definition"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1f77b4", validators=[colour_validator]
    )
    examples = models.TextField(_("examples"), blank=True)
    scale_items = models.ManyToManyField(
        "reviews.ScaleItem",
        blank=True,
        related_name="qualitative_codes",
        verbose_name=_("scale items"),
        help_text=_("Fidelity items this code gives evidence for."),
    )
    statements = models.ManyToManyField(
        "participants.Statement",
        blank=True,
        related_name="qualitative_codes",
        verbose_name=_("survey statements"),
    )
    # Kept for REFI-QDA exchange: the same code keeps the same GUID across exports.
    guid = models.UUIDField(_("GUID"), unique=True)

    history = HistoricalRecords(m2m_fields=[scale_items, statements])

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="code_name_unique"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="code_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coding(models.Model):
    """A code applied by one coder to characters ``start``..``end`` of a source version."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="codings", verbose_name=_("source")
    )
    code = models.ForeignKey(
        Code, on_delete=models.CASCADE, related_name="codings", verbose_name=_("code")
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="qualitative_codings",
        verbose_name=_("coder"),
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    # Set when a corrected version changed the coded text: a coder should look at it again.
    needs_check = models.BooleanField(_("check after correction"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="coding_not_empty"),
            models.UniqueConstraint(
                fields=["source", "code", "coder", "start", "end"], name="coding_unique"
            ),
        ]
        indexes = [
            # Excerpts of a set of codes (retrieval, item evidence, joint display).
            models.Index(fields=["code", "source"], name="coding_code_source"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.start}-{self.end}"


class Memo(models.Model):
    """A note on a code or on a source."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memos", verbose_name=_("project")
    )
    code = models.ForeignKey(
        Code,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memos",
        verbose_name=_("code"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memos",
        verbose_name=_("source"),
    )
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__isnull=True) ^ Q(source__isnull=True),
                name="memo_on_code_or_source",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:50]
