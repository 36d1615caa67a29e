import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password_opens_a_reviewers_task_list(client, reviewer):
    response = client.post(
        reverse("login"), {"username": reviewer.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reviews:mine")


def test_a_program_manager_logs_in_to_the_portfolio(client, manager):
    response = client.post(
        reverse("login"), {"username": manager.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboards:portfolio")


def test_login_with_a_wrong_password_says_so(client, manager):
    response = client.post(reverse("login"), {"username": manager.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_ends_the_session(client_for, manager):
    client = client_for(manager)
    client.post(reverse("logout"))
    assert client.get(reverse("centers:list")).status_code == 302


def test_password_reset_mails_a_working_link(client, manager):
    client.post(reverse("password_reset"), {"email": manager.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "another-long-password-2026"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    manager.refresh_from_db()
    assert manager.check_password(new)


def test_password_change_requires_the_old_password(client_for, manager):
    client = client_for(manager)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "x-new-pass-2026",
            "new_password2": "x-new-pass-2026",
        },
    )
    assert response.status_code == 200
    manager.refresh_from_db()
    assert manager.check_password(TEST_PASSWORD)
