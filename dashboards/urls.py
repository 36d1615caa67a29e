from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("comparison/", views.comparison, name="comparison"),
    path("comparison/export/", views.comparison_export, name="comparison_export"),
    path("joint/", views.joint_display, name="joint_display"),
    path("joint/export/", views.joint_display_export, name="joint_display_export"),
    path("self-assessments/", views.self_assessments, name="self_assessments"),
    path("fidelity-and-outcomes/", views.fidelity_outcomes, name="fidelity_outcomes"),
]
