"""The demo data reproduces the seed paper (Fyhn et al. 2020, Tables 2-4)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centers.models import Center
from participants.dashboard import Filters, dashboard
from participants.demo import DUE_SOON, trial_inclusion_ends, trial_period
from participants.models import FollowUpSurvey, Participant, StatementAnswer
from participants.selectors import due_follow_ups

pytestmark = pytest.mark.django_db

TABLE3 = {
    "It was helpful that progress was quicker than in other vocational services": (65, 77),
    "Knowing that the IPS specialist was available for me was helpful": (92, 77),
    "The action steps along the way were specific, and this was helpful": (79, 76),
    "Being able to choose whether or not to be open about my illness was helpful": (92, 76),
    "The support plan I made with the IPS specialist when I got a job was helpful": (52, 64),
    "The regular follow-up from the IPS specialist in the job search was helpful": (79, 72),
    "Progress was made too quickly": (13, 76),
    "It was too time-consuming": (9, 77),
    "I had challenges with my IPS specialist": (8, 76),
    "My illness was a barrier": (43, 77),
    "IPS was not what I expected": (17, 77),
    "Getting to the different places (to meet employers or the IPS specialist) was difficult": (
        9,
        76,
    ),
}
TABLE4 = {
    "general_satisfaction": [1, 9, 18, 37, 35],
    "usefulness": [4, 4, 24, 30, 39],
}


@pytest.fixture
def paper(capsys):
    call_command("load_demo")
    assert f"Added {257 + len(DUE_SOON)} demo participants" in capsys.readouterr().out
    admin = get_user_model().objects.get(username="admin")
    return dashboard(admin, Filters(arm="ips"))


def test_demo_follow_ups_reproduce_table_3_within_one_percentage_point(paper):
    rows = {row.statement.text: row for row in paper.facilitators + paper.barriers}
    for text, (percent, n) in TABLE3.items():
        assert rows[text].n.count == n, text
        assert abs(rows[text].yes.percent - percent) <= 1, text


def test_demo_follow_ups_reproduce_table_4_within_one_percentage_point(paper):
    tables = {table.name: table for table in paper.scales}
    for name, percents in TABLE4.items():
        assert tables[name].n.count == 78
        for (_label, cell), percent in zip(tables[name].levels, percents, strict=True):
            assert abs(cell.percent - percent) <= 1, (name, _label)
    assert tables["specialist_satisfaction"].mean == pytest.approx(4, abs=0.05)


def test_demo_baseline_is_close_to_table_2(paper):
    rows = {str(row.label): row for row in paper.reach}
    assert rows["Age"].n.count == 185
    assert rows["Age"].mean == pytest.approx(35, abs=1.5)
    assert rows["Age"].sd == pytest.approx(10.7, abs=1.5)
    assert rows["Years of employment experience"].mean == pytest.approx(7.4, abs=1)
    assert rows["Health-related quality of life (EQ-VAS; 0-100)"].mean == pytest.approx(58, abs=1)
    assert rows["Functioning (WHODAS; 0-48)"].mean == pytest.approx(22, abs=1)
    assert rows["Years with mental health complaints"].mean == pytest.approx(10.8, abs=1.5)
    for label, percent in [
        ("Gender (female)", 51),
        ("Higher education", 24),
        ("Reading/writing disabilities", 15),
        ("Previously experienced violence", 48),
        ("Previously involuntarily committed", 31),
        ("Recurrent depression", 49),
        ("Psychosis", 41),
        ("Anxiety", 60),
        ("Substance addiction", 15),
    ]:
        assert abs(rows[label].share.percent - percent) <= 1, label
    severe, moderate = paper.severity
    assert severe.n.count == 146
    assert severe.share.percent == pytest.approx(51.4, abs=0.1)
    assert moderate.share.percent == pytest.approx(48.6, abs=0.1)


def test_demo_has_participants_in_all_six_centers_in_both_arms_and_96_follow_ups():
    call_command("load_demo")
    in_trial = [p for p in Participant.objects.filter(arm="ips") if in_the_trial(p)]
    assert len(in_trial) == 227
    assert Participant.objects.filter(arm="usual_care").count() == 30
    assert Participant.objects.values("center").distinct().count() == 6
    assert FollowUpSurvey.objects.count() == 96
    channels = set(FollowUpSurvey.objects.values_list("channel", flat=True))
    assert channels == {"self", "staff"}


def test_load_demo_twice_adds_no_participants_or_answers(capsys):
    call_command("load_demo")
    first = (Participant.objects.count(), StatementAnswer.objects.count())
    codes = set(Participant.objects.values_list("study_code", flat=True))
    call_command("load_demo")
    assert (Participant.objects.count(), StatementAnswer.objects.count()) == first
    assert set(Participant.objects.values_list("study_code", flat=True)) == codes
    assert "nothing added" in capsys.readouterr().out


def in_the_trial(participant) -> bool:
    return participant.included_on <= trial_inclusion_ends(participant.center)


LOADED_ON = datetime.date(2026, 12, 2)


def test_the_papers_response_rate_96_of_227_holds_on_the_day_the_demo_is_loaded(paper):
    assert (paper.follow_ups_received.count, paper.follow_ups_due.count) == (96, 227)


def test_only_the_handful_included_after_the_trial_have_follow_ups_due(client_for):
    call_command("load_demo", today=LOADED_ON)
    admin = get_user_model().objects.get(username="admin")
    rows = due_follow_ups(admin, today=LOADED_ON)
    assert [(row.participant.center.code, row.state) for row in rows] == [
        (code, "due") for code, _days in DUE_SOON
    ]
    assert [(row.due_on - LOADED_ON).days for row in rows] == [d for _code, d in DUE_SOON]
    assert not any(in_the_trial(row.participant) for row in rows)
    # The trial's 131 without answers (3 withdrawn) are missed, their window closed long ago.
    everyone = dashboard(admin, Filters(arm="ips"), today=LOADED_ON)
    assert (everyone.follow_ups_received.count, everyone.follow_ups_due.count) == (96, 227)
    assert everyone.included.count == 227 + len(DUE_SOON)
    # The trial's inclusion period alone: the paper's 227.
    first, last = trial_period(Center.objects.all())
    period = Filters(arm="ips", included_from=first, included_to=last)
    trial = dashboard(admin, period, today=LOADED_ON)
    assert trial.included.count == 227
    assert (trial.follow_ups_received.count, trial.follow_ups_due.count) == (96, 227)
