"""The follow-up survey in Norwegian and English: statements per language, self-completion links in
the language staff chose, and answers stored as codes whatever the language they were given in."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participants import services
from participants.models import FollowUpSurvey, SelfCompletionLink, Statement, StatementAnswer
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
NORWEGIAN = {"HTTP_ACCEPT_LANGUAGE": "nb"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
BARRIER_EN = "My illness was a barrier"
BARRIER_NB = "Sykdommen min var et hinder"


def new_link(participant, actor, language):
    return services.link_create(
        actor=actor,
        participant=participant,
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
        language=language,
    )


def every_answer() -> dict:
    """One answer to every question: yes to facilitators, no to barriers, and each scale."""
    data = {
        f"statement_{s.pk}": "True" if s.kind == Statement.Kind.FACILITATOR else "False"
        for s in Statement.objects.filter(is_active=True)
    }
    data.update(
        specialist_satisfaction="4",
        general_satisfaction="5",
        usefulness="3",
        facilitator_comment="",
        barrier_comment="",
    )
    return data


def stored(participant) -> tuple:
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    answers = sorted(
        StatementAnswer.objects.filter(follow_up=follow_up).values_list("statement_id", "agrees")
    )
    values = (
        follow_up.specialist_satisfaction,
        follow_up.general_satisfaction,
        follow_up.usefulness,
        follow_up.channel,
    )
    return values, answers


def test_the_default_statements_are_shipped_in_norwegian():
    statements = Statement.objects.filter(replaces=None)
    assert statements.count() == 12
    assert all(s.translations["nb"]["text"] for s in statements)
    barrier = statements.get(text=BARRIER_EN)
    assert barrier.localized("text", "nb") == BARRIER_NB


def test_staff_make_a_link_in_their_own_language_unless_they_choose_another(
    client_for, manager, center
):
    participant = ParticipantFactory(center=center)
    url = reverse("participants:link_create", args=[participant.pk])
    expires = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    client = client_for(manager)
    form = client.get(url, **NORWEGIAN).context["form"]
    assert form["language"].value() == "nb"
    client.post(url, {"expires_on": expires}, **NORWEGIAN)
    assert SelfCompletionLink.objects.get(participant=participant).language == "nb"
    client.post(url, {"expires_on": expires, "language": "en"}, **NORWEGIAN)
    latest = SelfCompletionLink.objects.filter(participant=participant).latest("created_at")
    assert latest.language == "en"
    detail = client.get(reverse("participants:detail", args=[participant.pk]))
    assert "Norwegian Bokmål" in detail.content.decode()


def test_a_norwegian_link_shows_the_survey_in_norwegian_whatever_the_browser_asks(
    client, center, manager
):
    _link, token = new_link(ParticipantFactory(center=center), manager, "nb")
    response = client.get(reverse("self_completion", args=[token]), **ENGLISH)
    html = response.content.decode()
    assert BARRIER_NB in html and BARRIER_EN not in html
    assert '<html lang="nb">' in html
    assert response["Content-Language"] == "nb"


def test_the_participant_switches_language_on_the_page_without_the_token_going_anywhere_new(
    client, center, manager
):
    _link, token = new_link(ParticipantFactory(center=center), manager, "nb")
    url = reverse("self_completion", args=[token])
    html = client.get(url).content.decode()
    switcher = re.search(
        r'<form method="get"[^>]*data-testid="language-switcher">.*?</form>', html, re.S
    )
    assert switcher is not None
    # No action: the form reloads this same address, so the token is in no link or query.
    assert "action=" not in switcher.group(0)
    assert 'name="language" value="en"' in switcher.group(0)
    assert html.count(token) == 0
    english = client.get(url, {"language": "en"})
    assert BARRIER_EN in english.content.decode()
    assert english["Referrer-Policy"] == "same-origin"
    # An unknown language is ignored: the link's language stays.
    assert BARRIER_NB in client.get(url, {"language": "xx"}).content.decode()


def test_answers_given_in_norwegian_are_stored_exactly_as_the_same_answers_in_english(
    client, center, manager
):
    in_norwegian, in_english = ParticipantFactory(center=center), ParticipantFactory(center=center)
    _link, nb_token = new_link(in_norwegian, manager, "nb")
    _link, en_token = new_link(in_english, manager, "en")
    response = client.post(reverse("self_completion", args=[nb_token]), every_answer())
    assert response.status_code == 302
    assert response["Location"].endswith("?language=nb")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and '<html lang="nb">' in thanks.content.decode()
    assert (
        client.post(reverse("self_completion", args=[en_token]), every_answer()).status_code == 302
    )
    assert stored(in_norwegian) == stored(in_english)
    values, answers = stored(in_norwegian)
    assert values == (4, 5, 3, "self")
    assert {agrees for _statement, agrees in answers} == {True, False}


def test_a_refused_answer_comes_back_in_the_links_language(client, center, manager):
    _link, token = new_link(ParticipantFactory(center=center), manager, "nb")
    response = client.post(reverse("self_completion", args=[token]), {"usefulness": "9"})
    assert response.status_code == 200
    assert BARRIER_NB in response.content.decode()


def test_staff_enter_a_follow_up_with_the_statements_in_their_language(client_for, manager, center):
    participant = ParticipantFactory(center=center)
    url = reverse("participants:follow_up", args=[participant.pk])
    html = client_for(manager).get(url, **NORWEGIAN).content.decode()
    assert BARRIER_NB in html


def test_a_statement_gets_a_norwegian_text_and_keeps_its_answers_meaning(
    client_for, admin, center, manager
):
    statement = Statement.objects.create(kind="barrier", text="The bus was late", position=9)
    client = client_for(admin)
    url = reverse("participants:statement_edit", args=[statement.pk])
    data = {"kind": "barrier", "text": "The bus was late", "position": 9, "is_active": "on"}
    client.post(url, {**data, "text_nb": "Bussen var forsinket"})
    statement.refresh_from_db()
    assert statement.localized("text", "nb") == "Bussen var forsinket"  # no answers: edited
    _link, token = new_link(ParticipantFactory(center=center), manager, "nb")
    client.post(reverse("self_completion", args=[token]), every_answer())
    client.post(url, {**data, "text_nb": "Bussen kom for sent"})
    statement.refresh_from_db()
    assert not statement.is_active and statement.localized("text", "nb") == "Bussen var forsinket"
    successor = Statement.objects.get(replaces=statement)
    assert successor.localized("text", "nb") == "Bussen kom for sent"
    assert successor.text == "The bus was late"


def test_a_statement_without_a_norwegian_text_shows_the_english_one():
    statement = Statement.objects.create(kind="barrier", text="The bus was late", position=9)
    with translation.override("nb"):
        assert statement.localized("text") == "The bus was late"
