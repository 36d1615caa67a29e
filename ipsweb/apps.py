from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpswebConfig(AppConfig):
    name = "ipsweb"
    verbose_name = _("ipsweb")

    def ready(self):
        from ipsweb import caching

        caching.connect()
