"""JSON that users send (uploaded files, request bodies), read so that no document can crash it.

``json.loads`` alone fails in ways a form cannot report: a document nested thousands of levels
deep raises RecursionError, a number of more than 4,300 digits raises a plain ValueError, and a
``\\u0000`` in a text decodes fine but makes PostgreSQL refuse the row later.
"""

import json
import re

from django.utils.translation import gettext as _

# Deeper than any document ipsweb reads (a scale file is four levels deep).
MAX_DEPTH = 32
# A JSON string, with its escapes, so that brackets inside texts are not counted.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JSONInputError(ValueError):
    """Why the input is not usable JSON, in words for the user."""


def json_loads(raw: str | bytes, *, max_depth: int = MAX_DEPTH):
    """The decoded document; JSONInputError for anything that is not plain, usable JSON."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONInputError(_("it is not UTF-8 text.")) from error
    if _depth(raw) > max_depth:
        raise JSONInputError(
            _("it is nested more than %(limit)s levels deep.") % {"limit": max_depth}
        )
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise JSONInputError(str(error)) from error
    if _holds_null_character(data):
        raise JSONInputError(_("a text in it contains a null character (\\u0000)."))
    return data


def _depth(raw: str) -> int:
    """How deeply the brackets outside strings nest (an upper bound for the document's depth)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", raw)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _holds_null_character(data) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_null_character(k) or _holds_null_character(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_holds_null_character(v) for v in data)
    return False
