"""Synthetic participants for the six demo centers, for ``manage.py load_demo``.

Built to reproduce the seed paper (Fyhn et al. 2020): 227 participants in the IPS arm, 96
follow-ups; the follow-up answers have exactly the paper's counts, so Table 3's percentages and
Table 4's distribution come out within one percentage point; baseline data is drawn (seeded) to be
close to Table 2, and the diagnoses are placed to give its shares exactly. A few usual-care
participants show the arm filter. Deterministic, and running it again changes nothing.

The trial's participants were included in the 18 months after their center started IPS (about two
and a half years before the day the demo is loaded), so every follow-up of theirs fell due long
enough ago that its window has closed: the 96 answers were given within a month of the due date,
the others are missed, and the response rate is the paper's 96 of 227. After the trial, the centers
went on including: DUE_SOON participants included almost six months ago have their follow-up
due within two weeks, the handful on staff's "due follow-ups" list. They have no baseline yet, so
the trial's figures stay the paper's.
"""

import datetime
import math
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ipsweb.dates import add_months
from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    Participant,
    Statement,
    StatementAnswer,
)
from participants.schedule import follow_up_due_on
from participants.selectors import statements_in_order
from participants.services import unused_study_code

SEED = 2020
IPS_PER_CENTER = {"C1": 40, "C2": 38, "C3": 36, "C4": 39, "C5": 37, "C6": 37}  # 227
USUAL_CARE_PER_CENTER = 5
WITHDRAWN = 3
# Included after the trial: center code and the days until the follow-up falls due (at most
# schedule.DUE_SOON_DAYS, so each is on the list already).
DUE_SOON = [("C1", 3), ("C2", 6), ("C3", 9), ("C5", 11), ("C6", 13)]
INCLUSION_DAYS = 540

# Table 3: (yes, n answering) per statement, facilitators then barriers, in the paper's order.
TABLE3 = [
    (50, 77),
    (71, 77),
    (60, 76),
    (70, 76),
    (33, 64),
    (57, 72),
    (10, 76),
    (7, 77),
    (6, 76),
    (33, 77),
    (13, 77),
    (7, 76),
]
FOLLOW_UPS = 96
# Table 4 (and, for the specialist, the text: 78% satisfied, 13% not, mean 4, SD 1.11).
TABLE4 = {
    "specialist_satisfaction": [4, 6, 7, 30, 31],
    "general_satisfaction": [1, 7, 14, 29, 27],
    "usefulness": [3, 3, 19, 23, 30],
}

# Table 2: (n answering, yes) for shares; (n, mean, SD, lowest, highest, skewed) for numbers.
BASELINES = 185
SHARES = {
    "higher_education": (182, 44),
    "reading_writing_difficulties": (182, 27),
    "violence_experienced": (180, 86),
    "involuntary_commitment": (173, 54),
}
NUMBERS = {
    "age": (185, 35, 10.7, 18, 67, False),
    "years_employed": (154, 7.4, 7, 0, 45, True),
    "eq_vas": (172, 58, 18.3, 0, 100, False),
    "whodas_total": (179, 22, 14, 0, 48, False),
    "years_with_complaints": (141, 10.8, 9.2, 0, 50, True),
}
FEMALE, OTHER_GENDER = 94, 2


def load(centers: dict, users: dict, today: datetime.date) -> str:
    """Create the demo participants once; returns a line saying what happened."""
    demo_centers = [centers[code] for code in IPS_PER_CENTER]
    if Participant.objects.filter(center__in=demo_centers).exists():
        return "Demo participants already exist: nothing added."
    with transaction.atomic():
        rng = random.Random(SEED)
        in_trial = _create(centers, users["manager"], rng)
        since = _due_soon(centers, users["manager"], rng, today)
    first, last = trial_period(demo_centers)
    return (
        f"Added {in_trial + since} demo participants with baseline, M.I.N.I. and follow-up "
        f"answers: {in_trial} in the trial (included {first} to {last}; the survey dashboard "
        f"for that period and the IPS arm has the seed paper's figures), {since} included since."
    )


def trial_inclusion_ends(center) -> datetime.date:
    """The last day a trial participant of this center can have been included."""
    return center.ips_started_on + datetime.timedelta(days=INCLUSION_DAYS - 1)


def trial_period(centers) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the trial's inclusion over these centers."""
    return (
        min(center.ips_started_on for center in centers),
        max(trial_inclusion_ends(center) for center in centers),
    )


def _due_soon(centers: dict, staff, rng: random.Random, today: datetime.date) -> int:
    """Participants included after the trial whose follow-up falls due within two weeks."""
    rows = []
    for code, days in DUE_SOON:
        included = add_months(today + datetime.timedelta(days=days), -settings.FOLLOW_UP_MONTHS)
        rows.append(
            Participant(
                study_code=unused_study_code(rng),
                center=centers[code],
                arm=Participant.Arm.IPS,
                included_on=included,
                consent_on=included,
                consent_recorded_by=staff,
            )
        )
    Participant.objects.bulk_create(rows)
    return len(rows)


def _create(centers: dict, staff, rng: random.Random) -> int:
    ips, usual_care = [], []
    for code, count in IPS_PER_CENTER.items():
        center = centers[code]
        for arm, size, bucket in [
            (Participant.Arm.IPS, count, ips),
            (Participant.Arm.USUAL_CARE, USUAL_CARE_PER_CENTER, usual_care),
        ]:
            for _ in range(size):
                included = center.ips_started_on + datetime.timedelta(
                    days=rng.randrange(INCLUSION_DAYS)
                )
                bucket.append(
                    Participant(
                        study_code=unused_study_code(rng),
                        center=center,
                        arm=arm,
                        included_on=included,
                        consent_on=included - datetime.timedelta(days=rng.randrange(8)),
                        consent_recorded_by=staff,
                    )
                )
    Participant.objects.bulk_create(ips + usual_care)
    _baselines(rng, ips, staff, BASELINES)
    _baselines(rng, usual_care, staff, len(usual_care))
    _screens(rng, ips, staff)
    answered = _follow_ups(rng, ips, staff)
    _withdraw(rng, [p for p in ips if p.pk not in answered])
    return len(ips) + len(usual_care)


def _values(rng: random.Random, n: int, mean, sd, low, high, skewed) -> list[int]:
    """``n`` whole numbers whose mean and SD are close to the targets (rescaled exactly, then
    rounded and kept within the valid range)."""
    if skewed:
        shape = (mean / sd) ** 2
        draws = [rng.gammavariate(shape, sd * sd / mean) for _ in range(n)]
    else:
        draws = [rng.gauss(mean, sd) for _ in range(n)]
    draw_mean = math.fsum(draws) / n
    draw_sd = math.sqrt(math.fsum((d - draw_mean) ** 2 for d in draws) / (n - 1))
    return [min(high, max(low, round(mean + sd * (d - draw_mean) / draw_sd))) for d in draws]


def _spread(rng: random.Random, size: int, values: list) -> list:
    """``values`` placed on ``size`` people at random, the rest ``None`` (not answered)."""
    padded = values + [None] * (size - len(values))
    rng.shuffle(padded)
    return padded


def _yes_no(yes: int, n: int) -> list[bool]:
    return [True] * yes + [False] * (n - yes)


def _baselines(rng: random.Random, participants: list, staff, count: int) -> None:
    people = rng.sample(participants, count)
    scale = count / BASELINES
    columns: dict[str, list] = {}
    for name, (n, mean, sd, low, high, skewed) in NUMBERS.items():
        size = round(n * scale)
        columns[name] = _spread(rng, count, _values(rng, size, mean, sd, low, high, skewed))
    for name, (n, yes) in SHARES.items():
        columns[name] = _spread(rng, count, _yes_no(round(yes * scale), round(n * scale)))
    female, other = round(FEMALE * scale), round(OTHER_GENDER * scale)
    genders = ["female"] * female + ["other"] * other + ["male"] * (count - female - other)
    columns["gender"] = _spread(rng, count, genders)
    for name in ["years_employed", "years_with_complaints"]:
        _pair_with_age(columns[name], columns["age"])
    rows = []
    for index, participant in enumerate(people):
        values = {name: column[index] for name, column in columns.items()}
        age = values["age"]
        for name in ["years_employed", "years_with_complaints"]:
            if age is not None and values[name] is not None:
                values[name] = min(values[name], max(0, age - 16))
        rows.append(BaselineSurvey(participant=participant, entered_by=staff, **values))
    BaselineSurvey.objects.bulk_create(rows)


def _pair_with_age(column: list, ages: list) -> None:
    """Give the longest histories to the oldest people, so few need cutting to fit their age."""
    answered = [i for i, value in enumerate(column) if value is not None]
    values = sorted(column[i] for i in answered)
    for i, value in zip(sorted(answered, key=lambda i: ages[i] or 0), values, strict=True):
        column[i] = value


def _screens(rng: random.Random, participants: list, staff) -> None:
    """165 screens: 75 severe (58 psychosis, 17 bipolar), 71 moderate, 19 unclassifiable.

    Gives Table 2: depression 69/140, psychosis 58/142, anxiety 85/141, substance 25/165,
    severe 75/146 = 51.4%.
    """
    people = rng.sample(participants, 165)
    rows = []
    for i, participant in enumerate(people):
        moderate = 75 <= i < 146
        rows.append(
            DiagnosticScreen(
                participant=participant,
                entered_by=staff,
                psychosis=(i < 58) if i < 142 else None,
                bipolar=(58 <= i < 75) if i < 146 else None,
                recurrent_depression=(40 <= i < 109) if i < 140 else None,
                anxiety=(i < 19 or moderate) if i < 141 else None,
                substance_addiction=(100 <= i < 120) or 141 <= i < 146,
            )
        )
    DiagnosticScreen.objects.bulk_create(rows)


def _follow_ups(rng: random.Random, participants: list, staff) -> set[int]:
    people = rng.sample(participants, FOLLOW_UPS)
    scales = {name: _scale_values(rng, counts) for name, counts in TABLE4.items()}
    follow_ups = []
    for i, participant in enumerate(people):
        due = follow_up_due_on(participant.included_on, settings.FOLLOW_UP_MONTHS)
        submitted = timezone.make_aware(
            datetime.datetime.combine(
                due + datetime.timedelta(days=rng.randrange(30)), datetime.time(12)
            )
        )
        by_link = rng.random() < 0.6
        follow_ups.append(
            FollowUpSurvey(
                participant=participant,
                channel=FollowUpSurvey.Channel.SELF if by_link else FollowUpSurvey.Channel.STAFF,
                entered_by=None if by_link else staff,
                submitted_at=submitted,
                **{name: values[i] for name, values in scales.items()},
            )
        )
    FollowUpSurvey.objects.bulk_create(follow_ups)
    answers = []
    statements = statements_in_order(Statement.objects.filter(is_active=True))
    for statement, (yes, n) in zip(statements, TABLE3, strict=False):
        agreed = _spread(rng, FOLLOW_UPS, _yes_no(yes, n))
        answers += [
            StatementAnswer(follow_up=follow_up, statement=statement, agrees=agrees)
            for follow_up, agrees in zip(follow_ups, agreed, strict=True)
        ]
    StatementAnswer.objects.bulk_create(answers)
    return {p.pk for p in people}


def _scale_values(rng: random.Random, counts: list[int]) -> list[int | None]:
    """Values 1-5 with exactly these counts for the first respondents, then not answered."""
    values = [level for level, count in enumerate(counts, start=1) for _ in range(count)]
    rng.shuffle(values)
    return values + [None] * (FOLLOW_UPS - len(values))


def _withdraw(rng: random.Random, candidates: list) -> None:
    for participant in rng.sample(candidates, WITHDRAWN):
        participant.status = Participant.Status.WITHDRAWN
        participant.withdrawn_on = participant.included_on + datetime.timedelta(days=60)
        participant.withdrawal_reason = "By own wish"
        participant.save()
