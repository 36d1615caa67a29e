import pytest
from django.urls import reverse

from participants.dashboard import Filters, dashboard
from participants.models import Statement, StatementAnswer
from tests.factories import FollowUpFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


def edit(client, statement, **changes):
    data = {
        "kind": statement.kind,
        "text": statement.text,
        "position": statement.position,
        "is_active": "on" if statement.is_active else "",
        **changes,
    }
    return client.post(reverse("participants:statement_edit", args=[statement.pk]), data)


def test_the_seed_papers_twelve_statements_ship_as_defaults():
    statements = Statement.objects.filter(is_active=True)
    assert statements.filter(kind="facilitator").count() == 6
    assert statements.filter(kind="barrier").count() == 6
    assert statements.filter(text="My illness was a barrier").exists()


def test_editing_an_unanswered_statement_changes_it_in_place(client_for, admin):
    statement = StatementFactory(text="Old words")
    response = edit(client_for(admin), statement, text="New words", position=3)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.text, statement.position) == ("New words", 3)
    assert Statement.objects.filter(text__in=["Old words", "New words"]).count() == 1


def test_editing_the_text_of_an_answered_statement_keeps_what_old_answers_meant(
    client_for, admin, center
):
    statement = StatementFactory(text="The bus was helpful")
    follow_up = FollowUpFactory(participant=ParticipantFactory(center=center))
    StatementAnswer.objects.create(follow_up=follow_up, statement=statement, agrees=True)

    response = edit(client_for(admin), statement, text="The train was helpful")
    assert response.status_code == 302

    statement.refresh_from_db()
    assert statement.text == "The bus was helpful"
    assert not statement.is_active
    successor = Statement.objects.get(text="The train was helpful")
    assert successor.is_active and successor.replaces == statement
    answer = StatementAnswer.objects.get(follow_up=follow_up)
    assert answer.statement.text == "The bus was helpful"


def test_a_retired_statement_keeps_its_history_on_dashboards_and_participant_pages(
    client_for, admin, center
):
    statement = StatementFactory(text="The bus was helpful")
    participant = ParticipantFactory(center=center)
    follow_up = FollowUpFactory(participant=participant)
    StatementAnswer.objects.create(follow_up=follow_up, statement=statement, agrees=True)
    edit(client_for(admin), statement, is_active="")

    rows = dashboard(admin, Filters()).facilitators
    retired = next(row for row in rows if row.statement == statement)
    assert (retired.yes.count, retired.n.count) == (1, 1)
    page = client_for(admin).get(reverse("participants:detail", args=[participant.pk]))
    assert "The bus was helpful" in page.content.decode()


def test_a_retired_statement_is_no_longer_asked(client, client_for, admin, center, manager):
    statement = StatementFactory(text="Asked once")
    edit(client_for(admin), statement, is_active="")
    participant = ParticipantFactory(center=center)
    page = client_for(manager).get(reverse("participants:follow_up", args=[participant.pk]))
    assert "Asked once" not in page.content.decode()


def test_a_replaced_statement_cannot_be_reactivated_or_changed_again(client_for, admin, center):
    statement = StatementFactory(text="First")
    StatementAnswer.objects.create(
        follow_up=FollowUpFactory(participant=ParticipantFactory(center=center)),
        statement=statement,
        agrees=False,
    )
    edit(client_for(admin), statement, text="Second")
    statement.refresh_from_db()
    response = edit(client_for(admin), statement, is_active="on")
    assert "replaced by a newer version" in response.content.decode()
    statement.refresh_from_db()
    assert not statement.is_active


def test_an_empty_text_is_refused(client_for, admin):
    statement = StatementFactory()
    response = edit(client_for(admin), statement, text="   ")
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_only_admins_edit_statements(request, client_for, role):
    statement = StatementFactory(text="Unchanged")
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("participants:statements")).status_code == 403
    assert edit(client, statement, text="Changed").status_code == 403
    assert client.post(reverse("participants:statement_create"), {}).status_code == 403
    statement.refresh_from_db()
    assert statement.text == "Unchanged"
