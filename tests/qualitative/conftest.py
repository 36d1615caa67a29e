import pytest

from centers.roles import Role
from qualitative.models import Source
from qualitative.services import code_create, project_create, source_create
from tests.factories import UserFactory

TRANSCRIPT = (
    "Interviewer: How do you spend your week?\n"
    "IPS specialist B: The job development part has been new for us. "
    "We now reserve days to call employers. "
    "Being an IPS specialist is a complex role."
)


@pytest.fixture
def researcher(center):
    return UserFactory(role=Role.RESEARCHER, centers=[center])


@pytest.fixture
def second_researcher(center):
    return UserFactory(role=Role.RESEARCHER, centers=[center])


@pytest.fixture
def project(center, admin):
    return project_create(actor=admin, name="Pilot study", centers=[center])


@pytest.fixture
def source(project, center, researcher):
    return source_create(
        actor=researcher,
        project=project,
        center=center,
        kind=Source.Kind.FOCUS_GROUP,
        title="Focus group C1",
        text=TRANSCRIPT,
        informants="IPS specialist A, IPS specialist B",
    )


@pytest.fixture
def code(project, admin):
    return code_create(actor=admin, project=project, name="Employer contact", colour="#aa3300")
