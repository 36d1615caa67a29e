"""Scale services: IPS-25 as shipped data, immutable published versions, drafts."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.models import FidelityScale, ScaleAnchor, ScaleBand, ScaleItem, ScaleSection
from reviews.scoring import Band
from reviews.selectors import scale_definition
from reviews.services import scales as services
from tests.factories import ips25
from tests.reviews.test_scale_format import IPS25_FILE

pytestmark = pytest.mark.django_db


def snapshot(scale: FidelityScale):
    return json.dumps(scale_definition(scale).to_data(), sort_keys=True)


def small_scale_data(code="GOI-3", version=1) -> dict:
    """A made-up three-item scale with another range (0-4), as an admin might define."""
    return {
        "format": "ipsweb-scale/1",
        "code": code,
        "name": "Small test scale",
        "version": version,
        "min_score": 0,
        "max_score": 4,
        "improvement_at_or_below": 1,
        "sections": [
            {
                "name": "Only section",
                "items": [
                    {
                        "number": n,
                        "name": f"Item {n}",
                        "short_name": f"I{n}",
                        "assesses": "Something.",
                        "data_sources": ["INT"],
                        "anchors": {str(s): f"Level {s}" for s in range(5)},
                    }
                    for n in (1, 2, 3)
                ],
            }
        ],
        "bands": [
            {"min_total": 8, "max_total": 12, "label": "High"},
            {"min_total": 0, "max_total": 7, "label": "Low"},
        ],
    }


def test_the_migration_published_ips25_version_1_with_all_its_parts():
    scale = ips25()
    assert scale.status == FidelityScale.Status.PUBLISHED
    assert scale.published_at is not None
    assert (scale.min_score, scale.max_score, scale.improvement_at_or_below) == (1, 5, 3)
    assert scale.items.count() == 25
    assert ScaleAnchor.objects.filter(item__scale=scale).count() == 125
    assert list(scale.sections.values_list("name", flat=True)) == [
        "Staffing",
        "Organization",
        "Services",
    ]
    assert scale.items.get(number=24).data_sources == ["DOC", "INT", "MIS"]
    assert [str(b) for b in scale.bands.all()] == [
        "115-125 Exemplary fidelity",
        "100-114 Good fidelity",
        "74-99 Fair fidelity",
        "25-73 Not supported employment",
    ]


def test_the_migrated_scale_matches_the_shipped_file():
    data = json.loads(IPS25_FILE.read_text(encoding="utf-8"))
    assert scale_definition(ips25()).to_data() == data


def test_a_published_version_refuses_every_edit_and_stays_the_same():
    scale = ips25()
    before = snapshot(scale)
    item = scale.items.get(number=1)
    item.name = "Changed"
    attempts = [
        lambda: services.scale_update(scale=scale),
        lambda: services.scale_item_save(scale=scale, item=item, anchors={5: "Changed"}),
        lambda: services.scale_item_delete(item=item),
        lambda: services.scale_set_bands(scale=scale, bands=[Band(25, 125, "All")]),
        lambda: services.scale_set_sections(scale=scale, sections=[]),
        lambda: services.scale_publish(scale=scale),
        lambda: services.scale_delete_draft(scale=scale),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="published and cannot change"):
            attempt()
    scale.refresh_from_db()
    assert snapshot(scale) == before
    assert ScaleItem.objects.get(pk=item.pk).name == "Caseload size"


def test_editing_a_published_scale_starts_a_new_draft_version_with_a_full_copy():
    published = ips25()
    draft = services.scale_new_draft(scale=published)
    assert (draft.code, draft.version, draft.status) == ("IPS-25", 2, "draft")
    assert snapshot(draft) == snapshot(published).replace('"version": 1', '"version": 2')
    assert set(draft.items.values_list("pk", flat=True)).isdisjoint(
        published.items.values_list("pk", flat=True)
    )


def test_a_scale_has_at_most_one_draft_at_a_time():
    services.scale_new_draft(scale=ips25())
    with pytest.raises(ValidationError, match="already being drafted"):
        services.scale_new_draft(scale=ips25())
    with transaction.atomic(), pytest.raises(IntegrityError):
        FidelityScale.objects.create(code="IPS-25", name="x", version=9)


def test_a_draft_is_edited_and_published_and_then_frozen():
    draft = services.scale_new_draft(scale=ips25())
    item = draft.items.get(number=24)
    item.short_name = "Out in the community"
    services.scale_item_save(
        scale=draft, item=item, anchors={5: "Most of the week is spent in the community."}
    )
    services.scale_publish(scale=draft)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.items.get(number=24).anchor_texts()[5].startswith("Most of the week")
    assert ips25().items.get(number=24).short_name == "Community-based services"
    with pytest.raises(ValidationError):
        services.scale_item_save(scale=draft, item=item, anchors={})


def test_an_incomplete_draft_cannot_be_published_and_says_why():
    draft = services.scale_new_draft(scale=ips25())
    item = draft.items.get(number=7)
    services.scale_item_save(scale=draft, item=item, anchors={3: ""})
    services.scale_set_bands(scale=draft, bands=[])
    with pytest.raises(ValidationError) as raised:
        services.scale_publish(scale=draft)
    assert "Item 7 needs an anchor text for each score 1-5 and no others." in raised.value.messages
    assert "Add bands covering the totals 25-125." in raised.value.messages
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_bands_of_a_draft_may_not_overlap():
    draft = services.scale_new_draft(scale=ips25())
    with pytest.raises(ValidationError, match="“Low” and “High” overlap"):
        services.scale_set_bands(scale=draft, bands=[Band(25, 100, "Low"), Band(100, 125, "High")])
    assert draft.bands.count() == 4
    services.scale_set_bands(scale=draft, bands=[Band(25, 99, "Low"), Band(100, 125, "High")])
    assert list(draft.bands.values_list("label", flat=True)) == ["High", "Low"]


def test_bands_that_leave_a_gap_can_be_saved_in_a_draft_but_not_published():
    draft = services.scale_new_draft(scale=ips25())
    services.scale_set_bands(scale=draft, bands=[Band(25, 99, "Low"), Band(101, 125, "High")])
    with pytest.raises(ValidationError, match="“High” starts at 101, expected 100"):
        services.scale_publish(scale=draft)


def test_a_section_with_items_cannot_be_deleted_but_sections_can_be_renamed_and_reordered():
    draft = services.scale_new_draft(scale=ips25())
    staffing, organization, services_section = draft.sections.all()
    with pytest.raises(ValidationError, match="Staffing"):
        services.scale_set_sections(
            scale=draft,
            sections=[(organization.pk, 1, "Organization"), (services_section.pk, 2, "Services")],
        )
    services.scale_set_sections(
        scale=draft,
        sections=[
            (staffing.pk, 3, "Staff"),
            (organization.pk, 1, "Organization"),
            (services_section.pk, 2, "Services"),
            (None, 4, "Spare"),
        ],
    )
    assert list(draft.sections.values_list("name", flat=True)) == [
        "Organization",
        "Services",
        "Staff",
        "Spare",
    ]


def test_narrowing_a_drafts_range_removes_anchors_outside_it():
    draft = services.scale_new_draft(scale=ips25())
    draft.max_score = 4
    draft.improvement_at_or_below = 2
    services.scale_update(scale=draft)
    assert not ScaleAnchor.objects.filter(item__scale=draft, score=5).exists()
    assert ScaleAnchor.objects.filter(item__scale=draft, score=4).count() == 25


def test_an_item_must_belong_to_a_section_of_its_own_scale():
    draft = services.scale_new_draft(scale=ips25())
    item = draft.items.get(number=1)
    item.section = ips25().sections.first()
    with pytest.raises(ValidationError, match="section of this scale"):
        services.scale_item_save(scale=draft, item=item, anchors={})


def test_an_admin_defines_another_scale_from_a_file_without_code():
    scale = services.scale_import(data=small_scale_data())
    assert (scale.code, scale.version, scale.status) == ("GOI-3", 1, "draft")
    assert scale.score_choices == [0, 1, 2, 3, 4]
    services.scale_publish(scale=scale)
    assert FidelityScale.objects.get(pk=scale.pk).status == "published"


def test_importing_a_version_that_exists_makes_the_next_version():
    services.scale_import(data=small_scale_data(), publish=True)
    again = services.scale_import(data=small_scale_data())
    assert again.version == 2


def test_a_bad_file_imports_nothing_and_says_what_is_wrong():
    data = copy.deepcopy(small_scale_data())
    data["sections"][0]["items"][1]["number"] = 1
    with pytest.raises(ValidationError, match="Item numbers used twice"):
        services.scale_import(data=data)
    assert not FidelityScale.objects.filter(code="GOI-3").exists()
    assert not ScaleSection.objects.filter(name="Only section").exists()


def test_a_new_scale_starts_as_an_empty_draft():
    scale = services.scale_create(
        name="Self-assessment", code="SA-1", min_score=1, max_score=3, improvement_at_or_below=1
    )
    assert (scale.version, scale.status, scale.items.count()) == (1, "draft", 0)
    with pytest.raises(ValidationError, match="no items"):
        services.scale_publish(scale=scale)
    with pytest.raises(ValidationError, match="exists"):
        services.scale_create(
            name="Again", code="SA-1", min_score=1, max_score=3, improvement_at_or_below=1
        )


def test_the_database_refuses_a_scale_range_outside_the_generic_bound():
    with transaction.atomic(), pytest.raises(IntegrityError):
        FidelityScale.objects.create(code="X", name="x", version=1, min_score=1, max_score=11)
    with transaction.atomic(), pytest.raises(IntegrityError):
        FidelityScale.objects.create(code="Y", name="y", version=1, min_score=4, max_score=2)


def test_the_database_refuses_a_band_that_ends_before_it_starts():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ScaleBand.objects.create(scale=ips25(), min_total=50, max_total=40, label="Odd")
