from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "centers"
    verbose_name = _("Centers")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ipsweb import middleware

        user_logged_in.connect(middleware.note_login_renewal, dispatch_uid="ipsweb.renewal")
