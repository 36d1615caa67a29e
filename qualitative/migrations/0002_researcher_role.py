from django.db import migrations

from centers.roles import grant_permissions

# Researchers see their centers and work on the qualitative side; the scope rules (which sources)
# live in qualitative.access.
RESEARCHER_PERMISSIONS = [
    "centers.view_center",
    "qualitative.view_project",
    "qualitative.view_source",
    "qualitative.add_source",
    "qualitative.view_code",
    "qualitative.add_code",
    "qualitative.change_code",
    "qualitative.add_coding",
    "qualitative.delete_coding",
    "qualitative.add_memo",
]
# Reviewers add, code and annotate the notes of the reviews they are on (and nothing else).
REVIEWER_PERMISSIONS = [
    "qualitative.view_source",
    "qualitative.add_source",
    "qualitative.add_coding",
    "qualitative.delete_coding",
    "qualitative.add_memo",
]
ADMIN_PERMISSIONS = [
    *RESEARCHER_PERMISSIONS,
    "qualitative.add_project",
    "qualitative.change_project",
]


def grant(apps, schema_editor):
    grant_permissions(apps, "researcher", RESEARCHER_PERMISSIONS)
    grant_permissions(apps, "reviewer", REVIEWER_PERMISSIONS)
    grant_permissions(apps, "admin", ADMIN_PERMISSIONS)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="researcher").delete()
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="qualitative"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("qualitative", "0001_initial"),
        ("centers", "0010_data_stamp_moved_to_ipsweb"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
