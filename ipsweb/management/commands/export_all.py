from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ipsweb.backup import write_dataset


class Command(BaseCommand):
    help = (
        "Write the whole dataset (users, centers, reviews, participants, history) to a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the backup file to write.")

    def handle(self, *args, file, **options):
        count = write_dataset(file)
        message = ngettext(
            "Wrote %(count)d row to %(file)s.", "Wrote %(count)d rows to %(file)s.", count
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count, "file": file}))
