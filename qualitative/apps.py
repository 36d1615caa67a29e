from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualitativeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "qualitative"
    verbose_name = _("Qualitative analysis")
