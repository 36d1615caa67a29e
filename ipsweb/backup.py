"""Whole-dataset backup as versioned JSON: `manage.py export_all FILE` and `import_all FILE`.

The file holds every row of the project's own apps and of the users, with their audit history, in
Django's serializer format inside a small envelope:

    {"format": "ipsweb-backup", "version": 1, "exported_at": "...",
     "migrations": {"centers": "0003_history", ...}, "objects": [...]}

Left out on purpose: permissions, content types and the role groups (the migrations create them;
rows point at them by natural key), sessions, login-attempt records, Django-admin log entries and
the data stamp (ipsweb.caching: a marker of the last change, not data).
An import goes into an empty database migrated to the same state, all or nothing.
"""

import datetime
import json
import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

FORMAT = "ipsweb-backup"
VERSION = 1
PROJECT_APPS = ["centers", "reviews", "participants", "qualitative"]


class BackupError(Exception):
    """A backup file that cannot be imported here; the message says why."""


def backed_up_models() -> list:
    """Users and every model of the project's apps, parents before the rows that point to them."""
    app_models = [(apps.get_app_config("auth"), [get_user_model()])]
    for label in PROJECT_APPS:
        if apps.is_installed(label):
            config = apps.get_app_config(label)
            app_models.append((config, list(config.get_models())))
    return serializers.sort_dependencies(app_models, allow_cycles=True)


def applied_migrations() -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app in PROJECT_APPS or app == "auth":
            latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def export_dataset() -> dict:
    objects = []
    for model in backed_up_models():
        objects.extend(
            serializers.serialize(
                "python",
                model._default_manager.order_by("pk"),
                use_natural_foreign_keys=True,
            )
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": applied_migrations(),
        "objects": objects,
    }


class BackupEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def write_dataset(path: str) -> int:
    data = export_dataset()
    # Health data: only the owner may read the file, also when it replaces a wider one.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with open(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle, cls=BackupEncoder, ensure_ascii=False, indent=1)
    return len(data["objects"])


def read_dataset(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"{path} is not a JSON file.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not an ipsweb backup (no '{FORMAT}' format marker).")
    if data.get("version") != VERSION:
        raise BackupError(
            f"{path} is backup format version {data.get('version')}; this ipsweb reads "
            f"version {VERSION}."
        )
    return data


def broken_references(models) -> list[str]:
    """Each row of ``models`` (and of their many-to-many tables) whose foreign key points at no row.

    The database checks foreign keys only when the import commits, and would then report the
    first broken one as a bare IntegrityError; this names every row while the import can still be
    refused cleanly. History rows are left out: they may point at rows deleted since.
    """
    tables = set(models) | {
        field.remote_field.through for model in models for field in model._meta.local_many_to_many
    }
    broken = []
    for model in sorted(tables, key=lambda m: m._meta.label):
        for field in model._meta.concrete_fields:
            if not field.is_relation or not field.db_constraint:
                continue
            target = field.related_model
            existing = target._base_manager.values(field.target_field.attname)
            orphans = (
                model._base_manager.filter(**{f"{field.attname}__isnull": False})
                .exclude(**{f"{field.attname}__in": existing})
                .order_by("pk")
                .values_list("pk", field.attname)
            )
            broken += [
                f"{model._meta.label} pk={pk}: {field.name} = {value}, but there is no "
                f"{target._meta.label} with {field.target_field.attname} = {value}"
                for pk, value in orphans
            ]
    return broken


def import_dataset(data: dict) -> int:
    """Load a backup into this database; refuses unless it is empty and migrated alike."""
    here = applied_migrations()
    if data.get("migrations") != here:
        raise BackupError(
            "The backup was made at another database version. Backup: "
            f"{data.get('migrations')}; this database: {here}. Upgrade or downgrade the app "
            "so both match, then import again."
        )
    if get_user_model().objects.exists() or apps.get_model("centers", "Center").objects.exists():
        raise BackupError(
            "This database already holds users or centers; import needs an empty one."
        )
    models = set()
    # The rows carry their own history; restoring them must not write new history entries.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        try:
            for item in serializers.deserialize("python", data["objects"]):
                item.save()
                models.add(type(item.object))
        except Exception as error:  # any bad row undoes the whole import
            raise BackupError(f"The backup could not be loaded: {error}") from None
        broken = broken_references(models)
        if broken:
            raise BackupError(
                "The backup could not be loaded; nothing was imported. Rows that point at a row "
                "the backup does not hold:\n" + "\n".join(broken)
            )
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(statement)
    return len(data["objects"])
