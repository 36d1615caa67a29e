import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from ipsweb.dates import stored_date_range, validate_plausible_date, validate_plausible_year

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{0,19}$",
    _("Use 1-20 letters, digits or hyphens, starting with a letter or digit."),
)

# Outcome years accepted: wide enough for historic data, narrow enough to catch typos like 20025.
FIRST_YEAR, LAST_YEAR = 1990, 2100
# No IPS center serves this many in a quarter: a larger number is a typo (and the same limit on
# every database).
MAX_PARTICIPANTS = 1_000_000


class Center(models.Model):
    """An IPS program at one site: the unit that is reviewed and compared."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"),
        max_length=20,
        validators=[code_validator],
        help_text=_("A unique short code such as BRG-1, used in tables and exports."),
    )
    region = models.CharField(
        _("region or organisation"),
        max_length=200,
        blank=True,
        help_text=_("Health region, trust or organisation the center belongs to."),
    )
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    ips_started_on = models.DateField(
        _("IPS started on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    employment_specialists = models.PositiveSmallIntegerField(
        _("employment specialists"),
        null=True,
        blank=True,
        help_text=_("Number of IPS employment specialists at the center."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive centers keep their history but are left out of new work."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="centers",
        verbose_name=_("assigned users"),
        help_text=_("Program managers and reviewers who work with this center."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="center_code_unique",
                violation_error_message=_("A center with this short code already exists."),
            ),
            models.CheckConstraint(
                condition=stored_date_range("ips_started_on"),
                name="center_ips_started_on_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EmploymentOutcome(models.Model):
    """What a center reports for one quarter: participants served and how many are in
    competitive jobs. The employment rate is computed from these, never stored."""

    class Quarter(models.IntegerChoices):
        Q1 = 1, _("Q1 (January-March)")
        Q2 = 2, _("Q2 (April-June)")
        Q3 = 3, _("Q3 (July-September)")
        Q4 = 4, _("Q4 (October-December)")

    # No index of its own: the unique (center, year, quarter) index starts with the center.
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("center"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[
            MinValueValidator(FIRST_YEAR),
            MaxValueValidator(LAST_YEAR),
            validate_plausible_year,
        ],
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices)
    served = models.PositiveIntegerField(
        _("participants served"),
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Everyone who received IPS services from the center during the quarter."),
    )
    working = models.PositiveIntegerField(
        _("participants in competitive jobs"),
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_(
            "Of those served, how many held a competitive job at some time during the quarter."
        ),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employment outcome")
        verbose_name_plural = _("employment outcomes")
        constraints = [
            # Also the index behind a center's outcome list (center, newest quarter first).
            models.UniqueConstraint(
                fields=["center", "year", "quarter"],
                name="outcome_one_per_center_and_quarter",
                violation_error_message=_(
                    "This center already has employment outcomes for that quarter."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(working__gte=0) & models.Q(working__lte=models.F("served")),
                name="outcome_working_between_zero_and_served",
                violation_error_message=_(
                    "Participants in competitive jobs cannot be more than participants served."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="outcome_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="outcome_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center.code} {self.period}"

    @property
    def period(self) -> str:
        """The quarter as people write it, e.g. "2025 Q3"."""
        return f"{self.year} Q{self.quarter}"

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def employment_rate(self) -> float | None:
        """Working / served as a fraction (0.35 is 35 %); None when nobody was served."""
        if not self.served:
            return None
        return self.working / self.served


class OutcomeBenchmark(models.Model):
    """A reference employment rate drawn on outcome charts, e.g. 41 % "average"."""

    label = models.CharField(_("label"), max_length=100)
    rate_percent = models.DecimalField(
        _("employment rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A percentage between 0 and 100, e.g. 41 for 41 %."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Benchmarks are listed by this number, lowest first.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active benchmarks are shown on outcome pages.")
    )

    class Meta:
        verbose_name = _("outcome benchmark")
        verbose_name_plural = _("outcome benchmarks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_percent__gte=0, rate_percent__lte=100),
                name="benchmark_rate_is_a_percentage",
                violation_error_message=_("Enter a percentage between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.rate_percent.normalize():f} %)"

    @property
    def rate(self) -> float:
        """The benchmark as a fraction, comparable with an employment rate."""
        return float(self.rate_percent) / 100


class HealthDataGrant(models.Model):
    """An admin's explicit permission for a user to see the participant data of a center they are
    not a member of (see ``centers.selectors.health_data_centers_for_user``). Deleting the grant
    takes the permission away; the history keeps who granted and removed it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="health_data_grants",
        verbose_name=_("user"),
    )
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        related_name="health_data_grants",
        verbose_name=_("center"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant data permission")
        verbose_name_plural = _("participant data permissions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "center"],
                name="health_data_grant_unique",
                violation_error_message=_(
                    "This user may already see the participant data of this center."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.center.code}"


# Users and their roles (group memberships) are audited too; their history tables live here.
register(
    get_user_model(),
    app="centers",
    m2m_fields=["groups"],
    excluded_fields=["password", "last_login"],
)
