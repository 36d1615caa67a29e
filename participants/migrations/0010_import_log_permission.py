from django.db import migrations

from centers.roles import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, "admin", ["participants.view_importlog"])


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(
        content_type__app_label="participants", codename="view_importlog"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0009_imports"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
