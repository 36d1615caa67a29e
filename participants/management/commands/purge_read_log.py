from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from participants.services import read_log_purge


class Command(BaseCommand):
    help = (
        "Delete read log entries (who opened which participant data) older than "
        "HEALTH_READ_LOG_RETENTION_DAYS. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        count = read_log_purge()
        days = settings.HEALTH_READ_LOG_RETENTION_DAYS
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Deleted %(count)d read log entry older than %(days)d days.",
                    "Deleted %(count)d read log entries older than %(days)d days.",
                    count,
                )
                % {"count": count, "days": days}
            )
        )
