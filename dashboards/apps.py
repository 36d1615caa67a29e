from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and comparisons")

    def ready(self):
        from centers.views import CENTER_PAGE_SECTIONS
        from dashboards.views import center_page_section

        CENTER_PAGE_SECTIONS.append(center_page_section)

        # Interview excerpts beside the items of the rating and consensus pages: dashboards sits
        # above both apps, so it joins them.
        from qualitative.selectors import review_item_excerpts
        from reviews.evidence import ITEM_EVIDENCE

        ITEM_EVIDENCE.append(review_item_excerpts)
