"""`manage.py export_comparison`: the comparison of every active center, for scheduled reports.

It compares all active centers (each center's latest final review of the default scale) and, when
there are employment outcomes, splits them at the median employment rate: the same table the
comparison page shows an admin with its default choices, in the same CSV. It runs without a user
and therefore without a scope: it is for admins who run reports on the server.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from centers.models import Center
from dashboards import exports
from dashboards.selectors import Selection, comparison_page, default_scale_code


class Command(BaseCommand):
    help = (
        "Write the comparison of all active centers (latest final reviews, two groups by the "
        "median employment rate when there are outcomes) as CSV to standard output, or as CSV "
        "or XLSX to --output FILE. No scope: every center is included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(exports.FORMATS), default="csv")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, format, output, **options):
        if format == "xlsx" and not output:
            raise CommandError("XLSX is a binary file: name it with --output FILE.")
        selection = Selection(scale_code=default_scale_code())
        page = comparison_page(selection.centers(Center.objects.all()), selection)
        body = exports.as_xlsx(page) if format == "xlsx" else exports.as_csv(page)
        if output:
            Path(output).write_bytes(body)
            count = len(page.data.centers)
            self.stderr.write(
                ngettext(
                    "Wrote the comparison of %(count)d center to %(file)s.",
                    "Wrote the comparison of %(count)d centers to %(file)s.",
                    count,
                )
                % {"count": count, "file": output}
            )
        else:
            self.stdout.write(body.decode("utf-8"), ending="")
