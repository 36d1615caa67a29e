from django.urls import path

from participants.views import imports, registry, reports, surveys

app_name = "participants"

urlpatterns = [
    path("", registry.participant_list, name="list"),
    path("new/", registry.participant_create, name="create"),
    path("<int:pk>/", registry.participant_detail, name="detail"),
    path("<int:pk>/edit/", registry.participant_edit, name="edit"),
    path("<int:pk>/withdraw/", registry.participant_withdraw, name="withdraw"),
    path("<int:pk>/erase/", registry.participant_erase, name="erase"),
    path("<int:pk>/baseline/", surveys.baseline_edit, name="baseline"),
    path("<int:pk>/diagnostic/", surveys.diagnostic_edit, name="diagnostic"),
    path("<int:pk>/follow-up/", surveys.follow_up_edit, name="follow_up"),
    path("<int:pk>/links/new/", surveys.link_create, name="link_create"),
    path("<int:pk>/links/<int:link_pk>/withdraw/", surveys.link_revoke, name="link_revoke"),
    path("follow-ups/", surveys.follow_ups_due, name="follow_ups_due"),
    path("dashboard/", reports.survey_dashboard, name="dashboard"),
    path("exports/", reports.export_page, name="exports"),
    path("import/", imports.import_upload, name="import"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("import/template/<str:kind>/", imports.import_template, name="import_template"),
    path("import/log/", imports.import_log, name="import_log"),
    path("read-log/", reports.read_log, name="read_log"),
    path("statements/", reports.statement_list, name="statements"),
    path("statements/new/", reports.statement_create, name="statement_create"),
    path("statements/<int:pk>/edit/", reports.statement_edit, name="statement_edit"),
]
