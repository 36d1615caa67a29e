"""The joint display: item scores beside the excerpts coded to the item."""

import pytest
from django.urls import reverse

from qualitative.models import Source
from qualitative.services import code_create, coding_create, project_create, source_create
from reviews.demo import TABLE_5
from reviews.models import ScaleItem
from tests.factories import final_review, ips25

pytestmark = pytest.mark.django_db
QUOTE = "we have set targets and try to reserve days and times to do that"


@pytest.fixture
def coded(center, admin, reviewer, manager):
    final_review(center, [reviewer], TABLE_5["C2"])
    project = project_create(actor=admin, name="Pilot", centers=[center])
    text = f"IPS specialist A: {QUOTE}. Then lunch."
    source = source_create(
        actor=admin,
        project=project,
        center=center,
        kind=Source.Kind.FOCUS_GROUP,
        title="Focus group",
        text=text,
    )
    item = ScaleItem.objects.get(scale=ips25(), number=18)
    code = code_create(actor=admin, project=project, name="Employer contact", scale_items=[item])
    start = text.index(QUOTE)
    coding_create(actor=admin, source=source, code=code, start=start, end=start + len(QUOTE))
    return source


def test_a_manager_sees_the_excerpt_beside_the_item_score(client_for, manager, coded):
    page = client_for(manager).get(reverse("dashboards:joint_display"))
    text = page.content.decode()
    assert page.status_code == 200
    assert QUOTE in text
    assert "score 1" in text  # C2's score on item 18 (job development quality)
    assert "Then lunch" not in text  # never the whole transcript
    # Items nothing was coded to say so, in their row (24 of the 25 items).
    assert text.count("No excerpts.") == 24


def test_the_joint_display_downloads_as_a_workbook(client_for, manager, coded):
    import io

    from openpyxl import load_workbook

    response = client_for(manager).get(reverse("dashboards:joint_display_export") + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook["Items"].iter_rows(values_only=True) for c in row]
    assert QUOTE in cells
    assert workbook["Statements"]["A1"].value == "Statement"


def test_excerpts_are_counted_once_per_item_and_the_first_ones_kept_per_group(
    center, other_center, admin, reviewer
):
    """Hand-counted: item 17 has three distinct passages at the center (one marked by two coders,
    one by two codes both linked to item 17) and one at the other center; only two are shown per
    group; a center outside the groups is left out."""
    from centers.models import Center
    from qualitative.selectors import grouped_item_excerpts

    project = project_create(actor=admin, name="Counting", centers=[center, other_center])
    words = ["Alpha passage.", "Beta passage.", "Gamma passage.", "Delta passage."]
    text = " ".join(words)

    def spans(source_text):
        return [(source_text.index(w), source_text.index(w) + len(w)) for w in words]

    sources = {}
    for place in (center, other_center):
        sources[place] = source_create(
            actor=admin,
            project=project,
            center=place,
            kind=Source.Kind.FOCUS_GROUP,
            title=f"Focus group {place.code}",
            text=text,
        )
    item_17, item_18 = (ScaleItem.objects.get(scale=ips25(), number=n) for n in (17, 18))
    contact = code_create(actor=admin, project=project, name="Contact", scale_items=[item_17])
    both = code_create(
        actor=admin, project=project, name="Employers", scale_items=[item_17, item_18]
    )
    alpha, beta, gamma, _delta = spans(text)
    home = sources[center]
    coding_create(actor=admin, source=home, code=contact, start=alpha[0], end=alpha[1])
    coding_create(actor=reviewer, source=home, code=contact, start=alpha[0], end=alpha[1])
    coding_create(actor=admin, source=home, code=contact, start=beta[0], end=beta[1])
    coding_create(actor=admin, source=home, code=both, start=beta[0], end=beta[1])
    coding_create(actor=admin, source=home, code=both, start=gamma[0], end=gamma[1])
    away = sources[other_center]
    coding_create(actor=admin, source=away, code=contact, start=alpha[0], end=alpha[1])

    found = grouped_item_excerpts(
        Center.objects.all(), {center.pk: "upper"}, scale_code="IPS-25", shown=2
    )
    assert found[17, "upper"].count == 3
    assert [e.text for e in found[17, "upper"].excerpts] == ["Alpha passage.", "Beta passage."]
    assert found[18, "upper"].count == 2
    assert [e.text for e in found[18, "upper"].excerpts] == ["Beta passage.", "Gamma passage."]
    assert set(found) == {(17, "upper"), (18, "upper")}  # the other center has no group

    every = grouped_item_excerpts(
        Center.objects.all(),
        {center.pk: "upper", other_center.pk: "lower"},
        scale_code="IPS-25",
        shown=None,
    )
    assert len(every[17, "upper"].excerpts) == every[17, "upper"].count == 3
    assert [(e.center_id, e.text) for e in every[17, "lower"].excerpts] == [
        (other_center.pk, "Alpha passage.")
    ]
