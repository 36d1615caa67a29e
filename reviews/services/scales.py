"""Writes for fidelity scales. Only drafts change; a published version never does."""

from collections.abc import Mapping, Sequence

from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsweb.translations import language_codes
from reviews.models import FidelityScale, ScaleAnchor, ScaleBand, ScaleItem, ScaleSection
from reviews.scale_format import (
    ScaleDefinition,
    ScaleFormatError,
    band_overlaps,
    parse_scale,
    publish_problems,
)
from reviews.scoring import Band


def _ensure_draft(scale: FidelityScale) -> None:
    if not FidelityScale.objects.filter(pk=scale.pk, status=FidelityScale.Status.DRAFT).exists():
        raise ValidationError(
            _(
                "%(scale)s is published and cannot change. Create a new draft version to "
                "make changes."
            )
            % {"scale": scale}
        )


def scale_import(*, data: object, publish: bool = False, apps=global_apps) -> FidelityScale:
    """Create a scale version from a decoded scale file (see reviews.scale_format).

    The one loader for scale files: the IPS-25 data migration calls it with the migration's
    ``apps`` and ``publish=True``; admins import files as drafts. The file's version number is
    kept unless that version exists already, then the next free number is used.
    """
    try:
        definition = parse_scale(data)
        if publish and (problems := publish_problems(definition)):
            raise ScaleFormatError(problems)
    except ScaleFormatError as error:
        raise ValidationError(error.problems) from error
    return _create_version(definition, publish=publish, apps=apps)


@transaction.atomic
def _create_version(
    definition: ScaleDefinition, *, publish: bool, apps=global_apps, version: int | None = None
):
    scale_model = apps.get_model("reviews", "FidelityScale")
    section_model = apps.get_model("reviews", "ScaleSection")
    item_model = apps.get_model("reviews", "ScaleItem")
    anchor_model = apps.get_model("reviews", "ScaleAnchor")
    band_model = apps.get_model("reviews", "ScaleBand")
    # The IPS-25 migration (0003) runs before the scales had languages; 0009 adds its texts then.
    languages = any(f.name == "translations" for f in scale_model._meta.get_fields())
    # Facts and suggested-score rules came later still (0010 adds IPS-25's).
    suggestions = any(f.name == "facts" for f in scale_model._meta.get_fields())

    def texts(translations, **more) -> dict:
        return {"translations": _stored(translations), **more} if languages else {}

    versions = set(
        scale_model.objects.filter(code=definition.code).values_list("version", flat=True)
    )
    if version is None:
        version = definition.version if definition.version not in versions else max(versions) + 1
    scale = scale_model(
        code=definition.code,
        name=definition.name,
        version=version,
        status="published" if publish else "draft",
        description=definition.description,
        min_score=definition.min_score,
        max_score=definition.max_score,
        improvement_at_or_below=definition.improvement_at_or_below,
        published_at=timezone.now() if publish else None,
        **texts(definition.translations, language=definition.language),
        **({"facts": [fact.to_data() for fact in definition.facts]} if suggestions else {}),
    )
    scale.full_clean()
    scale.save()
    for number, section_definition in enumerate(definition.sections, start=1):
        section = section_model.objects.create(
            scale=scale,
            number=number,
            name=section_definition.name,
            **texts(section_definition.translations),
        )
        for item_definition in section_definition.items:
            item_texts = {
                language: {k: v for k, v in fields.items() if k != "anchors"}
                for language, fields in item_definition.translations.items()
            }
            item = item_model.objects.create(
                scale=scale,
                section=section,
                number=item_definition.number,
                name=item_definition.name,
                short_name=item_definition.short_name,
                assesses=item_definition.assesses,
                data_sources=list(item_definition.data_sources),
                **texts(item_texts),
                **({"suggestion": _rule_data(item_definition.suggestion)} if suggestions else {}),
            )
            anchor_model.objects.bulk_create(
                anchor_model(
                    item=item,
                    score=score,
                    text=text,
                    **texts(_anchor_translations(item_definition.translations, score)),
                )
                for score, text in item_definition.anchors
            )
    band_model.objects.bulk_create(
        band_model(
            scale=scale,
            min_total=b.min_total,
            max_total=b.max_total,
            label=b.label,
            **texts(b.translations),
        )
        for b in definition.bands
    )
    return scale


def _rule_data(rule) -> dict:
    return rule.to_data() if rule is not None else {}


def _stored(translations) -> dict:
    """Translations as a JSON field stores them: only languages with some text."""
    return {language: dict(fields) for language, fields in translations.items() if fields}


def _anchor_translations(item_translations, score: int) -> dict:
    """One anchor's translations out of its item's: language -> {"text": ...}."""
    return {
        language: {"text": fields["anchors"][score]}
        for language, fields in item_translations.items()
        if score in fields.get("anchors", {})
    }


def scale_create(
    *,
    name: str,
    code: str,
    description: str = "",
    language: str = "en",
    min_score: int,
    max_score: int,
    improvement_at_or_below: int,
) -> FidelityScale:
    """Start a new scale as an empty draft, version 1."""
    if FidelityScale.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A scale with this code exists; create a new version of it instead.")}
        )
    scale = FidelityScale(
        name=name,
        code=code,
        version=1,
        description=description,
        language=language,
        min_score=min_score,
        max_score=max_score,
        improvement_at_or_below=improvement_at_or_below,
    )
    scale.full_clean()
    scale.save()
    return scale


@transaction.atomic
def scale_update(*, scale: FidelityScale) -> FidelityScale:
    """Store changed settings of a draft; anchors for scores outside a narrowed range go."""
    _ensure_draft(scale)
    scale.full_clean()
    scale.save()
    ScaleAnchor.objects.filter(item__scale=scale).exclude(
        score__range=(scale.min_score, scale.max_score)
    ).delete()
    return scale


@transaction.atomic
def scale_set_sections(
    *, scale: FidelityScale, sections: Sequence[tuple[int | None, int, str]]
) -> None:
    """Make a draft's sections exactly these: (id or None for a new one, order, name).

    A section left out is deleted, unless it still has items.
    """
    _ensure_draft(scale)
    keep = {pk for pk, _number, _name in sections if pk}
    doomed = scale.sections.exclude(pk__in=keep)
    in_use = [section.name for section in doomed.filter(items__isnull=False).distinct()]
    if in_use:
        raise ValidationError(
            _("Move or delete the items of these sections first: %(names)s.")
            % {"names": ", ".join(in_use)}
        )
    numbers = [number for _pk, number, _name in sections]
    if len(numbers) != len(set(numbers)):
        raise ValidationError(_("Two sections cannot have the same order number."))
    doomed.delete()
    existing = {section.pk: section for section in scale.sections.all()}
    # Park kept sections on free numbers first so swapping two numbers never collides.
    offset = max([*numbers, *(s.number for s in existing.values()), 0]) + 1
    for index, section in enumerate(existing.values()):
        section.number = offset + index
        section.save(update_fields=["number"])
    for pk, number, name in sections:
        section = existing.get(pk) or ScaleSection(scale=scale)
        section.number, section.name = number, name
        section.full_clean()
        section.save()


@transaction.atomic
def scale_set_bands(*, scale: FidelityScale, bands: Sequence[Band]) -> None:
    """Replace a draft's bands. They may not overlap; that they cover every possible total is
    checked when publishing, since the number of items may still change."""
    _ensure_draft(scale)
    if problems := band_overlaps(bands):
        raise ValidationError(problems)
    scale.bands.all().delete()
    for band in bands:
        row = ScaleBand(
            scale=scale, min_total=band.min_total, max_total=band.max_total, label=band.label
        )
        row.full_clean()
        row.save()


@transaction.atomic
def scale_item_save(
    *, scale: FidelityScale, item: ScaleItem, anchors: Mapping[int, str]
) -> ScaleItem:
    """Store a new or changed item of a draft with its anchor texts (score -> text).

    An empty text removes that score's anchor; publishing needs every anchor.
    """
    _ensure_draft(scale)
    item.scale = scale
    if item.section_id and item.section.scale_id != scale.pk:
        raise ValidationError({"section": _("Choose a section of this scale.")})
    unknown = set(item.data_sources) - set(ScaleItem.DataSource.values)
    if unknown:
        raise ValidationError({"data_sources": _("Unknown data source.")})
    outside = [s for s in anchors if s not in scale.score_choices]
    if outside:
        raise ValidationError(_("Anchors must be for scores within the scale's range."))
    item.full_clean()
    item.save()
    for score, text in anchors.items():
        if text.strip():
            ScaleAnchor.objects.update_or_create(
                item=item, score=score, defaults={"text": text.strip()}
            )
        else:
            ScaleAnchor.objects.filter(item=item, score=score).delete()
    return item


@transaction.atomic
def scale_translate(
    *, scale: FidelityScale, language: str, rows: Sequence[tuple[object, Mapping[str, str]]]
) -> None:
    """Set the texts of a draft's rows (the scale, its sections, items, anchors and bands) in
    another language than the scale's own. A translation may be partial: an empty text removes
    it, and pages then show the default text."""
    _ensure_draft(scale)
    if language == scale.language or language not in language_codes():
        raise ValidationError(
            _("Choose a language other than the scale's own: %(codes)s.")
            % {"codes": ", ".join(c for c in language_codes() if c != scale.language)}
        )
    for row, texts in rows:
        if isinstance(row, FidelityScale):
            owner_id = row.pk
        else:
            owner_id = row.item.scale_id if isinstance(row, ScaleAnchor) else row.scale_id
        if owner_id != scale.pk:
            raise ValidationError(_("These texts belong to another scale."))
        translations = dict(row.translations)
        translations[language] = {**translations.get(language, {}), **texts}
        row.translations = translations
        row.full_clean()
        row.save(update_fields=["translations"])


def scale_item_delete(*, item: ScaleItem) -> None:
    _ensure_draft(item.scale)
    item.delete()


def scale_publish(*, scale: FidelityScale) -> FidelityScale:
    """Publish a complete draft. From now on it never changes and reviews can use it."""
    from reviews.selectors import scale_definition

    _ensure_draft(scale)
    problems = publish_problems(scale_definition(scale))
    if problems:
        raise ValidationError(problems)
    scale.status = FidelityScale.Status.PUBLISHED
    scale.published_at = timezone.now()
    scale.full_clean()
    scale.save(update_fields=["status", "published_at"])
    return scale


def scale_new_draft(*, scale: FidelityScale) -> FidelityScale:
    """Start the next version of a published scale as a draft copy (sections, items, bands)."""
    from reviews.selectors import scale_definition

    if scale.is_draft:
        raise ValidationError(_("This version is still a draft: edit it directly."))
    draft = FidelityScale.objects.filter(code=scale.code, status=FidelityScale.Status.DRAFT)
    if draft.exists():
        raise ValidationError(
            _("%(scale)s is already being drafted: edit that draft instead.")
            % {"scale": draft.first()}
        )
    latest = FidelityScale.objects.filter(code=scale.code).order_by("-version").first()
    new = _create_version(scale_definition(scale), publish=False, version=latest.version + 1)
    _copy_review_cadence(scale, new)
    return new


def _copy_review_cadence(source: FidelityScale, target: FidelityScale) -> None:
    """The months to the next review of each band, onto the band starting at the same total."""
    months = dict(source.bands.values_list("min_total", "review_interval_months"))
    for band in target.bands.all():
        if months.get(band.min_total) is not None:
            band.review_interval_months = months[band.min_total]
            band.save(update_fields=["review_interval_months"])


def scale_delete_draft(*, scale: FidelityScale) -> None:
    _ensure_draft(scale)
    scale.delete()
