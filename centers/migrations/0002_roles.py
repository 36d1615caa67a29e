from django.db import migrations

from centers.roles import grant_permissions

ADMIN_PERMISSIONS = [
    "centers.add_center",
    "centers.change_center",
    "centers.view_center",
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "auth.view_group",
]
READER_PERMISSIONS = ["centers.view_center"]


def create_roles(apps, schema_editor):
    grant_permissions(apps, "admin", ADMIN_PERMISSIONS)
    grant_permissions(apps, "program manager", READER_PERMISSIONS)
    grant_permissions(apps, "reviewer", READER_PERMISSIONS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["admin", "program manager", "reviewer"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
