from decimal import Decimal

from django.db import migrations

from centers.roles import grant_permissions

ADMIN_PERMISSIONS = [
    "centers.add_employmentoutcome",
    "centers.change_employmentoutcome",
    "centers.view_employmentoutcome",
    "centers.add_outcomebenchmark",
    "centers.change_outcomebenchmark",
    "centers.view_outcomebenchmark",
]
# Managers and reviewers read the outcomes of the centers in their scope.
READER_PERMISSIONS = ["centers.view_employmentoutcome", "centers.view_outcomebenchmark"]

# Learning-community benchmarks (DOMAIN.md marks them "check"): data that admins can change.
DEFAULT_BENCHMARKS = [
    ("Minimal", Decimal("31"), 10),
    ("Average", Decimal("41"), 20),
    ("Excellent", Decimal("50"), 30),
]


def grant(apps, schema_editor):
    grant_permissions(apps, "admin", ADMIN_PERMISSIONS)
    grant_permissions(apps, "program manager", READER_PERMISSIONS)
    grant_permissions(apps, "reviewer", READER_PERMISSIONS)


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permissions = permission_model.objects.filter(
        content_type__app_label="centers",
        codename__in=[p.split(".")[1] for p in ADMIN_PERMISSIONS],
    )
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*permissions)


def add_benchmarks(apps, schema_editor):
    benchmark_model = apps.get_model("centers", "OutcomeBenchmark")
    for label, rate, order in DEFAULT_BENCHMARKS:
        benchmark_model.objects.get_or_create(
            label=label, defaults={"rate_percent": rate, "order": order}
        )


def remove_benchmarks(apps, schema_editor):
    apps.get_model("centers", "OutcomeBenchmark").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0003_employment_outcomes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(add_benchmarks, remove_benchmarks),
    ]
