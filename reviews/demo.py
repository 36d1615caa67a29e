"""Demo reviews for `manage.py load_demo`. Running it again changes nothing.

The six demo centers C1-C6 stand for the seed paper's six centers (Fyhn et al. 2020). Their latest
final IPS-25 reviews, four to seven months before the day the demo is loaded, have exactly the
paper's Table 5 item scores as consensus scores. C1, C3 and C5 also have an earlier review a year
before that, so trends and "change since the previous review" exist. C1's next review is in
progress (visited last week, as it falls due); C4's fair-fidelity review is seven months old with
nothing planned, so the portfolio flags it overdue. C2 and C6 also have a final self-assessment
three weeks before their Table 5 review, shown beside it (never counted as their fidelity).
Everything goes through the services, as if reviewers had used the app.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from reviews.facts import scale_facts
from reviews.models import ActionItem, FidelityScale, Review, ReviewAssignment, ScaleItem
from reviews.scoring import needs_improvement
from reviews.services.consensus import ConsensusEntry, consensus_save
from reviews.services.facts import review_facts_save
from reviews.services.ratings import rating_complete, rating_sheet_save
from reviews.services.reviews import review_finalize, review_plan, review_save_strengths

# Seed paper, Table 5: IPS-25 item scores 1-25 per center (totals 97, 103, 102, 89, 89, 109).
TABLE_5 = {
    "C1": [5, 5, 4, 5, 2, 3, 5, 4, 3, 2, 5, 4, 5, 5, 3, 5, 1, 2, 5, 5, 4, 4, 5, 1, 5],
    "C2": [5, 5, 5, 2, 3, 5, 5, 3, 4, 3, 4, 5, 5, 5, 5, 5, 2, 1, 5, 5, 5, 5, 5, 1, 5],
    "C3": [5, 5, 5, 4, 3, 5, 5, 5, 3, 3, 3, 5, 5, 4, 3, 5, 3, 5, 4, 5, 5, 3, 4, 1, 4],
    "C4": [5, 2, 5, 2, 3, 5, 4, 3, 3, 3, 3, 5, 5, 5, 3, 5, 1, 4, 5, 5, 1, 5, 4, 1, 2],
    "C5": [5, 5, 4, 5, 1, 4, 5, 3, 3, 2, 2, 5, 4, 4, 3, 4, 1, 5, 4, 5, 3, 5, 3, 1, 3],
    "C6": [5, 5, 5, 4, 3, 4, 5, 4, 4, 3, 4, 5, 5, 5, 5, 5, 3, 5, 5, 5, 4, 5, 4, 2, 5],
}

# Visits start on Mondays: the Table 5 reviews this many weeks before the week the demo is loaded.
# IPS-25's bands set the cadence: 6 months for fair fidelity (C1, C4, C5), 12 for good. C4 (30
# weeks, nothing planned) is overdue; C1 (26 weeks) has its next review in progress; C5 is due in
# about two months, the good-fidelity centers in seven to nine.
FINAL_WEEKS_AGO = {"C1": 26, "C2": 22, "C3": 20, "C4": 30, "C5": 18, "C6": 16}
# C1, C3 and C5 had an earlier review a year (52 weeks) before their Table 5 review.
EARLIER_CENTERS = ("C1", "C3", "C5")
IN_PROGRESS_WEEKS_AGO = 1


def _monday(today: datetime.date, weeks_ago: int) -> datetime.date:
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks_ago)


def final_visits(today: datetime.date) -> dict[str, datetime.date]:
    """The visit dates of the Table 5 reviews when the demo is loaded on ``today``."""
    return {code: _monday(today, weeks) for code, weeks in FINAL_WEEKS_AGO.items()}


def earlier_visits(today: datetime.date) -> dict[str, datetime.date]:
    return {code: _monday(today, FINAL_WEEKS_AGO[code] + 52) for code in EARLIER_CENTERS}


def in_progress_visit(today: datetime.date) -> datetime.date:
    return _monday(today, IN_PROGRESS_WEEKS_AGO)


# Changes from the earlier review to the Table 5 review (item number -> points gained).
EARLIER_GAINS = {
    "C1": {2: 1, 5: 1, 8: 2, 12: 1, 15: 1, 18: 1, 22: 1, 21: -1},
    "C3": {4: 2, 7: 1, 8: 1, 14: 1, 17: 1, 18: 2, 25: 1, 9: -1},
    "C5": {3: 1, 6: 1, 13: 1, 16: 1, 18: 2, 21: 1, 23: -1},
}
# C2 and C6 assessed themselves three weeks before their Table 5 review (item number -> points
# above the external review's score; self-assessments run higher). They never count as the
# centers' fidelity: every figure of the Table 5 reviews stays as it is.
SELF_ASSESSMENT_GAINS = {
    "C2": {4: 2, 8: 1, 10: 1, 17: 2, 18: 2, 24: 1, 9: -1},
    "C6": {6: 1, 10: 1, 17: 1, 24: 2, 21: -1},
}
SELF_ASSESSMENT_WEEKS_BEFORE = 3
# The review of C1 in progress so far: reviewer1 has rated items 1-17, reviewer2 items 1-9.
IN_PROGRESS_SCORES = [5, 5, 5, 5, 3, 4, 5, 4, 3, 3, 5, 5, 5, 5, 4, 5, 2, 3, 5, 5, 4, 5, 5, 2, 5]
IN_PROGRESS_RATED = {"reviewer1": 17, "reviewer2": 9}

# What reviewers noted per item, for low (1-2), middle (3) and high (4-5) scores.
NOTES = {
    1: (
        "Caseloads well above 20 per specialist in the records.",
        "Two specialists carry more than 20 participants.",
        "Caseload lists show at most 20 participants per specialist.",
    ),
    2: (
        "Specialists spend much of their week on other tasks.",
        "Reception and group work take part of the specialists' time.",
        "Time logs show the specialists working on employment only.",
    ),
    3: (
        "Job development and follow-along are done by other staff.",
        "Follow-along after job start is often handed over.",
        "Each specialist follows their participants through all phases.",
    ),
    4: (
        "Specialists serve many teams and meet few of them.",
        "Attached to teams, but referrals also come from elsewhere.",
        "Each specialist belongs to one or two treatment teams.",
    ),
    5: (
        "Specialists rarely attend treatment team meetings.",
        "Attend some team meetings; records are not shared.",
        "Weekly team meetings attended; shared records and office.",
    ),
    6: (
        "Little contact with the welfare agency counsellors.",
        "Contact with agency counsellors only when problems arise.",
        "Regular meetings with the agency counsellors about shared participants.",
    ),
    7: (
        "Specialists work alone without shared supervision.",
        "Group meetings happen now and then.",
        "Weekly case-based group supervision; job leads are shared.",
    ),
    8: (
        "The team leader has little time for supervision.",
        "Case reviews happen, but no field mentoring or outcome tracking.",
        "The leader reviews cases, mentors in the field and tracks outcomes.",
    ),
    9: (
        "Participants are screened for work readiness.",
        "Some referrers still screen out people with substance use.",
        "Everyone who wants to work is accepted.",
    ),
    10: (
        "Work is rarely raised at intake or in the agency's materials.",
        "Work is asked about at intake, but little else shows it.",
        "Work is visible at intake, in materials and in celebrated job starts.",
    ),
    11: (
        "Leaders know little about IPS and do not use fidelity results.",
        "Leaders support IPS but are not involved in quality work.",
        "Leaders take part in planning and use the fidelity reports.",
    ),
    12: (
        "Benefits are not discussed with participants.",
        "General benefits information only.",
        "Each participant gets individual benefits guidance.",
    ),
    13: (
        "Disclosure is not discussed.",
        "Disclosure is discussed with some participants.",
        "Disclosure is discussed with every participant before the job search.",
    ),
    14: (
        "Participants are tested before the job search.",
        "Profiles exist but are seldom updated.",
        "Profiles are updated after each work experience.",
    ),
    15: (
        "First employer contact often takes many months.",
        "First employer contact usually takes two to three months.",
        "First employer contact within a month for most participants.",
    ),
    16: (
        "Job search follows available openings.",
        "About half the contacts match participants' preferences.",
        "Employer contacts match participants' recorded preferences.",
    ),
    17: (
        "Few employer contacts per specialist and week.",
        "Employer contacts most weeks, below the expected number.",
        "Regular weekly employer contacts are logged.",
    ),
    18: (
        "Employer contacts are mostly brief requests for openings.",
        "Some repeat visits, mostly about openings.",
        "Specialists build relationships with employers over several visits.",
    ),
    19: (
        "Most jobs are of one kind.",
        "Jobs are of some different kinds.",
        "Participants work in many kinds of jobs.",
    ),
    20: (
        "Most jobs are with the same few employers.",
        "Jobs are spread over some employers.",
        "Participants work for many different employers.",
    ),
    21: (
        "Most placements are work trials rather than competitive jobs.",
        "Most jobs are competitive; some are trial placements.",
        "Nearly all jobs are ordinary paid jobs.",
    ),
    22: (
        "Little support after job start.",
        "Supports are offered but mostly the same for everyone.",
        "Supports are fitted to each participant and job.",
    ),
    23: (
        "Support ends after a fixed period.",
        "Support continues for a while but is not open-ended.",
        "Support continues as long as participants want it.",
    ),
    24: (
        "Specialists spend most of their time in the office.",
        "About half of the time is spent out of the office.",
        "Most of the time is spent in the community.",
    ),
    25: (
        "Cases are closed after a few missed appointments.",
        "Some outreach, mostly by phone.",
        "Repeated, varied outreach before any case is closed.",
    ),
}
RECOMMENDATION = "Set a concrete goal for “{name}” with the team and follow it up monthly."
STRENGTHS = (
    "The team is committed and well organised. Strongest items: {items}. Participants describe "
    "specialists who are available and keep the focus on work."
)


def _note(number: int, score: int) -> str:
    low, middle, high = NOTES[number]
    return low if score <= 2 else middle if score == 3 else high


def _second_opinion(scores: list[int], seed: int) -> list[int]:
    """reviewer2's independent scores: the consensus with a few plausible differences."""
    other = list(scores)
    strong = (seed * 5) % len(other)
    for index, score in enumerate(scores):
        if index == strong:
            other[index] = score - 2 if score > 2 else score + 2
        elif (index + seed) % 6 == 0:
            other[index] = score - 1 if score > 1 else score + 1
    return other


def self_assessment_visits(today: datetime.date) -> dict[str, datetime.date]:
    return {
        code: _monday(today, FINAL_WEEKS_AGO[code] + SELF_ASSESSMENT_WEEKS_BEFORE)
        for code in SELF_ASSESSMENT_GAINS
    }


def _self_scores(code: str) -> list[int]:
    gains = SELF_ASSESSMENT_GAINS[code]
    return [min(5, max(1, s + gains.get(n, 0))) for n, s in enumerate(TABLE_5[code], start=1)]


def _plan(center, scale, users, visit: datetime.date, kind=Review.Kind.EXTERNAL) -> Review:
    return review_plan(
        actor=users["admin"],
        center=center,
        scale=scale,
        kind=kind,
        visit_start=visit,
        visit_end=visit + datetime.timedelta(days=1),
        reviewers=[users["reviewer1"], users["reviewer2"]],
        lead=users["reviewer1"],
    )


def _noon(day: datetime.date, *, days: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(12))
    )


def _final_review(
    center,
    scale,
    items,
    users,
    visit,
    scores,
    seed: int,
    *,
    earlier: bool,
    kind=Review.Kind.EXTERNAL,
) -> Review:
    review = _plan(center, scale, users, visit, kind)
    second = _second_opinion(scores, seed)
    for username, own in (("reviewer1", scores), ("reviewer2", second)):
        rating_sheet_save(
            review=review,
            reviewer=users[username],
            entries={
                item.pk: (own[item.number - 1], _note(item.number, own[item.number - 1]))
                for item in items
            },
        )
        rating_complete(review=review, reviewer=users[username])
    review.refresh_from_db()
    consensus_save(
        review=review,
        actor=users["reviewer1"],
        entries=[
            ConsensusEntry(
                item_id=item.pk,
                score=scores[item.number - 1],
                rationale=_note(item.number, scores[item.number - 1]),
                recommendation=RECOMMENDATION.format(name=item.name)
                if needs_improvement(scores[item.number - 1], scale.improvement_at_or_below)
                else "",
            )
            for item in items
        ],
    )
    best = [item.name for item in items if scores[item.number - 1] == 5][:3]
    review_save_strengths(
        review=review,
        actor=users["reviewer1"],
        strengths=STRENGTHS.format(items=", ".join(best)),
        expected_version=0,
    )
    review = review_finalize(review=review, actor=users["reviewer1"])
    # Dated as the work was done: ratings completed a week after the visit, the review finalized
    # a week later (the services stamp them with today).
    ReviewAssignment.objects.filter(review=review).update(rating_completed_at=_noon(visit, days=7))
    Review.objects.filter(pk=review.pk).update(finalized_at=_noon(visit, days=14))
    if kind == Review.Kind.EXTERNAL:
        _actions(review, items, scores, visit, earlier=earlier)
    return review


def _actions(
    review: Review, items: list[ScaleItem], scores: list[int], visit, *, earlier: bool
) -> None:
    """An action for each item scored 2 or lower; in earlier reviews, half are done since."""
    weak = [item for item in items if scores[item.number - 1] <= 2]
    for index, item in enumerate(weak):
        ActionItem.objects.create(
            review=review,
            item=item,
            action=f"Plan and start improvements on “{item.name}”.",
            owner="Team leader" if index % 2 == 0 else "IPS specialists",
            due_date=visit + datetime.timedelta(days=120),
            status=ActionItem.Status.DONE if earlier and index % 2 == 0 else ActionItem.Status.OPEN,
        )


# The facts of C1's review in progress, as the lead entered them before the visit: they suggest
# 5 for caseload (18.4 per specialist) and competitive jobs (23 of 24), 4 for items 2, 15 and 17,
# and 3 for time in the community.
IN_PROGRESS_FACTS = {
    "participants": Decimal(46),
    "specialists": Decimal("2.5"),
    "employment_time_percent": Decimal(92),
    "days_to_first_contact": Decimal(41),
    "employer_contacts_week": Decimal(11),
    "jobs_held": Decimal(24),
    "competitive_jobs": Decimal(23),
    "community_time_percent": Decimal(48),
}


def _in_progress_review(center, scale, items, users, visit: datetime.date) -> Review:
    review = _plan(center, scale, users, visit)
    if scale_facts(scale):
        review_facts_save(review=review, actor=users["reviewer1"], values=IN_PROGRESS_FACTS)
    for username, count in IN_PROGRESS_RATED.items():
        rating_sheet_save(
            review=review,
            reviewer=users[username],
            entries={
                item.pk: (
                    IN_PROGRESS_SCORES[item.number - 1],
                    _note(item.number, IN_PROGRESS_SCORES[item.number - 1]),
                )
                for item in items
                if item.number <= count
            },
        )
    return review


def load(centers: dict, users: dict, today: datetime.date) -> list[str]:
    """Create the demo reviews of the demo centers that have none yet (so loading again, on any
    day, adds nothing); returns lines saying what was created."""
    scale = FidelityScale.objects.get(code="IPS-25", version=1)
    items = list(ScaleItem.objects.filter(scale=scale))
    earlier_on, final_on = earlier_visits(today), final_visits(today)
    self_on = self_assessment_visits(today)
    created = []
    for seed, (code, scores) in enumerate(TABLE_5.items(), start=1):
        center = centers[code]
        if center.reviews.exists():
            continue
        if code in earlier_on:
            gains = EARLIER_GAINS[code]
            earlier = [s - gains.get(n, 0) for n, s in enumerate(scores, start=1)]
            review = _final_review(
                center, scale, items, users, earlier_on[code], earlier, seed + 10, earlier=True
            )
            created.append(f"  {code} {review.visit_start}: final, total {review.total}")
        if code in self_on:
            review = _final_review(
                center,
                scale,
                items,
                users,
                self_on[code],
                _self_scores(code),
                seed + 20,
                earlier=False,
                kind=Review.Kind.SELF,
            )
            created.append(f"  {code} {review.visit_start}: self-assessment, total {review.total}")
        review = _final_review(
            center, scale, items, users, final_on[code], scores, seed, earlier=False
        )
        created.append(f"  {code} {review.visit_start}: final, total {review.total}")
        if code == "C1":
            review = _in_progress_review(center, scale, items, users, in_progress_visit(today))
            created.append(f"  C1 {review.visit_start}: in progress (reviewer1 lead, reviewer2)")
    if not created:
        return ["Demo reviews exist already."]
    return ["Demo reviews created:", *created]
