from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("Fidelity reviews")

    def ready(self):
        from centers.views import CENTER_PAGE_SECTIONS
        from reviews.views.reviews import center_page_section

        CENTER_PAGE_SECTIONS.append(center_page_section)
