from django.urls import path

from qualitative import views

app_name = "qualitative"

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/sources/new/", views.source_create, name="source_create"),
    path("<int:pk>/codes/new/", views.code_create, name="code_create"),
    path("<int:pk>/codes/<int:code_pk>/", views.code_edit, name="code_edit"),
    path("<int:pk>/excerpts/", views.excerpt_list, name="excerpts"),
    path("<int:pk>/export.qdpx", views.project_export, name="project_export"),
    path("<int:pk>/codebook.qdc", views.codebook_export, name="codebook_export"),
    path("<int:pk>/import/", views.project_import, name="project_import"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/correct/", views.source_correct, name="source_correct"),
    path("sources/<int:pk>/codings/", views.coding_create, name="coding_create"),
    path(
        "sources/<int:pk>/codings/<int:coding_pk>/delete/",
        views.coding_delete,
        name="coding_delete",
    ),
    path("sources/<int:pk>/agreement/", views.source_agreement, name="agreement"),
    path("sources/<int:pk>/memos/", views.memo_create, name="memo_create"),
]
