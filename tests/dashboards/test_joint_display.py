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


def test_the_joint_display_downloads_as_a_workbook(client_for, manager, coded):
    import io

    from openpyxl import load_workbook

    response = client_for(manager).get(reverse("dashboards:joint_display_export") + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook["Items"].iter_rows(values_only=True) for c in row]
    assert QUOTE in cells
    assert workbook["Statements"]["A1"].value == "Statement"
