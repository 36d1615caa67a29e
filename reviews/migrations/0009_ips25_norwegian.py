"""Add the Norwegian texts of reviews/data/ips25.json to the published IPS-25 version 1.

Only the translations change: the English texts, scores and bands of the released version stay as
they were (0003 loaded them before scales had languages).
"""

import json
from pathlib import Path

from django.db import migrations

from reviews.scale_format import parse_scale

DATA = Path(__file__).resolve().parent.parent / "data" / "ips25.json"


def add_translations(apps, schema_editor):
    scale = (
        apps.get_model("reviews", "FidelityScale").objects.filter(code="IPS-25", version=1).first()
    )
    if scale is None:
        return
    definition = parse_scale(json.loads(DATA.read_text(encoding="utf-8")))
    scale.language = definition.language
    scale.translations = dict(definition.translations)
    scale.save(update_fields=["language", "translations"])
    sections = {s.number: s for s in scale.sections.all()}
    items = {i.number: i for i in scale.items.all()}
    for number, section_definition in enumerate(definition.sections, start=1):
        section = sections[number]
        section.translations = dict(section_definition.translations)
        section.save(update_fields=["translations"])
        for item_definition in section_definition.items:
            item = items[item_definition.number]
            item.translations = {
                language: {k: v for k, v in texts.items() if k != "anchors"}
                for language, texts in item_definition.translations.items()
            }
            item.save(update_fields=["translations"])
            for anchor in item.anchors.all():
                anchor.translations = {
                    language: {"text": texts["anchors"][anchor.score]}
                    for language, texts in item_definition.translations.items()
                    if anchor.score in texts.get("anchors", {})
                }
                anchor.save(update_fields=["translations"])
    labels = {b.min_total: b.translations for b in definition.bands}
    for band in scale.bands.all():
        band.translations = dict(labels.get(band.min_total, {}))
        band.save(update_fields=["translations"])


def remove_translations(apps, schema_editor):
    """Nothing to undo: 0008 reversed drops the fields."""


class Migration(migrations.Migration):
    dependencies = [("reviews", "0008_scale_languages")]

    operations = [migrations.RunPython(add_translations, remove_translations)]
