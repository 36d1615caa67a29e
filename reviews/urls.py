from django.urls import path

from reviews.views import actions, consensus, follow_up, rating, reviews, scales

app_name = "reviews"

urlpatterns = [
    path("", reviews.review_list, name="list"),
    path("mine/", reviews.my_reviews, name="mine"),
    path("new/", reviews.review_create, name="create"),
    path("<int:pk>/", reviews.review_detail, name="detail"),
    path("<int:pk>/plan/", reviews.review_edit, name="edit"),
    path("<int:pk>/delete/", reviews.review_delete, name="delete"),
    path("<int:pk>/rate/", rating.rating_sheet, name="rate"),
    path("<int:pk>/rate/complete/", rating.rating_complete, name="rate_complete"),
    path("<int:pk>/rate/autosave/", rating.rating_autosave, name="autosave"),
    path("<int:pk>/consensus/", consensus.consensus, name="consensus"),
    path("<int:pk>/strengths/", reviews.review_strengths, name="strengths"),
    path("<int:pk>/finalize/", reviews.review_finalize, name="finalize"),
    path("<int:pk>/reopen/", reviews.review_reopen, name="reopen"),
    path("<int:pk>/report/", reviews.review_report, name="report"),
    path("<int:pk>/actions/new/", actions.action_create, name="action_create"),
    path("<int:pk>/actions/<int:action_pk>/", actions.action_edit, name="action_edit"),
    path("<int:pk>/actions/<int:action_pk>/delete/", actions.action_delete, name="action_delete"),
    path("<int:pk>/follow-up/", follow_up.follow_up_links, name="follow_up_links"),
    path(
        "<int:pk>/follow-up/<int:link_pk>/revoke/",
        follow_up.follow_up_link_revoke,
        name="follow_up_link_revoke",
    ),
    path("scales/", scales.scale_list, name="scale_list"),
    path("scales/new/", scales.scale_create, name="scale_create"),
    path("scales/import/", scales.scale_import, name="scale_import"),
    path("scales/<int:pk>/", scales.scale_detail, name="scale_detail"),
    path("scales/<int:pk>/edit/", scales.scale_edit, name="scale_edit"),
    path("scales/<int:pk>/sections/", scales.scale_sections, name="scale_sections"),
    path("scales/<int:pk>/bands/", scales.scale_bands, name="scale_bands"),
    path(
        "scales/<int:pk>/translate/<str:language>/",
        scales.scale_translate,
        name="scale_translate",
    ),
    path("scales/<int:pk>/items/new/", scales.scale_item_create, name="scale_item_create"),
    path("scales/<int:pk>/items/<int:item_pk>/", scales.scale_item_edit, name="scale_item_edit"),
    path(
        "scales/<int:pk>/items/<int:item_pk>/delete/",
        scales.scale_item_delete,
        name="scale_item_delete",
    ),
    path("scales/<int:pk>/publish/", scales.scale_publish, name="scale_publish"),
    path("scales/<int:pk>/new-version/", scales.scale_new_version, name="scale_new_version"),
    path("scales/<int:pk>/export/", scales.scale_export, name="scale_export"),
    path("scales/<int:pk>/delete/", scales.scale_delete, name="scale_delete"),
]
