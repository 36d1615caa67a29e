import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from centers.models import Center
from tests.factories import TEST_PASSWORD, authenticator_code, force_login

pytestmark = pytest.mark.django_db

TYPED = {"name": "Fjellby IPS", "code": "FB", "region": "North", "contact_email": "x@example.org"}


def expired_post(client, url, data, **headers):
    """Open the form, let the session expire, then submit."""
    client.get(url)
    Session.objects.all().delete()
    return client.post(url, data, HTTP_REFERER=f"http://testserver{url}", **headers)


def log_in_again(client, user, next_url):
    client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD, "next": next_url}
    )
    client.post(reverse("two_factor_verify"), {"code": authenticator_code(user), "next": next_url})


def kept_on(page) -> dict | None:
    html = page.content.decode()
    start = html.find('<script id="kept-entries" type="application/json">')
    if start == -1:
        return None
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_a_form_posted_after_the_session_expired_comes_back_filled_after_logging_in(
    client_for, admin
):
    client = client_for(admin)
    url = reverse("centers:create")
    response = expired_post(client, url, TYPED)
    assert response.url == f"{reverse('login')}?next={url}"
    assert not Center.objects.exists()
    login_page = client.get(response.url)
    assert "what you typed is kept" in login_page.content.decode()

    log_in_again(client, admin, url)
    page = client.get(url)
    kept = kept_on(page)
    assert kept["target"] == url
    assert dict(kept["fields"]) == TYPED
    assert "your entries were kept. Check them and save." in page.content.decode()
    assert not Center.objects.exists()  # shown again, not saved
    assert kept_on(client.get(url)) is None  # once


def test_someone_else_logging_in_does_not_get_the_entries(client_for, admin, manager):
    client = client_for(admin)
    url = reverse("centers:create")
    expired_post(client, url, TYPED)
    client.post(reverse("login"), {"username": manager.username, "password": TEST_PASSWORD})
    assert kept_on(client.get(reverse("centers:list"))) is None
    client.post(reverse("logout"))
    log_in_again(client, admin, url)
    assert kept_on(client.get(url)) is None


def test_nothing_is_kept_after_logging_out(client_for, admin):
    client = client_for(admin)
    client.get(reverse("centers:list"))
    client.post(reverse("logout"))
    response = client.post(reverse("centers:create"), TYPED)
    assert response.url.startswith(reverse("login"))
    assert not Session.objects.exists()


def test_passwords_are_never_kept(client_for, admin):
    client = client_for(admin)
    url = reverse("user_create")
    expired_post(client, url, {"username": "nina", "password": "a-secret-typed-2026"})
    (session,) = Session.objects.all()
    assert "a-secret-typed-2026" not in json.dumps(session.get_decoded())
    assert session.get_decoded()["kept_entries"]["fields"] == [["username", "nina"]]


def test_a_form_posted_from_another_page_brings_the_user_back_to_that_page(
    client_for, admin, center
):
    client = client_for(admin)
    page = reverse("centers:detail", args=[center.pk])
    client.get(page)
    Session.objects.all().delete()
    target = reverse("centers:toggle_active", args=[center.pk])
    response = client.post(target, {"reason": "x"}, HTTP_REFERER=f"http://testserver{page}")
    assert response.url == f"{reverse('login')}?next={page}"


def test_an_autosave_after_the_session_expired_is_sent_to_log_in_and_keeps_nothing(
    client_for, reviewer
):
    client = client_for(reviewer)
    client.get(reverse("centers:list"))
    Session.objects.all().delete()
    response = Client(HTTP_COOKIE=client.cookies.output(header="", sep=";")).post(
        reverse("reviews:autosave", args=[1]), {"item": 1}, content_type="application/json"
    )
    assert response.status_code == 302
    assert not Session.objects.exists()


def test_a_post_without_a_previous_login_keeps_nothing(db):
    response = Client().post(reverse("centers:create"), TYPED)
    assert response.url.startswith(reverse("login"))
    assert not Session.objects.exists()


def test_the_csrf_token_of_the_expired_page_still_passes_so_nothing_is_lost(admin):
    client = Client(enforce_csrf_checks=True)
    force_login(client, admin)
    url = reverse("centers:create")
    form_page = client.get(url)
    token = form_page.context["csrf_token"]
    Session.objects.all().delete()
    response = client.post(url, {**TYPED, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    (session,) = Session.objects.all()
    assert dict(session.get_decoded()["kept_entries"]["fields"]) == TYPED
