from django.db import migrations

from centers.roles import grant_permissions

ADMIN_PERMISSIONS = [
    "reviews.view_review",
    "reviews.view_center_reviews",
    "reviews.add_review",
    "reviews.change_review",
    "reviews.delete_review",
    "reviews.lead_any_review",
    "reviews.reopen_review",
    "reviews.add_rating",
    "reviews.view_rating",
    "reviews.change_consensusscore",
    "reviews.view_fidelityscale",
    "reviews.add_fidelityscale",
    "reviews.change_fidelityscale",
    "reviews.delete_fidelityscale",
]
MANAGER_PERMISSIONS = [
    "reviews.view_review",
    "reviews.view_center_reviews",
    "reviews.view_rating",  # individual ratings, once a review is final
    "reviews.view_fidelityscale",
]
# Reviewers read only the reviews they are assigned to; consensus needs them to be the lead.
REVIEWER_PERMISSIONS = [
    "reviews.view_review",
    "reviews.add_rating",
    "reviews.view_rating",
    "reviews.change_consensusscore",
    "reviews.view_fidelityscale",
]


def grant(apps, schema_editor):
    grant_permissions(apps, "admin", ADMIN_PERMISSIONS)
    grant_permissions(apps, "program manager", MANAGER_PERMISSIONS)
    grant_permissions(apps, "reviewer", REVIEWER_PERMISSIONS)


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(content_type__app_label="reviews").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("centers", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
