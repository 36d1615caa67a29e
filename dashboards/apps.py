from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and comparisons")

    def ready(self):
        from centers.views import CENTER_PAGE_SECTIONS
        from dashboards.views import center_page_section

        CENTER_PAGE_SECTIONS.append(center_page_section)
