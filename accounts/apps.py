from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from accounts import language, signals
        from ipsweb.client_address import check_proxy_settings

        user_logged_in.connect(signals.note_second_factor, dispatch_uid="accounts.second_factor")
        user_logged_in.connect(
            language.remember_preferred_language, dispatch_uid="accounts.preferred_language"
        )
        checks.register(check_proxy_settings, checks.Tags.security, deploy=True)
