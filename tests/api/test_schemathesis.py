"""schemathesis against the committed openapi.yaml and the live test server: requests generated
from the schema, valid and invalid ones, never get a 500, and every response fits the schema
(status code, content type, body). One test with one set of data for every operation, 8 valid
and 8 invalid requests each (a few hundred in all), so it runs in the normal suite;
`-m "not api_fuzz"` leaves it out."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import token_create
from centers.roles import Role
from reviews.demo import TABLE_5
from tests.dashboards.conftest import add_outcomes
from tests.factories import CenterFactory, UserFactory, final_review
from tests.participants.test_suppression_attacks import add_people, mixed

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = [
    pytest.mark.api_fuzz,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def admin_token(settings):
    """An admin's token over two centers with reviews, outcomes and participants."""
    settings.API_REQUESTS_PER_MINUTE = 100_000
    admin = UserFactory(role=Role.ADMIN)
    lead = UserFactory(role=Role.REVIEWER)
    for code in ("C1", "C3"):
        center = CenterFactory(code=code)
        final_review(center, [lead], TABLE_5[code])
        add_outcomes(center, code)
        add_people(center, "ips", mixed(6))
    return token_create(user=admin, name="fuzz", expires_on=None, second_factor_given=True)[1]


def test_no_request_breaks_the_api_or_its_schema(live_server, admin_token):
    schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
    headers = {"Authorization": f"Bearer {admin_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def check(case):
                case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

            check()
