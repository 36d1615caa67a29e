from django.core.management.base import BaseCommand

from ipsweb.backup import write_dataset


class Command(BaseCommand):
    help = (
        "Write the whole dataset (users, centers, reviews, participants, history) to a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the backup file to write.")

    def handle(self, *args, file, **options):
        count = write_dataset(file)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} rows to {file}."))
