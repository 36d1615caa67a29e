"""The app's own pages for keeping scales: list, detail, drafts, import and export."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import FidelityScale
from reviews.services.scales import scale_new_draft
from tests.factories import ips25
from tests.reviews.test_scale_services import small_scale_data

pytestmark = pytest.mark.django_db


def upload(data, name="scale.json"):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_the_scale_list_shows_every_version_with_its_status(client_for, admin):
    scale_new_draft(scale=ips25())
    html = client_for(admin).get(reverse("reviews:scale_list")).content.decode()
    assert html.count("IPS Fidelity Scale (IPS-25)") == 2
    assert "Draft" in html and "Published" in html


def test_the_detail_page_shows_sections_items_anchors_and_bands(client_for, manager):
    html = (
        client_for(manager).get(reverse("reviews:scale_detail", args=[ips25().pk])).content.decode()
    )
    assert "Organization" in html
    assert "25. Assertive engagement and outreach by the integrated treatment team" in html
    assert "Specialists spend 65% or more of their time out of the office." in html
    assert "74\u201399" in html  # an en dash between the totals


def test_a_published_scale_offers_a_new_version_instead_of_edits(client_for, admin):
    scale = ips25()
    client = client_for(admin)
    html = client.get(reverse("reviews:scale_detail", args=[scale.pk])).content.decode()
    assert reverse("reviews:scale_new_version", args=[scale.pk]) in html
    assert reverse("reviews:scale_edit", args=[scale.pk]) not in html
    response = client.get(reverse("reviews:scale_edit", args=[scale.pk]), follow=True)
    assert "published and cannot change" in response.content.decode()
    item = scale.items.get(number=1)
    client.post(
        reverse("reviews:scale_item_edit", args=[scale.pk, item.pk]),
        {"number": 1, "section": item.section_id, "name": "Changed", "short_name": "X"},
    )
    assert ips25().items.get(number=1).name == "Caseload size"


def test_an_admin_makes_a_new_version_edits_an_item_and_publishes_it(client_for, admin):
    client = client_for(admin)
    response = client.post(reverse("reviews:scale_new_version", args=[ips25().pk]), follow=True)
    draft = FidelityScale.objects.get(version=2)
    assert response.redirect_chain[-1][0] == reverse("reviews:scale_detail", args=[draft.pk])
    item = draft.items.get(number=24)
    url = reverse("reviews:scale_item_edit", args=[draft.pk, item.pk])
    form = client.get(url).context["anchors"]
    assert [f.initial["score"] for f in form.forms] == [5, 4, 3, 2, 1]
    data = {
        "number": 24,
        "section": item.section_id,
        "name": item.name,
        "short_name": "Community",
        "assesses": item.assesses,
        "data_sources": ["DOC", "OBS"],
        "anchors-TOTAL_FORMS": "5",
        "anchors-INITIAL_FORMS": "5",
    }
    for index, score in enumerate([5, 4, 3, 2, 1]):
        data[f"anchors-{index}-score"] = score
        data[f"anchors-{index}-text"] = f"Our own words for {score}"
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.short_name, item.data_sources) == ("Community", ["DOC", "OBS"])
    assert item.anchor_texts()[3] == "Our own words for 3"
    client.post(reverse("reviews:scale_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_publishing_an_incomplete_draft_explains_what_is_missing(client_for, admin):
    draft = scale_new_draft(scale=ips25())
    draft.bands.all().delete()
    response = client_for(admin).post(
        reverse("reviews:scale_publish", args=[draft.pk]), follow=True
    )
    html = response.content.decode()
    assert "cannot be published yet" in html
    assert "Add bands covering the totals 25-125." in html


def test_an_admin_edits_the_bands_of_a_draft_with_a_formset(client_for, admin):
    draft = scale_new_draft(scale=ips25())
    url = reverse("reviews:scale_bands", args=[draft.pk])
    data = {"bands-TOTAL_FORMS": "5", "bands-INITIAL_FORMS": "4"}
    rows = [("100", "125", "High", ""), ("25", "99", "Low", ""), ("74", "99", "Fair", "on")]
    rows += [("25", "73", "Not", "on"), ("", "", "", "")]
    for index, (low, high, label, delete) in enumerate(rows):
        data[f"bands-{index}-min_total"] = low
        data[f"bands-{index}-max_total"] = high
        data[f"bands-{index}-label"] = label
        if delete:
            data[f"bands-{index}-DELETE"] = delete
    assert client_for(admin).post(url, data).status_code == 302
    assert [str(b) for b in draft.bands.all()] == ["100-125 High", "25-99 Low"]
    data["bands-1-max_total"] = "110"
    response = client_for(admin).post(url, data)
    assert "“Low” and “High” overlap" in response.content.decode()


def test_an_admin_renames_and_adds_sections_of_a_draft(client_for, admin):
    draft = scale_new_draft(scale=ips25())
    sections = list(draft.sections.all())
    data = {"sections-TOTAL_FORMS": "4", "sections-INITIAL_FORMS": "3"}
    for index, section in enumerate(sections):
        data[f"sections-{index}-id"] = section.pk
        data[f"sections-{index}-number"] = section.number
        data[f"sections-{index}-name"] = section.name.upper()
    data.update({"sections-3-number": "4", "sections-3-name": "Extra"})
    assert (
        client_for(admin).post(reverse("reviews:scale_sections", args=[draft.pk]), data).status_code
        == 302
    )
    assert list(draft.sections.values_list("name", flat=True)) == [
        "STAFFING",
        "ORGANIZATION",
        "SERVICES",
        "Extra",
    ]


def test_an_admin_imports_a_scale_file_as_a_draft(client_for, admin):
    response = client_for(admin).post(
        reverse("reviews:scale_import"), {"file": upload(small_scale_data())}, follow=True
    )
    scale = FidelityScale.objects.get(code="GOI-3")
    assert scale.status == "draft"
    assert "imported as draft GOI-3 v1" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "not a readable JSON file"),
        (b"{broken", "not a readable JSON file"),
        (b"[]", "one JSON object"),
    ],
)
def test_a_broken_file_is_refused_with_a_message(client_for, admin, content, message):
    response = client_for(admin).post(reverse("reviews:scale_import"), {"file": upload(content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FidelityScale.objects.count() == 1


def test_an_exported_scale_imports_back_as_the_next_version(client_for, admin):
    client = client_for(admin)
    response = client.get(reverse("reviews:scale_export", args=[ips25().pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ips-25-v1.json"'
    data = json.loads(response.content)
    assert data["sections"][0]["items"][0]["short_name"] == "Case load size"
    client.post(reverse("reviews:scale_import"), {"file": upload(response.content)})
    copy = FidelityScale.objects.get(code="IPS-25", version=2)
    assert copy.items.count() == 25


def test_an_admin_starts_a_new_scale_and_deletes_the_draft(client_for, admin):
    client = client_for(admin)
    client.post(
        reverse("reviews:scale_create"),
        {
            "name": "Team self-assessment",
            "code": "sa-1",
            "min_score": 1,
            "max_score": 4,
            "improvement_at_or_below": 2,
        },
    )
    scale = FidelityScale.objects.get(code="SA-1")
    client.post(reverse("reviews:scale_delete", args=[scale.pk]))
    assert not FidelityScale.objects.filter(code="SA-1").exists()
    client.post(reverse("reviews:scale_delete", args=[ips25().pk]))
    assert FidelityScale.objects.filter(code="IPS-25").exists()


def test_a_scale_file_limit_is_one_mebibyte_as_for_every_upload(client_for, admin):
    """1,000,001 bytes passed the size check (1 MB) on main; every upload now shares 1 MiB."""
    padded = json.dumps(small_scale_data())
    under = (padded + " " * (1024 * 1024 - len(padded))).encode()
    client = client_for(admin)
    response = client.post(reverse("reviews:scale_import"), {"file": upload(under)}, follow=True)
    assert "the limit is" not in response.content.decode()
    assert FidelityScale.objects.count() == 2
    over = client.post(reverse("reviews:scale_import"), {"file": upload(under + b" ")})
    assert "the limit is 1 MiB (1,048,576 bytes)." in over.content.decode()
