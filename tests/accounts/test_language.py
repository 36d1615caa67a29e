"""Which language a page speaks: the user's own choice first, then the browser (Accept-Language,
or the switcher's cookie on anonymous pages), then LANGUAGE_CODE."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.demo import DEMO_LANGUAGES, load_languages
from accounts.models import LanguagePreference
from centers.roles import Role
from participants.services import link_create
from tests.factories import TEST_PASSWORD, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.fixture
def reviewer_nb(center):
    user = UserFactory(role=Role.REVIEWER, centers=[center])
    LanguagePreference.objects.create(user=user, language="nb")
    return user


def test_a_users_own_language_wins_over_what_the_browser_asks_for(client_for, reviewer_nb):
    response = client_for(reviewer_nb).get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "nb"
    assert response["Content-Language"] == "nb"
    assert '<h1 class="h3 mb-3">Profil</h1>' in response.content.decode()


def test_a_users_own_language_wins_over_the_switchers_cookie(client_for, reviewer_nb):
    client = client_for(reviewer_nb)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert html_lang(client.get(reverse("profile"))) == "nb"


def test_a_user_without_a_choice_reads_the_language_their_browser_asks_for(client_for, reviewer):
    client = client_for(reviewer)
    assert html_lang(client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="nb,en;q=0.5")) == "nb"
    assert html_lang(client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_the_installations_language_serves_browsers_that_ask_for_none_we_have(client, settings):
    settings.LANGUAGE_CODE = "nb"
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == "nb"


def test_the_language_chosen_at_login_applies_from_the_first_page(client, reviewer_nb):
    response = client.post(
        reverse("login"),
        {"username": reviewer_nb.username, "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.wsgi_request.user == reviewer_nb
    assert html_lang(response) == "nb"


def test_choosing_a_language_on_the_profile_page_keeps_it_on_every_page(client_for, reviewer):
    client = client_for(reviewer)
    response = client.post(reverse("profile"), {"language": "nb"}, follow=True)
    assert html_lang(response) == "nb"
    assert "Språket ditt er lagret." in response.content.decode()
    assert LanguagePreference.objects.get(user=reviewer).language == "nb"
    assert html_lang(client.get(reverse("reviews:mine"), HTTP_ACCEPT_LANGUAGE="en")) == "nb"
    # Back to following the browser.
    client.post(reverse("profile"), {"language": ""})
    assert html_lang(client.get(reverse("reviews:mine"), HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_the_profile_page_refuses_a_language_ipsweb_does_not_have(client_for, reviewer):
    response = client_for(reviewer).post(reverse("profile"), {"language": "de"})
    assert response.status_code == 200
    assert not LanguagePreference.objects.filter(user=reviewer).exists()


def test_the_profile_page_is_in_the_user_menu(client_for, reviewer):
    html = client_for(reviewer).get(reverse("reviews:mine")).content.decode()
    assert f'href="{reverse("profile")}"' in html


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_anonymous_pages_have_a_language_switcher_that_posts_to_set_language(client, name):
    html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="nb"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_logged_in_pages_have_no_switcher_the_profile_decides(client_for, reviewer):
    html = client_for(reviewer).get(reverse("reviews:mine")).content.decode()
    assert reverse("set_language") not in html


def test_the_switcher_sets_the_language_cookie_and_the_next_page_follows_it(client):
    login = reverse("login")
    response = client.post(
        reverse("set_language"), {"language": "nb", "next": login}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == login
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    page = client.get(login, HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(page) == "nb"
    assert "Logg inn" in page.content.decode()


def test_the_switcher_refuses_to_send_the_visitor_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "nb", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_self_completion_survey_speaks_its_links_language_and_has_its_own_switcher(
    client, center, admin
):
    participant = ParticipantFactory(center=center, consent_recorded_by=admin)
    _link, token = link_create(
        actor=admin,
        participant=participant,
        expires_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    path = reverse("self_completion", args=[token])
    # The link was made in English: a Norwegian browser still gets the link's language, and
    # switches on the page (a form that reloads the same page), not through set_language.
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="nb")
    html = response.content.decode()
    assert html_lang(response) == "en"
    assert 'data-testid="language-switcher"' in html
    assert f'action="{reverse("set_language")}"' not in html
    assert html_lang(client.get(path, {"language": "nb"})) == "nb"


def test_the_demo_has_one_norwegian_speaking_user_and_keeps_a_later_choice(db):
    ((username, language),) = DEMO_LANGUAGES.items()
    user = UserFactory(username=username, role=Role.REVIEWER)
    load_languages({username: user})
    assert LanguagePreference.objects.get(user=user).language == language == "nb"
    LanguagePreference.objects.filter(user=user).update(language="en")
    load_languages({username: user})
    assert LanguagePreference.objects.get(user=user).language == "en"


def test_the_javascript_catalog_loads_before_the_second_factor_is_given(client, admin):
    # The two-factor page itself loads the catalog: it must not be sent to that page.
    client.force_login(admin)
    response = client.get(reverse("javascript_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
