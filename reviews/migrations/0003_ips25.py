"""Load IPS-25 version 1 from reviews/data/ips25.json as a published scale.

The file is the released version 1: never change its English texts, scores or bands (0009 adds its
Norwegian texts). A revised IPS-25 ships as a new file loaded by a
new migration (or is made in the app as a new draft version).
"""

import json
from pathlib import Path

from django.db import migrations

from reviews.services.scales import scale_import

DATA = Path(__file__).resolve().parent.parent / "data" / "ips25.json"


def load(apps, schema_editor):
    scale_import(data=json.loads(DATA.read_text(encoding="utf-8")), publish=True, apps=apps)


def unload(apps, schema_editor):
    apps.get_model("reviews", "FidelityScale").objects.filter(code="IPS-25", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_roles")]

    operations = [migrations.RunPython(load, unload)]
