"""Every page in Norwegian, and the catalogs that make it so.

- Every page of the permission matrix, rendered in nb for a user who may see it (their own choice
  of language; anonymous pages by Accept-Language), asks gettext for no msgid that is left
  untranslated, except those in the allow-list ``locale/nb/untranslated.json``. The same for the
  JavaScript catalog. The list starts with every msgid not translated yet; ``manage.py
  untranslated nb --write`` rewrites it after the .po files are filled in, and it only shrinks
  (an entry that is translated now fails ``test_the_allow_list_holds_only_untranslated_strings``).
- The catalogs travel with the code: ``makemessages`` would find no new or changed msgid, and each
  committed .mo says what its .po says (needs GNU gettext; skipped without it).
- static/js holds no user-facing English: its strings go through gettext(), served by /jsi18n/
  before the page scripts.
"""

import gettext as gnu_gettext
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

from accounts.models import LanguagePreference
from ipsweb.catalogs import DOMAINS, LOCALE, po_path, read_allow_list, read_po
from participants.models import SelfCompletionLink
from tests.ipsweb.test_permission_matrix import MATRIX, ROLES, world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE = "nb"
GETTEXT_TOOLS = all(shutil.which(tool) for tool in ("msgfmt", "xgettext", "msgmerge", "msguniq"))
NO_GETTEXT = "GNU gettext (msgfmt, xgettext) is not installed: apt-get install gettext"


def untranslated_keys(domain: str) -> set[str]:
    return {e.key for e in read_po(po_path(LANGUAGE, domain)) if not e.translated}


# ---------------------------------------------------------------------------------------------
# Every page in Norwegian


class Untranslated:
    """Records, page by page, each msgid that gettext is asked for while nb is active and that no
    catalog translates (ours in locale/, Django's, the libraries')."""

    def __init__(self):
        self.catalog = trans_real.translation(LANGUAGE)._catalog
        self.page = ""
        self.found: dict[str, set[str]] = {}

    def note(self, key: str, lookup) -> None:
        if key and translation.get_language() == LANGUAGE and lookup not in self.catalog:
            self.found.setdefault(key, set()).add(self.page)

    def patch(self, monkeypatch) -> None:
        real = {
            name: getattr(translation._trans, name)
            for name in ("gettext", "ngettext", "pgettext", "npgettext")
        }

        def gettext(message):
            if isinstance(message, Promise):  # a lazy string: its own gettext() is recorded
                return real["gettext"](message)
            key = str(message).replace("\r\n", "\n").replace("\r", "\n")
            self.note(key, key)
            return real["gettext"](message)

        def ngettext(singular, plural, number):
            self.note(singular, (singular, 0))
            return real["ngettext"](singular, plural, number)

        def pgettext(context, message):
            key = f"{context}\x04{message}"
            self.note(key, key)
            return real["pgettext"](context, message)

        def npgettext(context, singular, plural, number):
            key = f"{context}\x04{singular}"
            self.note(key, (key, 0))
            return real["npgettext"](context, singular, plural, number)

        for name, wrapper in [
            ("gettext", gettext),
            ("ngettext", ngettext),
            ("pgettext", pgettext),
            ("npgettext", npgettext),
        ]:
            monkeypatch.setattr(translation._trans, name, wrapper)


def english_left_in(html: str, translated: dict[str, str]) -> set[str]:
    """Text nodes of ``html`` that are a translated msgid still in English: a string that
    bypasses gettext (hard-coded, or translated before the language was chosen)."""
    texts = {text.strip() for text in re.findall(r">([^<>]+)<", html)}
    return {text for text in texts if text in translated and translated[text] != text}


def pages_to_render() -> list[tuple[str, str]]:
    """(URL name, role) for every page a GET shows (200): as the first staff role that may see
    it, and as an anonymous visitor or link holder too when they may."""
    pages = []
    for name, row in sorted(MATRIX.items()):
        if row.method != "get":
            continue
        if name.startswith("api:"):
            continue  # the API answers in English to everyone (api/middleware.py)
        allowed = [role for role in ROLES if row.get.get(role, row.default) == 200]
        staff = [role for role in allowed if role not in ("anonymous", "link_holder")]
        pages += [(name, role) for role in staff[:1]]
        pages += [(name, role) for role in allowed if role in ("anonymous", "link_holder")][:1]
    return pages


def test_every_page_of_the_permission_matrix_is_rendered_here():
    rendered = {name for name, _role in pages_to_render()}
    shown = {
        n
        for n, r in MATRIX.items()
        if r.method == "get" and 200 in r.get.values() and not n.startswith("api:")
    }
    assert rendered == shown


def test_every_page_in_norwegian_asks_for_no_untranslated_string_outside_the_allow_list(
    client_for,
    world,  # noqa: F811
    monkeypatch,
):
    for user in world["users"].values():
        LanguagePreference.objects.create(user=user, language=LANGUAGE)
    # A self-completion page speaks its link's language (chosen by staff), whoever opens it.
    SelfCompletionLink.objects.update(language=LANGUAGE)
    clients = {role: client_for(world["users"].get(role)) for role in ROLES}
    recorder = Untranslated()
    recorder.patch(monkeypatch)
    translated = {
        e.msgid: e.msgstrs[0]
        for e in read_po(po_path(LANGUAGE, "django"))
        if e.translated and not e.plural and " " in e.msgid
    }
    statuses, english = {}, {}
    for name, role in pages_to_render():
        row = MATRIX[name]
        path = reverse(name, args=row.args(world))
        recorder.page = f"{path} ({role})"
        with transaction.atomic():
            response = clients[role].get(path, HTTP_ACCEPT_LANGUAGE=f"{LANGUAGE},en;q=0.1")
            transaction.set_rollback(True)
        statuses[recorder.page] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert f'<html lang="{LANGUAGE}">' in html, recorder.page
            if left := english_left_in(html, translated):
                english[recorder.page] = left
    assert set(statuses.values()) == {200}, statuses
    assert not english, f"English text on Norwegian pages: {english}"
    allowed = read_allow_list(LANGUAGE)["django"]
    missing = {key: pages for key, pages in recorder.found.items() if key not in allowed}
    assert not missing, "untranslated in nb (translate in locale/nb/LC_MESSAGES/django.po):\n" + (
        "\n".join(f"{key!r} on {sorted(pages)[0]}" for key, pages in sorted(missing.items()))
    )


def test_the_recorder_notices_what_no_catalog_translates(monkeypatch):
    recorder = Untranslated()
    recorder.patch(monkeypatch)
    with translation.override(LANGUAGE):
        assert translation.gettext("Log in") == "Logg inn"
        translation.gettext("A sentence no catalog has")
        translation.ngettext("%(n)s thing no catalog has", "%(n)s things", 2)
    with translation.override("en"):
        translation.gettext("Another sentence no catalog has")
    assert set(recorder.found) == {"A sentence no catalog has", "%(n)s thing no catalog has"}


def test_english_left_on_a_page_is_found():
    html = "<p>Log in</p><button> Logg inn </button><td>Log in now</td>"
    assert english_left_in(html, {"Log in": "Logg inn", "Log out": "Logg ut"}) == {"Log in"}


# ---------------------------------------------------------------------------------------------
# The JavaScript catalog


def served_catalog(client, language: str) -> dict:
    response = client.get(reverse("javascript_catalog"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    source = response.content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", source, re.S)
    return json.loads(found.group(1)) if found else {}  # English: nothing to translate


def test_the_javascript_catalog_is_served_in_the_pages_language(client):
    assert served_catalog(client, "nb")["Copied"] == "Kopiert"
    assert "Copied" not in served_catalog(client, "en")


def test_a_browser_that_has_the_catalog_gets_304_until_the_language_changes(client):
    catalog = reverse("javascript_catalog")
    first = client.get(catalog, HTTP_ACCEPT_LANGUAGE="nb")
    tag = first["ETag"]
    assert client.get(catalog, HTTP_ACCEPT_LANGUAGE="nb", HTTP_IF_NONE_MATCH=tag).status_code == 304
    # Another language (a user's new choice keeps the same session cookie): the whole catalog.
    other = client.get(catalog, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=tag)
    assert other.status_code == 200


def test_every_javascript_string_is_translated_in_norwegian_or_allowed(client):
    catalog = served_catalog(client, LANGUAGE)
    allowed = read_allow_list(LANGUAGE)["djangojs"]
    entries = read_po(po_path(LANGUAGE, "djangojs"))
    assert entries, "static/js has no strings for the catalog: run makemessages -d djangojs"
    missing = [e.key for e in entries if e.key not in catalog and e.key not in allowed]
    assert not missing, f"untranslated in djangojs.po: {missing}"


def test_pages_load_the_catalog_and_the_number_formats_before_their_scripts(
    client_for,
    world,  # noqa: F811
):
    html = client_for(world["users"]["admin"]).get(
        reverse("centers:detail", args=[world["center"].pk])
    )
    text = html.content.decode()
    order = [reverse("javascript_catalog"), "js/formats.js", "js/center-dashboard.js"]
    positions = [text.index(f'src="{"/static/" if "js/" in src else ""}{src}"') for src in order]
    assert positions == sorted(positions)


# A string literal in static/js that reads as words, outside gettext(...): English left behind.
JS_STRING = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`")
JS_GETTEXT = re.compile(r"\b(?:gettext|ngettext|pgettext|npgettext)\(\s*(?:[\"'`][^)]*?)\)", re.S)
JS_COMMENT = re.compile(r"/\*.*?\*/|^\s*//.*?$", re.S | re.M)
NOT_WORDS = {"use strict"}


def test_static_js_has_no_user_facing_english_outside_gettext():
    found = []
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        source = JS_GETTEXT.sub("", JS_COMMENT.sub("", path.read_text(encoding="utf-8")))
        for match in JS_STRING.finditer(source):
            text = re.sub(r"\$\{[^}]*\}", "", next(g for g in match.groups() if g is not None))
            words = re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text) and text not in NOT_WORDS
            if words and not re.fullmatch(r"[\w\s,.-]*(px|sans-serif|state-)[\w\s,.-]*", text):
                found.append(f"{path.name}: {text!r}")
    assert not found, found


# ---------------------------------------------------------------------------------------------
# The allow-list and the catalogs themselves


def test_the_allow_list_holds_only_untranslated_strings():
    allowed = read_allow_list(LANGUAGE)
    for domain in DOMAINS:
        stale = sorted(allowed[domain] - untranslated_keys(domain))
        assert not stale, (
            f"translated or gone from {domain}.po; run `manage.py untranslated nb --write`: "
            f"{stale[:10]}"
        )


def copy_of_the_sources(target: Path) -> Path:
    """What makemessages reads (the apps, templates, static/js) and locale/, without the rest."""
    skip = shutil.ignore_patterns(
        ".venv", ".git", "tests", "staticfiles", "node_modules", "__pycache__", "*.mo", "docs"
    )
    for entry in ROOT.iterdir():
        if entry.name in {".venv", ".git", "tests", "staticfiles", "docs"} or entry.is_symlink():
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, ignore=skip)
        elif entry.suffix in {".py", ".toml"}:
            shutil.copy2(entry, target / entry.name)
    return target


@pytest.mark.skipif(not GETTEXT_TOOLS, reason=NO_GETTEXT)
def test_makemessages_finds_no_new_or_changed_msgid(tmp_path):
    copy = copy_of_the_sources(tmp_path / "project")
    env = {**os.environ, "DEBUG": "1"}
    commands = [
        ["makemessages", "-l", LANGUAGE, "--ignore=.venv", "--ignore=tests"],
        [
            "makemessages",
            "-d",
            "djangojs",
            "-l",
            LANGUAGE,
            "--ignore=.venv",
            "--ignore=static/vendor",
        ],
    ]
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    for domain in DOMAINS:
        committed = {e.key for e in read_po(po_path(LANGUAGE, domain))}
        extracted = {
            e.key for e in read_po(copy / "locale" / LANGUAGE / "LC_MESSAGES" / f"{domain}.po")
        }
        assert extracted - committed == set(), f"new in {domain}: run makemessages and commit"
        assert committed - extracted == set(), f"gone from {domain}: run makemessages and commit"


def mo_catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return gnu_gettext.GNUTranslations(handle)._catalog


@pytest.mark.skipif(not shutil.which("msgfmt"), reason=NO_GETTEXT)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_says_what_its_po_says(tmp_path, domain):
    po = po_path(LANGUAGE, domain)
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run compilemessages and commit it"
    assert mo_catalog(committed) == mo_catalog(compiled), (
        f"{committed.relative_to(LOCALE.parent)} is older than its .po: run compilemessages"
    )
