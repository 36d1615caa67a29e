from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{0,19}$",
    _("Use 1-20 letters, digits or hyphens, starting with a letter or digit."),
)


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
    ips_started_on = models.DateField(_("IPS started on"), null=True, blank=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


# Users and their roles (group memberships) are audited too; their history tables live here.
register(
    get_user_model(),
    app="centers",
    m2m_fields=["groups"],
    excluded_fields=["password", "last_login"],
)
