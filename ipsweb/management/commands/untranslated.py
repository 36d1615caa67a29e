from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ipsweb.catalogs import DOMAINS, allow_list_path, untranslated, write_allow_list


class Command(BaseCommand):
    help = (
        "Count the strings of a language's catalogs (locale/<language>/LC_MESSAGES/*.po) that have "
        "no translation yet; with --write, make them the allow-list the translation test accepts "
        "(locale/<language>/untranslated.json). Run it after filling in the .po files: the list "
        "only shrinks."
    )

    def add_arguments(self, parser):
        parser.add_argument("language", help="Language code, e.g. nb.")
        parser.add_argument("--write", action="store_true", help="Rewrite the allow-list.")

    def handle(self, *args, language, write, **options):
        if language not in {code for code, _name in settings.LANGUAGES} or language == "en":
            raise CommandError(f"{language!r} is not one of the translated LANGUAGES.")
        missing = untranslated(language)
        for domain in DOMAINS:
            self.stdout.write(f"{domain}: {len(missing[domain])} untranslated")
        if write:
            write_allow_list(language, missing)
            self.stdout.write(f"Wrote {allow_list_path(language)}.")
