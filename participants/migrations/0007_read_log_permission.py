from django.db import migrations

from centers.roles import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, "admin", ["participants.view_readlog"])


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(
        content_type__app_label="participants", codename="view_readlog"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_read_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
