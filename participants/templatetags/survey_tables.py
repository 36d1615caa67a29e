"""Showing survey numbers: suppressed cells, missing answers and rounding, the same everywhere."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ipsweb.rounding import DASH
from ipsweb.templatetags.rounding import rounded

register = template.Library()


@register.simple_tag
def cell_count(cell):
    """A count, or its suppressed form ("<5", "-") with an explanation for screen readers."""
    if cell is None:
        return DASH
    if cell.suppressed:
        return format_html(
            '<span class="suppressed" title="{}">{}</span>',
            _("Hidden to protect small groups"),
            cell.display,
        )
    return cell.display


@register.simple_tag
def cell_percent(cell, digits=1):
    """A percentage; hidden (with a reason) when its count is suppressed."""
    if cell is None or (cell.percent is None and not cell.suppressed):
        return DASH
    if cell.suppressed:
        return format_html(
            '<span class="suppressed">{}<span class="visually-hidden"> {}</span></span>',
            DASH,
            _("(hidden)"),
        )
    return f"{rounded(cell.percent, digits)}%"


@register.simple_tag
def number(value, digits=1):
    return DASH if value is None else rounded(value, digits)


@register.filter
def answer(value, kind="answer"):
    """True/False/None as words; ``kind`` "screen" says found / not found / not assessed."""
    if kind == "screen":
        words = {True: _("Found"), False: _("Not found"), None: _("Not assessed")}
    else:
        words = {True: _("Yes"), False: _("No"), None: _("Not answered")}
    return words.get(value, value)


@register.filter
def or_not_answered(value):
    return _("Not answered") if value is None or value == "" else value


@register.simple_tag
def left_out(count):
    """How many groups (center and arm) a combined row leaves out; nothing when none."""
    if not count:
        return ""
    text = ngettext("%(count)s group left out", "%(count)s groups left out", count) % {
        "count": count
    }
    return format_html('<span class="d-block small text-body-secondary">{}</span>', text)
