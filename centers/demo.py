"""Demo centers and users for `manage.py load_demo`. Running it again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from centers.models import Center, EmploymentOutcome
from centers.roles import Role
from centers.services import user_set_centers

DEMO_PASSWORD = "ips-demo-2026"

# Six fictional centers standing for the seed paper's six (Fyhn et al. 2020, Table 5).
DEMO_CENTERS = [
    ("Center 1 Nordvik", "C1", "West", "Nordvik", datetime.date(2013, 9, 1), 4),
    ("Center 2 Austby", "C2", "West", "Austby", datetime.date(2013, 9, 1), 5),
    ("Center 3 Fjellstad", "C3", "West", "Fjellstad", datetime.date(2013, 10, 1), 4),
    ("Center 4 Sørhavn", "C4", "East", "Sørhavn", datetime.date(2013, 10, 1), 3),
    ("Center 5 Elvedal", "C5", "East", "Elvedal", datetime.date(2013, 11, 1), 4),
    ("Center 6 Innsjø", "C6", "East", "Innsjø", datetime.date(2013, 11, 1), 6),
]

DEMO_USERS = [
    # username, first name, last name, role, codes of assigned centers
    ("admin", "Ada", "Admin", Role.ADMIN, []),
    ("manager", "Mona", "Manager", Role.MANAGER, ["C1", "C2", "C3", "C4", "C5", "C6"]),
    ("reviewer1", "Rita", "Reviewer", Role.REVIEWER, ["C1"]),
    ("reviewer2", "Ravi", "Reviewer", Role.REVIEWER, ["C1"]),
]


def load_centers() -> dict[str, Center]:
    centers = {}
    for name, code, region, municipality, started, specialists in DEMO_CENTERS:
        center, _created = Center.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "region": region,
                "municipality": municipality,
                "ips_started_on": started,
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


# Eight quarters of employment outcomes. As in the seed paper, centers 3, 5 and 6 do clearly better
# than 1, 2 and 4: every quarter of the first three is above every quarter of the others, so any
# grouping by outcome (median, top 3, latest quarter or all eight) gives the paper's two groups.
DEMO_QUARTERS = [(year, quarter) for year in (2024, 2025) for quarter in (1, 2, 3, 4)]
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


def demo_outcome_numbers(code: str) -> list[tuple[int, int, int, int]]:
    """(year, quarter, served, working) for each demo quarter of one demo center."""
    first_served, rate = DEMO_OUTCOME_LEVELS[code]
    numbers = []
    for index, ((year, quarter), swing) in enumerate(zip(DEMO_QUARTERS, DEMO_SWINGS, strict=True)):
        served = first_served + (index * 5) % 7
        numbers.append((year, quarter, served, round(served * (rate + swing))))
    return numbers


def load_outcomes(centers: dict[str, Center], entered_by=None) -> int:
    """Add the demo quarters that are missing; returns how many were added."""
    existing = set(
        EmploymentOutcome.objects.filter(center__in=centers.values()).values_list(
            "center__code", "year", "quarter"
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
        for year, quarter, served, working in demo_outcome_numbers(code)
        if (code, year, quarter) not in existing
    ]
    EmploymentOutcome.objects.bulk_create(missing)
    return len(missing)
