from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from ipsweb.backup import BackupError, import_dataset, read_dataset


class Command(BaseCommand):
    help = "Load a file written by export_all into an empty, migrated database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the backup file to read.")

    def handle(self, *args, file, **options):
        try:
            count = import_dataset(read_dataset(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        message = ngettext(
            "Loaded %(count)d row from %(file)s.", "Loaded %(count)d rows from %(file)s.", count
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count, "file": file}))
