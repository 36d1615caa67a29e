from django.db import migrations

from centers.roles import grant_permissions

STAFF_PERMISSIONS = [
    "participants.view_participant",
    "participants.add_participant",
    "participants.change_participant",
]
ADMIN_PERMISSIONS = [
    *STAFF_PERMISSIONS,
    "participants.erase_participant",
    "participants.export_participants",
    "participants.view_exact_statistics",
    "participants.view_statement",
    "participants.add_statement",
    "participants.change_statement",
    "participants.view_exportlog",
    "participants.view_eraselog",
]


def grant(apps, schema_editor):
    grant_permissions(apps, "admin", ADMIN_PERMISSIONS)
    grant_permissions(apps, "program manager", STAFF_PERMISSIONS)
    grant_permissions(apps, "reviewer", STAFF_PERMISSIONS)


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(content_type__app_label="participants").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0001_initial"),
        ("centers", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
