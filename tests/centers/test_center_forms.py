import pytest
from django.urls import reverse

from centers.models import Center

pytestmark = pytest.mark.django_db


def post_center(client, **fields):
    data = {"name": "Fjellstad IPS", "code": "FJ", "region": "West"}
    data.update(fields)
    return client.post(reverse("centers:create"), data)


def test_a_duplicate_code_is_a_form_error_and_saves_nothing(client_for, admin, center):
    response = post_center(client_for(admin), code=center.code.lower())
    assert response.status_code == 200
    assert "A center with this short code already exists." in response.content.decode()
    assert Center.objects.count() == 1


def test_an_empty_name_is_a_form_error_and_saves_nothing(client_for, admin):
    for name in ["", "   "]:
        response = post_center(client_for(admin), name=name)
        assert response.status_code == 200
        assert response.context["form"].errors["name"]
    assert not Center.objects.exists()


def test_a_malformed_email_is_a_form_error_and_saves_nothing(client_for, admin):
    response = post_center(client_for(admin), contact_email="not-an-email")
    assert "Enter a valid email address." in response.content.decode()
    assert not Center.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", "has space"),
        ("code", "x" * 21),
        ("employment_specialists", "-1"),
        ("employment_specialists", "many"),
        ("ips_started_on", "31.02.2024"),
        ("name", "n" * 201),
    ],
)
def test_other_bad_values_are_form_errors(client_for, admin, field, value):
    response = post_center(client_for(admin), **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Center.objects.exists()


def test_a_failed_edit_keeps_what_the_user_typed(client_for, admin, center):
    response = client_for(admin).post(
        reverse("centers:edit", args=[center.pk]),
        {"name": "A new name", "code": "NV", "contact_email": "broken@"},
    )
    assert 'value="A new name"' in response.content.decode()
    center.refresh_from_db()
    assert center.name == "Nordvik IPS"
