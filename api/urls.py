"""The API, version 1 (README, "The API"): /api/v1/..."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api.views import docs, outcomes, reads, surveys

app_name = "api"

router = SimpleRouter()
router.register("centers", reads.CenterViewSet, basename="center")
router.register("scales", reads.ScaleViewSet, basename="scale")
router.register("reviews", reads.ReviewViewSet, basename="review")
router.register("outcomes", outcomes.OutcomeViewSet, basename="outcome")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("comparison/", reads.ComparisonView.as_view(), name="comparison"),
    path("portfolio/", reads.PortfolioView.as_view(), name="portfolio"),
    path("surveys/aggregates/", surveys.SurveyAggregatesView.as_view(), name="survey_aggregates"),
    path("participants/", surveys.ParticipantDataView.as_view(), name="participants"),
    *router.urls,
]
