from django.db import models
from django.utils.translation import gettext_lazy as _


class DataStamp(models.Model):
    """One row whose value changes (to a new random number) with every write to data that cached
    selectors read, in the same transaction, so that their results are cached under it and never
    served after a change (see ``ipsweb.caching``)."""

    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("data stamp")
        verbose_name_plural = _("data stamps")

    def __str__(self) -> str:
        return str(self.value)
