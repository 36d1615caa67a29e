"""The demo's interviews show the seed paper's finding in the joint display."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from qualitative.models import Coding, Source

pytestmark = pytest.mark.django_db


def test_the_joint_display_of_the_demo_shows_job_development_beside_the_remarks(client_for):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Source.objects.count() == 9
    assert Coding.objects.count() == 9
    manager = get_user_model().objects.get(username="manager")
    text = client_for(manager).get(reverse("dashboards:joint_display")).content.decode()
    row = text[text.index("18. Job development") : text.index("19. ")]
    assert "5.00" in row and "2.33" in row
    assert "going out and being assertive both on the phone and in person" in row
    statements = text[text.index("Knowing that the IPS specialist was available") :]
    assert "he is always there for me" in statements


def test_the_demo_researcher_reads_the_interviews(client_for):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    researcher = get_user_model().objects.get(username="researcher")
    source = Source.objects.get(informants="Informant 8")
    page = client_for(researcher).get(reverse("qualitative:source", args=[source.pk]))
    assert page.status_code == 200
