"""Demo centers and users for `manage.py load_demo`. Running it again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from centers.models import Center
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
