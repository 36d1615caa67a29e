"""Demo centers and users for `manage.py load_demo`. Running it again changes nothing.

Every demo date is relative to ``today``, the day the demo is loaded (tests pin it): the centers
started IPS about two and a half years ago, and the outcome quarters are the eight before today's.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from centers.models import Center, EmploymentOutcome
from centers.roles import Role
from centers.services import user_set_centers
from ipsweb.dates import add_months

DEMO_PASSWORD = "ips-demo-2026"

# Six fictional centers standing for the seed paper's six (Fyhn et al. 2020, Table 5):
# name, code, region, municipality, months before today's month that IPS started, specialists.
DEMO_CENTERS = [
    ("Center 1 Nordvik", "C1", "West", "Nordvik", 30, 4),
    ("Center 2 Austby", "C2", "West", "Austby", 30, 5),
    ("Center 3 Fjellstad", "C3", "West", "Fjellstad", 29, 4),
    ("Center 4 Sørhavn", "C4", "East", "Sørhavn", 29, 3),
    ("Center 5 Elvedal", "C5", "East", "Elvedal", 28, 4),
    ("Center 6 Innsjø", "C6", "East", "Innsjø", 28, 6),
]


def demo_today(today: datetime.date | None = None) -> datetime.date:
    """The day the demo is loaded: ``today`` where a test pins it, otherwise the local date."""
    return today or timezone.localdate()


def ips_started_on(months_before: int, today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), -months_before)


DEMO_USERS = [
    # username, first name, last name, role, codes of assigned centers
    ("admin", "Ada", "Admin", Role.ADMIN, []),
    ("manager", "Mona", "Manager", Role.MANAGER, ["C1", "C2", "C3", "C4", "C5", "C6"]),
    ("reviewer1", "Rita", "Reviewer", Role.REVIEWER, ["C1"]),
    ("reviewer2", "Ravi", "Reviewer", Role.REVIEWER, ["C1"]),
]


def load_centers(today: datetime.date) -> dict[str, Center]:
    centers = {}
    for name, code, region, municipality, months_before, specialists in DEMO_CENTERS:
        center, _created = Center.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "region": region,
                "municipality": municipality,
                "ips_started_on": ips_started_on(months_before, today),
                "employment_specialists": specialists,
                "contact_name": f"Team leader {code}",
                "contact_email": f"{code.lower()}@example.org",
            },
        )
        centers[code] = center
    return centers


def load_users(centers: dict[str, Center]) -> dict:
    users = {}
    for username, first, last, role, codes in DEMO_USERS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            user_set_centers(user=user, centers=[centers[code] for code in codes])
        users[username] = user
    return users


# Eight quarters of employment outcomes, the eight before today's quarter, so they cover the demo
# reviews (the earlier ones about a year and a half ago, the latest four to seven months ago). As in
# the seed paper, centers 3, 5 and 6 do clearly better than 1, 2 and 4: every quarter of the first
# three is above every quarter of the others, so any grouping by outcome (median, top 3, latest
# quarter or all eight) gives the paper's two groups.
QUARTER_COUNT = 8


def demo_quarters(today: datetime.date) -> list[tuple[int, int]]:
    """(year, quarter) of the eight quarters before today's, oldest first."""
    current = today.year * 4 + (today.month - 1) // 3
    return [(index // 4, index % 4 + 1) for index in range(current - QUARTER_COUNT, current)]


DEMO_OUTCOME_LEVELS = {
    # code: (participants served in the first quarter, typical employment rate)
    "C1": (38, 0.28),
    "C2": (45, 0.31),
    "C3": (36, 0.48),
    "C4": (30, 0.24),
    "C5": (40, 0.52),
    "C6": (52, 0.55),
}
# The same small ups and downs for every center, quarter by quarter (deterministic, no random).
DEMO_SWINGS = [-0.03, 0.0, 0.02, -0.01, 0.03, 0.01, -0.02, 0.02]


def demo_outcome_numbers(
    code: str, quarters: list[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    """(year, quarter, served, working) for each of eight quarters of one demo center."""
    first_served, rate = DEMO_OUTCOME_LEVELS[code]
    numbers = []
    for index, ((year, quarter), swing) in enumerate(zip(quarters, DEMO_SWINGS, strict=True)):
        served = first_served + (index * 5) % 7
        numbers.append((year, quarter, served, round(served * (rate + swing))))
    return numbers


def load_outcomes(centers: dict[str, Center], today: datetime.date, entered_by=None) -> int:
    """Add the demo quarters to the demo centers that have no outcomes yet (so loading again on a
    later day adds nothing); returns how many were added."""
    existing = set(
        EmploymentOutcome.objects.filter(center__in=centers.values()).values_list(
            "center__code", flat=True
        )
    )
    missing = [
        EmploymentOutcome(
            center=centers[code],
            year=year,
            quarter=quarter,
            served=served,
            working=working,
            entered_by=entered_by,
        )
        for code in DEMO_OUTCOME_LEVELS
        if code not in existing
        for year, quarter, served, working in demo_outcome_numbers(code, demo_quarters(today))
    ]
    EmploymentOutcome.objects.bulk_create(missing)
    return len(missing)
