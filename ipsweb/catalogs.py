"""Reading the translation catalogs (locale/<language>/LC_MESSAGES/*.po) without GNU gettext.

The tests use it to find what is not translated yet and to compare a .po file with its compiled
.mo; ``manage.py untranslated`` writes the allow-list of strings still waiting for a translator,
and ``fill_po`` writes translations (a translator's msgid -> msgstr list) into a .po file.
Only what those need: entries with their context, plural and flags; obsolete entries (``#~``) are
left out, as Django leaves them out.
"""

import ast
import json
from dataclasses import dataclass
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
DOMAINS = ("django", "djangojs")


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstrs: tuple[str, ...]
    context: str = ""
    plural: str = ""
    fuzzy: bool = False

    @property
    def key(self) -> str:
        """The msgid as gettext looks it up: "context\\x04msgid" when it has a context."""
        return f"{self.context}\x04{self.msgid}" if self.context else self.msgid

    @property
    def translated(self) -> bool:
        """Every form has a msgstr and the entry is not marked fuzzy (msgfmt leaves both out)."""
        return not self.fuzzy and all(self.msgstrs)


def po_path(language: str, domain: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


def allow_list_path(language: str) -> Path:
    """The strings that may still show untranslated in ``language`` (tests/ipsweb/
    test_translations.py): per domain, the msgids (``context\x04msgid`` with a context). Empty
    once the translation is complete."""
    return LOCALE / language / "untranslated.json"


def untranslated(language: str) -> dict[str, list[str]]:
    """Per domain, the msgids of ``language``'s catalogs without a translation, sorted."""
    return {
        domain: sorted({e.key for e in read_po(po_path(language, domain)) if not e.translated})
        for domain in DOMAINS
    }


def read_allow_list(language: str) -> dict[str, set[str]]:
    path = allow_list_path(language)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {domain: set(data.get(domain, [])) for domain in DOMAINS}


def write_allow_list(language: str, allowed: dict[str, list[str]]) -> None:
    text = json.dumps(allowed, ensure_ascii=False, indent=1, sort_keys=True)
    allow_list_path(language).write_text(text + "\n", encoding="utf-8")


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header (empty msgid) left out."""
    return parse_po(path.read_text(encoding="utf-8"))


def parse_po(text: str) -> list[Entry]:
    entries = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current = None

    def finish():
        nonlocal fields, flags
        if fields.get("msgid"):
            strs = sorted((k, v) for k, v in fields.items() if k.startswith("msgstr"))
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgstrs=tuple(v for _k, v in strs),
                    context=fields.get("msgctxt", ""),
                    plural=fields.get("msgid_plural", ""),
                    fuzzy="fuzzy" in flags,
                )
            )
        fields, flags = {}, set()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            current = None
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue  # comments, references, obsolete entries (#~)
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            keyword, _space, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgstr" in "".join(fields):
                finish()
            current = keyword
            fields[current] = ast.literal_eval(value)
    finish()
    return entries


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def fill_po(path: Path, translations: dict[str, str | list[str]]) -> int:
    """Write ``translations`` (key -> msgstr, or the list of plural msgstrs) into the entries of
    ``path`` that have those keys, replacing what they had and dropping a fuzzy flag; returns
    how many entries changed. Then ``manage.py compilemessages``."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    changed = 0
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        found = [e for e in parse_po(block) if e.key in translations]
        if not found:
            continue
        value = translations[found[0].key]
        forms = value if isinstance(value, list) else [value]
        start = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        head = [
            line.replace(", fuzzy", "") if line.startswith("#,") else line
            for line in lines[:start]
            if line.strip() != "#, fuzzy"
        ]
        if found[0].plural:
            tail = [f"msgstr[{n}] {_quoted(form)}" for n, form in enumerate(forms)]
        else:
            tail = [f"msgstr {_quoted(forms[0])}"]
        blocks[index] = "\n".join(head + tail)
        changed += 1
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return changed
