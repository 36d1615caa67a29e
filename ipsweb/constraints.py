"""Check constraints evaluated in memory, for validating thousands of rows at once (imports).

Django validates a ``CheckConstraint`` with one database query per constraint and instance
(``Q.check``): a baseline survey has eight, so a 10,000-row file would cost 80,000 queries. The
conditions used in ipsweb are simple comparisons, so ``validate_constraints_in_memory`` evaluates
them in Python with the database's rules (SQL's three-valued logic, where a comparison with NULL is
unknown and a constraint fails only when its condition is false) and asks the database only for a
condition it cannot read. The rule stays the constraint itself: nothing is written twice.
"""

import operator

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

_COMPARE = {
    "exact": operator.eq,
    "gte": operator.ge,
    "lte": operator.le,
    "gt": operator.gt,
    "lt": operator.lt,
}


class _Unreadable(Exception):
    """A condition this module does not evaluate; the database checks it instead."""


def _value(instance, value):
    if isinstance(value, F):
        return getattr(instance, _attname(instance, value.name))
    if hasattr(value, "resolve_expression"):
        raise _Unreadable
    return value


def _attname(instance, name: str) -> str:
    try:
        return instance._meta.get_field(name).attname
    except Exception as error:
        raise _Unreadable from error


def _lookup(instance, lookup: str, value) -> bool | None:
    name, _separator, kind = lookup.partition("__")
    if "__" in kind:
        raise _Unreadable
    kind = kind or "exact"
    left = getattr(instance, _attname(instance, name))
    if kind == "isnull":
        return (left is None) == bool(value)
    if kind == "in":
        return None if left is None else left in list(value)
    right = _value(instance, value)
    if kind not in _COMPARE:
        raise _Unreadable
    if left is None or right is None:
        return None
    return _COMPARE[kind](left, right)


def evaluate(instance, condition: Q) -> bool | None:
    """True, False or None (unknown: a NULL was compared), as SQL would answer."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(instance, child))
        else:
            results.append(_lookup(instance, *child))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise _Unreadable
    if condition.negated:
        result = None if result is None else not result
    return result


def fields_of(condition: Q) -> list[str]:
    """The field names a condition reads, in order of appearance."""
    key = id(condition)
    if key not in _FIELDS:
        _FIELDS[key] = (condition, _fields_of(condition))
    return _FIELDS[key][1]


# Conditions of constraints are built once, at import: their fields are read once too (the
# condition is kept with them so its id cannot be reused by another object).
_FIELDS: dict[int, tuple[Q, list[str]]] = {}


def _fields_of(condition: Q) -> list[str]:
    names = []
    for child in condition.children:
        if isinstance(child, Q):
            found = _fields_of(child)
        else:
            lookup, value = child
            found = [lookup.split("__")[0]]
            if isinstance(value, F):
                found.append(value.name)
        names += [name for name in found if name not in names]
    return names


def validate_constraints_in_memory(instance, exclude=None) -> None:
    """``Model.validate_constraints`` with check constraints evaluated in memory.

    Bind it to an instance (``instance.validate_constraints = partial(...)``) before a form or
    ``full_clean`` validates it. Constraints reading an excluded field are skipped, as Django does;
    other kinds of constraint (unique ones) are validated by Django as usual.
    """
    exclude = set(exclude or ())
    errors: dict = {}
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                _validate(constraint, model, instance, exclude)
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _validate(constraint, model, instance, exclude: set) -> None:
    """Raise as ``constraint.validate`` would; a broken check constraint names the first field it
    reads, so the error shows at that field (``years_employed`` when it is more than ``age``)."""
    if not isinstance(constraint, CheckConstraint):
        constraint.validate(model, instance, exclude=exclude)
        return
    fields = fields_of(constraint.condition)
    if exclude & set(fields):
        return
    try:
        passes = evaluate(instance, constraint.condition) is not False
    except _Unreadable:
        constraint.validate(model, instance, exclude=exclude)
        return
    if not passes:
        raise ValidationError(
            {
                fields[0]: ValidationError(
                    constraint.get_violation_error_message(), code=constraint.violation_error_code
                )
            }
        )
