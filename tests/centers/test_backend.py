"""The authentication backend reads a logged-in user with their role, and their permissions, in
one query each, written by hand (``centers.backends``): what a user may do must not change."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.backends import ModelBackend
from centers.roles import Role, user_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def loaded(user):
    """The user as a request gets them from its session."""
    return ModelBackend().get_user(user.pk)


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ([], None),
        ([Role.RESEARCHER], Role.RESEARCHER),
        ([Role.REVIEWER, Role.MANAGER], Role.MANAGER),
        ([Role.RESEARCHER, Role.ADMIN, Role.REVIEWER], Role.ADMIN),
    ],
)
def test_a_user_has_the_first_of_their_roles_in_the_order_of_roles(groups, role):
    user = UserFactory()
    user.groups.add(*Group.objects.filter(name__in=groups))
    # A group that is no role (made without the app's signals: ipsweb itself makes none).
    other = Group.objects.bulk_create([Group(name="a group that is no role")])[0]
    user.groups.through.objects.bulk_create([user.groups.through(user=user, group=other)])
    with CaptureQueriesContext(connection) as queries:
        found = loaded(user)
        assert user_role(found) == role
    assert len(queries) == 1
    assert (found.pk, found.username, found.email) == (user.pk, user.username, user.email)


def test_nobody_is_loaded_for_an_inactive_or_a_missing_user():
    user = UserFactory(is_active=False)
    assert loaded(user) is None
    assert ModelBackend().get_user(user.pk + 1000) is None


def test_permissions_are_the_users_own_and_their_groups_in_one_query():
    reviewer = UserFactory(role=Role.REVIEWER)
    own = Permission.objects.get(content_type__app_label="centers", codename="add_center")
    reviewer.user_permissions.add(own)
    user = loaded(reviewer)
    with CaptureQueriesContext(connection) as queries:
        permissions = user.get_all_permissions()
        assert user.has_perm("centers.add_center")
    assert len(queries) == 1
    group = Group.objects.get(name=Role.REVIEWER)
    granted = [own.pk, *group.permissions.values_list("pk", flat=True)]
    expected = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(pk__in=granted)
    }
    assert permissions == expected
    assert "reviews.add_rating" in permissions
    assert not user.has_perm("centers.delete_center")


def test_a_superuser_has_every_permission_and_a_user_without_a_role_none():
    superuser = loaded(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    assert len(superuser.get_all_permissions()) == Permission.objects.count()
    assert loaded(UserFactory()).get_all_permissions() == set()


def test_a_page_knows_the_user_and_their_role_from_the_session(client_for):
    manager = UserFactory(role=Role.MANAGER)
    response = client_for(manager).get(reverse("dashboards:portfolio"))
    assert response.status_code == 200
    assert response.wsgi_request.user == manager
    assert user_role(response.wsgi_request.user) == Role.MANAGER
