"""Review fixtures on top of the fixed cast (tests/conftest.py).

``review``: a planned IPS-25 review of ``center`` with ``reviewer`` (lead) and ``colleague``.
``bystander``: a reviewer assigned to ``center`` but not to the review (in scope, unassigned).
``stranger``: a reviewer of ``other_center`` only (out of scope).
"""

import pytest

from centers.roles import Role
from reviews.demo import TABLE_5
from tests.factories import ReviewFactory, UserFactory, rate

C1 = TABLE_5["C1"]
# The answer on the confirmation page of an irreversible step (complete a rating, finalize).
CONFIRMED = {"confirmed": "1"}
# The colleague's independent scores of the C1 review: item 6 one point apart, item 18 two.
C1_COLLEAGUE = [*C1[:5], 4, *C1[6:17], 4, *C1[18:]]


@pytest.fixture
def colleague(db):
    return UserFactory(username="ravi", first_name="Ravi", role=Role.REVIEWER)


@pytest.fixture
def bystander(center):
    return UserFactory(username="bo", role=Role.REVIEWER, centers=[center])


@pytest.fixture
def stranger(other_center):
    return UserFactory(username="sten", role=Role.REVIEWER, centers=[other_center])


@pytest.fixture
def review(center, reviewer, colleague):
    return ReviewFactory(center=center, reviewers=[reviewer, colleague])


@pytest.fixture
def in_consensus(review, reviewer, colleague):
    """The review after both reviewers rated C1 independently (items 6 and 18 differ)."""
    rate(review, reviewer, C1)
    rate(review, colleague, C1_COLLEAGUE)
    return review
