import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask_reset(email, address="198.51.100.7"):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_twenty_requests_for_one_account_send_only_a_few_mails(manager, settings):
    responses = [ask_reset(manager.email, address=f"198.51.100.{n}") for n in range(20)]
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ACCOUNT == 3
    assert {r.url for r in responses} == {reverse("password_reset_done")}


def test_twenty_requests_from_one_address_send_only_a_few_mails(db, settings):
    users = [UserFactory(email=f"person{n}@example.org") for n in range(20)]
    for user in users:
        ask_reset(user.email)
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ADDRESS == 10


def test_a_refused_request_looks_like_one_for_an_account_that_does_not_exist(manager, settings):
    for _ in range(settings.PASSWORD_RESETS_PER_ACCOUNT):
        ask_reset(manager.email)
    over_limit = ask_reset(manager.email)
    unknown = ask_reset("nobody@example.org", address="192.0.2.1")
    assert (over_limit.status_code, over_limit.url) == (unknown.status_code, unknown.url)
    done = Client().get(over_limit.url)
    assert "If an account has that address" in done.content.decode()


def test_the_account_limit_ignores_the_letter_case_of_the_address(manager, settings):
    for n in range(settings.PASSWORD_RESETS_PER_ACCOUNT + 2):
        ask_reset(manager.email.upper() if n % 2 else manager.email, address=f"192.0.2.{n}")
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ACCOUNT


def test_other_accounts_still_get_their_mail_when_one_is_at_its_limit(manager, reviewer, settings):
    for _ in range(settings.PASSWORD_RESETS_PER_ACCOUNT + 2):
        ask_reset(manager.email, address="192.0.2.1")
    ask_reset(reviewer.email, address="192.0.2.2")
    assert mail.outbox[-1].to == [reviewer.email]
