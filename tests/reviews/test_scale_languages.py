"""Scale versions carry their texts per language: IPS-25 in Norwegian and English, any scale file in
several languages, pages in the reader's language with the default text where one is missing."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from reviews.models import FidelityScale, Review, ScaleAnchor, ScaleItem
from reviews.scale_format import ScaleFormatError, parse_scale, publish_problems
from reviews.selectors import band_name, scale_definition
from reviews.services.scales import scale_import, scale_new_draft, scale_translate
from tests.factories import ReviewFactory, final_review, ips25
from tests.reviews.conftest import C1
from tests.reviews.test_scale_format import IPS25_FILE

pytestmark = pytest.mark.django_db
NORWEGIAN = {"HTTP_ACCEPT_LANGUAGE": "nb"}


@pytest.fixture
def ips25_data():
    return json.loads(IPS25_FILE.read_text(encoding="utf-8"))


def page(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


# The shipped IPS-25 ------------------------------------------------------------------------------


def test_ips25_ships_every_text_in_norwegian_beside_the_english_one(ips25_data):
    definition = parse_scale(ips25_data)
    assert definition.language == "en"
    assert definition.translations["nb"]["name"] == "IPS-troskapsskala (IPS-25)"
    assert [s.translations["nb"]["name"] for s in definition.sections] == [
        "Bemanning",
        "Organisering",
        "Tjenester",
    ]
    for item in definition.items:
        norwegian = item.translations["nb"]
        assert set(norwegian) == {"name", "short_name", "assesses", "anchors"}
        assert set(norwegian["anchors"]) == {1, 2, 3, 4, 5}
        assert norwegian["name"] != item.name
    assert [b.translations["nb"]["label"] for b in definition.bands] == [
        "Eksemplarisk troskap",
        "God troskap",
        "Middels troskap",
        "Ikke IPS",
    ]


def test_the_migrations_gave_the_published_ips25_its_norwegian_texts():
    scale = ips25()
    item = scale.items.get(number=18)
    assert item.name == "Job development: quality of employer contact"
    assert item.localized("name", "nb") == "Jobbutvikling: kvaliteten på arbeidsgiverkontakten"
    assert item.anchors.get(score=5).localized("text", "nb").startswith("Jobbspesialistene bygger")
    assert scale.bands.get(min_total=100).localized("label", "nb") == "God troskap"


# Pages in the reader's language ------------------------------------------------------------------


def test_the_rating_sheet_in_norwegian_shows_norwegian_sections_items_and_anchors(
    client_for, review, reviewer
):
    url = reverse("reviews:rate", args=[review.pk])
    html = page(client_for(reviewer), url, **NORWEGIAN)
    assert "1. Antall deltakere per jobbspesialist" in html
    assert "Bemanning" in html
    assert "Hver jobbspesialist følger opp høyst 20 deltakere." in html
    assert "Caseload size" not in html
    english = page(client_for(reviewer), url)
    assert "1. Caseload size" in english
    assert "Every specialist serves at most 20 participants." in english


def test_a_missing_translation_shows_the_english_text_and_never_a_blank(
    client_for, review, reviewer
):
    item = ScaleItem.objects.get(scale=review.scale, number=1)
    # A partial translation, as a scale file may carry: no Norwegian name, no anchor for 5.
    item.translations = {"nb": {"short_name": "Antall deltakere"}}
    item.save()
    ScaleAnchor.objects.filter(item=item, score=5).update(translations={})
    html = page(client_for(reviewer), reverse("reviews:rate", args=[review.pk]), **NORWEGIAN)
    assert "1. Caseload size" in html
    assert "Every specialist serves at most 20 participants." in html
    assert "Jobbspesialistene har langt flere deltakere enn grensen" in html


def test_a_final_review_stores_its_band_in_english_and_shows_it_in_the_readers_language(
    client_for, manager, center, reviewer, colleague
):
    review = final_review(center, [reviewer, colleague], C1)
    assert review.band_label == "Fair fidelity"  # the history keeps the scale's own text
    report = page(client_for(manager), reverse("reviews:report", args=[review.pk]), **NORWEGIAN)
    assert "<strong data-band>Middels troskap</strong>" in report
    assert "Jobbutvikling: kvaliteten på arbeidsgiverkontakten" in report
    assert "IPS-troskapsskala (IPS-25)" in report
    detail = page(client_for(manager), reverse("reviews:detail", args=[review.pk]), **NORWEGIAN)
    assert "Middels troskap" in detail
    bands = review.scale.bands.all()
    with translation.override("nb"):
        assert band_name(bands, review.total, review.band_label) == "Middels troskap"
    with translation.override("en"):
        assert band_name(bands, review.total, review.band_label) == "Fair fidelity"


def test_the_band_is_found_by_scale_version_and_total_not_by_the_stored_text(
    client_for, manager, center, reviewer, colleague
):
    review = final_review(center, [reviewer, colleague], C1)
    # An older installation could have stored a label the scale no longer has.
    Review.objects.filter(pk=review.pk).update(band_label="Fair")
    html = page(client_for(manager), reverse("reviews:list"), **NORWEGIAN)
    assert "Middels troskap" in html


def test_the_portfolio_filters_by_the_stored_band_and_shows_it_in_norwegian(
    client_for, manager, center, reviewer, colleague
):
    final_review(center, [reviewer, colleague], C1)
    client = client_for(manager)
    html = page(client, reverse("dashboards:portfolio"), **NORWEGIAN)
    assert '<option value="Fair fidelity">Middels troskap</option>' in html
    filtered = page(client, reverse("dashboards:portfolio") + "?band=Fair+fidelity", **NORWEGIAN)
    assert "<td>Middels troskap</td>" in filtered


def test_the_comparison_and_center_dashboard_name_items_and_bands_in_norwegian(
    client_for, manager, center, reviewer, colleague
):
    final_review(center, [reviewer, colleague], C1)
    client = client_for(manager)
    comparison = page(client, reverse("dashboards:comparison"), **NORWEGIAN)
    assert "18. Jobbutvikling: kvaliteten på arbeidsgiverkontakten" in comparison
    dashboard = page(client, reverse("centers:detail", args=[center.pk]), **NORWEGIAN)
    assert "<strong data-band>Middels troskap</strong>" in dashboard
    assert "Eksemplarisk troskap" in dashboard


# The scale file in several languages -------------------------------------------------------------


def test_a_scale_exported_with_two_languages_imports_back_with_both(client_for, admin):
    response = client_for(admin).get(reverse("reviews:scale_export", args=[ips25().pk]))
    exported = json.loads(response.content)
    assert exported["translations"]["nb"]["name"] == "IPS-troskapsskala (IPS-25)"
    imported = scale_import(data=exported)
    assert imported.version == 2
    assert scale_definition(imported).to_data() == {**exported, "version": 2}
    item = imported.items.get(number=13)
    with translation.override("nb"):
        assert item.localized("name") == "Åpenhet om helse overfor arbeidsgiver"
    with translation.override("en"):
        assert item.localized("name") == "Disclosure"


def test_a_new_draft_version_keeps_every_language():
    draft = scale_new_draft(scale=ips25())
    assert scale_definition(draft).to_data() == {
        **scale_definition(ips25()).to_data(),
        "version": 2,
    }


def test_a_translation_may_be_partial_but_the_default_language_must_be_complete(ips25_data):
    partial = copy.deepcopy(ips25_data)
    first = partial["sections"][0]["items"][0]
    first["translations"] = {"nb": {"name": "Antall deltakere", "anchors": {"5": "Høyst 20."}}}
    assert publish_problems(parse_scale(partial)) == []
    missing_english = copy.deepcopy(ips25_data)
    del missing_english["sections"][0]["items"][0]["name"]
    with pytest.raises(ScaleFormatError) as error:
        parse_scale(missing_english)
    assert "“name” must be a non-empty text" in str(error.value)
    missing_anchor = copy.deepcopy(ips25_data)
    del missing_anchor["sections"][0]["items"][0]["anchors"]["5"]
    problems = publish_problems(parse_scale(missing_anchor))
    assert problems == ["Item 1 needs an anchor text for each score 1-5 and no others."]


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"sv": {"name": "Antal"}}, "translations must be into another of the languages en, nb"),
        ({"en": {"name": "Caseload"}}, "translations must be into another of the languages"),
        ({"nb": {"number": "1"}}, "“number” cannot be translated"),
        ({"nb": {"anchors": {"9": "Utenfor"}}}, "Item 1 needs an anchor text for each score 1-5"),
        ({"nb": "Antall"}, "“translations” must map language codes to texts"),
    ],
)
def test_a_bad_translation_in_a_file_is_named_in_the_message(ips25_data, translations, message):
    data = copy.deepcopy(ips25_data)
    data["sections"][0]["items"][0]["translations"] = translations
    with pytest.raises(ScaleFormatError) as error:
        problems = publish_problems(parse_scale(data))
        if problems:
            raise ScaleFormatError(problems)
    assert message in str(error.value)


def test_a_file_in_norwegian_only_imports_with_norwegian_as_its_language(ips25_data):
    data = copy.deepcopy(ips25_data)
    data.update(language="nb", name="IPS-troskapsskala", translations={})
    for section in data["sections"]:
        section.pop("translations")
        for item in section["items"]:
            item.pop("translations")
    for band in data["bands"]:
        band.pop("translations")
    scale = scale_import(data=data)
    assert scale.language == "nb"
    with translation.override("en"):
        assert scale.localized("name") == "IPS-troskapsskala"  # no English: the default text


# The scale editor ------------------------------------------------------------------------------


def test_an_admin_edits_the_norwegian_texts_of_a_draft_leaving_some_empty(client_for, admin):
    draft = scale_new_draft(scale=ips25())
    item = draft.items.get(number=1)
    anchor = item.anchors.get(score=5)
    band = draft.bands.get(min_total=100)
    client = client_for(admin)
    url = reverse("reviews:scale_translate", args=[draft.pk, "nb"])
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[f"item-{item.pk}-name"] = "Antall deltakere per jobbspesialist (revidert)"
    data[f"anchor-{anchor.pk}-text"] = ""
    data[f"band-{band.pk}-label"] = "God IPS-troskap"
    response = client.post(url, {k: v or "" for k, v in data.items()})
    assert response.status_code == 302
    item.refresh_from_db()
    anchor.refresh_from_db()
    band.refresh_from_db()
    assert item.translations["nb"]["name"] == "Antall deltakere per jobbspesialist (revidert)"
    assert item.translations["nb"]["short_name"] == "Antall deltakere per jobbspesialist"
    assert anchor.translations == {}
    assert band.translations["nb"]["label"] == "God IPS-troskap"
    assert publish_problems(scale_definition(draft)) == []
    detail = page(client, reverse("reviews:scale_detail", args=[draft.pk]))
    assert "Norwegian Bokmål: 208 of 209 texts translated" in detail


def test_the_texts_of_a_published_version_or_in_its_own_language_cannot_be_edited(
    client_for, admin
):
    client = client_for(admin)
    published = client.get(reverse("reviews:scale_translate", args=[ips25().pk, "nb"]))
    assert published.status_code == 302
    draft = scale_new_draft(scale=ips25())
    assert client.get(reverse("reviews:scale_translate", args=[draft.pk, "en"])).status_code == 404
    with pytest.raises(ValidationError):
        scale_translate(scale=ips25(), language="nb", rows=[(ips25(), {"name": "Ny"})])


def test_texts_of_another_scale_are_refused():
    draft = scale_new_draft(scale=ips25())
    with pytest.raises(ValidationError):
        scale_translate(
            scale=draft, language="nb", rows=[(ips25().items.get(number=1), {"name": "Ny"})]
        )


def test_an_imported_file_with_norwegian_shows_norwegian_on_the_scale_page(client_for, admin):
    data = json.loads(IPS25_FILE.read_text(encoding="utf-8"))
    data["code"] = "IPS-NB"
    upload = SimpleUploadedFile("ips.json", json.dumps(data).encode(), "application/json")
    client = client_for(admin)
    response = client.post(reverse("reviews:scale_import"), {"file": upload})
    assert response.status_code == 302
    scale = FidelityScale.objects.get(code="IPS-NB")
    html = page(client, reverse("reviews:scale_detail", args=[scale.pk]), **NORWEGIAN)
    assert "Bemanning" in html
    assert "Eksemplarisk troskap" in html
    assert "Hver jobbspesialist følger opp høyst 20 deltakere." in html


def test_a_new_scale_takes_the_language_of_the_admin_who_starts_it(client_for, admin):
    data = {
        "name": "Egenvurdering",
        "code": "EGEN",
        "description": "",
        "min_score": 1,
        "max_score": 5,
        "improvement_at_or_below": 3,
    }
    client = client_for(admin)
    form = client.get(reverse("reviews:scale_create"), **NORWEGIAN).context["form"]
    assert form["language"].value() == "nb"
    response = client.post(reverse("reviews:scale_create"), {**data, "language": "nb"})
    assert response.status_code == 302
    assert FidelityScale.objects.get(code="EGEN").language == "nb"


def test_a_review_planned_in_norwegian_rates_the_same_items_as_in_english(
    client_for, reviewer, colleague, center
):
    review = ReviewFactory(center=center, reviewers=[reviewer, colleague])
    client = client_for(reviewer)
    url = reverse("reviews:rate", args=[review.pk])
    form = client.get(url, **NORWEGIAN).context["form"]
    data = {f"score_{item.pk}": "4" for item in form.items}
    assert client.post(url, data, **NORWEGIAN).status_code in (200, 302)
    assert set(review.ratings.values_list("score", flat=True)) == {4}
