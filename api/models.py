"""Personal API tokens: what a script sends instead of a password (README, "The API")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A named token of one user. Only the SHA-256 of the secret is stored, with its first
    characters (``prefix``) so the owner can tell tokens apart; the secret is shown once, when
    it is made. A token acts as its user, with their role and scope at the time of each request,
    never more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=16)
    # The lookup of every request that sends a token.
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The last day the token works. Empty: until it is revoked."),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        """Not revoked and not past its last day."""
        if self.revoked_at is not None:
            return False
        return self.expires_on is None or timezone.localdate() <= self.expires_on

    @property
    def expired(self) -> bool:
        return self.expires_on is not None and timezone.localdate() > self.expires_on
