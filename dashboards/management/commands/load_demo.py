"""`manage.py load_demo`. In dashboards, the top layer, because the demo fills every app."""

from django.core.management.base import BaseCommand
from django.db import transaction

from centers import demo as centers_demo
from centers.roles import Role
from ipsweb import caching
from participants import demo as participants_demo
from qualitative import demo as qualitative_demo
from reviews import demo as reviews_demo


class Command(BaseCommand):
    help = "Create demo centers, users and data. Safe to run again: existing demo data is kept."

    @transaction.atomic
    def handle(self, *args, **options):
        centers = centers_demo.load_centers()
        users = centers_demo.load_users(centers)
        added = centers_demo.load_outcomes(centers, entered_by=users["admin"])
        self.stdout.write(f"Employment outcomes: {added} quarters added.")
        self.stdout.write(participants_demo.load(centers, users))
        for line in reviews_demo.load(centers, users):
            self.stdout.write(line)
        self.stdout.write(qualitative_demo.load(centers, users, centers_demo.DEMO_PASSWORD))
        caching.changed()  # the demo data is written in bulk, without signals
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in with one of these users:"))
        for username, _first, _last, role, _codes in centers_demo.DEMO_USERS:
            self.stdout.write(
                f"  {username:<10} ({role.label}) password: {centers_demo.DEMO_PASSWORD}"
            )
        self.stdout.write(
            f"  {qualitative_demo.RESEARCHER[0]:<10} ({Role.RESEARCHER.label}) "
            f"password: {centers_demo.DEMO_PASSWORD}"
        )
