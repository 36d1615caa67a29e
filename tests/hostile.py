"""Hypothesis strategies for hostile form input, shared by the every-input tests."""

import json

from hypothesis import strategies as st

SCRIPT = "<script>alert('x')</script>"

hostile_text = st.one_of(
    st.just(""),
    st.just(" "),
    st.just(SCRIPT),
    st.just('"><img src=x onerror=alert(1)>'),
    st.just("x" * 20_000),
    st.just("\x00"),
    st.just("'; DROP TABLE centers_center; --"),
    st.just("-1"),
    st.just("0"),
    st.just("999999999999999999999999"),
    st.just("1e308"),
    st.just("NaN"),
    st.just("2024-02-30"),
    st.just("true"),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.text(max_size=300),
)


def hostile_form(fields: list[str], extra_values: dict[str, list[str]] | None = None):
    """A POST body: each field hostile, plausible, given several times, or absent."""
    extra_values = extra_values or {}

    def value_for(name):
        choices = [hostile_text, st.lists(hostile_text, min_size=2, max_size=3)]
        if extra_values.get(name):
            choices.append(st.sampled_from(extra_values[name]))
        return st.one_of(*choices)

    return st.fixed_dictionaries({}, optional={name: value_for(name) for name in fields})


json_value = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def hostile_json(fields: list[str], extra_values: dict[str, list] | None = None):
    """A JSON body over these keys (each present or not, any JSON type), or raw non-JSON bytes."""
    extra_values = extra_values or {}
    values = {
        name: st.one_of(json_value, st.sampled_from(extra_values[name]))
        if extra_values.get(name)
        else json_value
        for name in fields
    }
    document = st.fixed_dictionaries({}, optional=values).map(json.dumps)
    return st.one_of(document, st.just("not json {"), st.just("[1, 2]"), st.just("null"))
