"""Names and national identity numbers are recognised wherever they appear."""

import pytest

from ipsweb.identity import (
    holds_national_identity_number,
    is_identifying_header,
    is_national_identity_number,
)


@pytest.mark.parametrize("number", ["15057587684", "31129945616"])
def test_numbers_with_both_check_digits_right_are_identity_numbers(number):
    assert is_national_identity_number(number)


@pytest.mark.parametrize("number", ["15057587685", "1505758768", "150575876840", "abcdefghijk"])
def test_other_numbers_are_not(number):
    assert not is_national_identity_number(number)


def test_an_identity_number_is_found_inside_text_and_with_a_space():
    assert holds_national_identity_number("ring 150575 87684 i morgen")
    assert holds_national_identity_number("id:15057587684.")
    assert not holds_national_identity_number("2025-01-15")
    assert not holds_national_identity_number("9915057587684")  # part of a longer number


@pytest.mark.parametrize(
    "header",
    ["navn", "Etternavn", "first_name", "Full name", "fnr", "Fødselsnummer", "DOB", "epost"],
)
def test_identifying_headers_are_recognised(header):
    assert is_identifying_header(header)


@pytest.mark.parametrize(
    "header", ["study_code", "center_code", "program_reference", "statement_3_label", "age"]
)
def test_the_exports_own_headers_are_not(header):
    assert not is_identifying_header(header)
