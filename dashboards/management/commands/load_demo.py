"""`manage.py load_demo`. In dashboards, the top layer, because the demo fills every app."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import demo as accounts_demo
from centers import demo as centers_demo
from centers.roles import Role
from ipsweb import caching
from participants import demo as participants_demo
from qualitative import demo as qualitative_demo
from reviews import demo as reviews_demo


class Command(BaseCommand):
    help = "Create demo centers, users and data. Safe to run again: existing demo data is kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The day the demo's dates are relative to (YYYY-MM-DD; default: today).",
        )

    @transaction.atomic
    def handle(self, *args, today: datetime.date | None = None, **options):
        today = centers_demo.demo_today(today)
        centers = centers_demo.load_centers(today)
        users = centers_demo.load_users(centers)
        accounts_demo.load_languages(users)
        added = centers_demo.load_outcomes(centers, today, entered_by=users["admin"])
        self.stdout.write(
            ngettext(
                "Employment outcomes: %(count)d quarter added.",
                "Employment outcomes: %(count)d quarters added.",
                added,
            )
            % {"count": added}
        )
        self.stdout.write(participants_demo.load(centers, users, today))
        for line in reviews_demo.load(centers, users, today):
            self.stdout.write(line)
        self.stdout.write(qualitative_demo.load(centers, users, centers_demo.DEMO_PASSWORD))
        caching.changed()  # the demo data is written in bulk, without signals
        self.stdout.write(
            self.style.SUCCESS(_("Demo data is ready. Log in with one of these users:"))
        )
        for username, _first, _last, role, _codes in centers_demo.DEMO_USERS:
            language = accounts_demo.DEMO_LANGUAGES.get(username)
            self.stdout.write(
                f"  {username:<10} ({role.label}) "
                + _("password: %(password)s") % {"password": centers_demo.DEMO_PASSWORD}
                + (f" [{language}]" if language else "")
            )
        self.stdout.write(
            f"  {qualitative_demo.RESEARCHER[0]:<10} ({Role.RESEARCHER.label}) "
            f"password: {centers_demo.DEMO_PASSWORD}"
        )
