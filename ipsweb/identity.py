"""What must never be stored with participant data: names and identity numbers. Pure: no Django.

Uploaded files are checked with these before anything else is read from them. A Norwegian
national identity number (fødselsnummer, and the D and H numbers built the same way) is 11 digits
whose last two are check digits (modulo 11); a run of 11 digits that passes both checks is taken as
one, whatever column it is in. Headers are compared word by word with names of identifying columns
in English and Norwegian.
"""

import re
import unicodedata

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Eleven digits, optionally written as six and five with a space between (DDMMYY NNNNN).
_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)")

# Words in a column header that say the column identifies a person.
IDENTIFYING_WORDS = frozenset(
    {
        "name",
        "names",
        "navn",
        "fornavn",
        "etternavn",
        "mellomnavn",
        "firstname",
        "lastname",
        "surname",
        "fullname",
        "fnr",
        "dnr",
        "fodselsnummer",
        "personnummer",
        "personnr",
        "ssn",
        "nin",
        "dob",
        "birthdate",
        "fodselsdato",
        "fodt",
        "address",
        "adresse",
        "email",
        "epost",
        "phone",
        "telefon",
        "mobil",
        "mobile",
    }
)
# Headers that are made of harmless words but together name an identifying column.
IDENTIFYING_PHRASES = frozenset({"date of birth", "first name", "last name", "e mail"})


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def is_national_identity_number(digits: str) -> bool:
    """Whether 11 digits pass both modulo-11 checks of a Norwegian national identity number."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    first = _check_digit(digits[:9], _WEIGHTS_1)
    if first is None or first != int(digits[9]):
        return False
    second = _check_digit(digits[:10], _WEIGHTS_2)
    return second is not None and second == int(digits[10])


def holds_national_identity_number(text: str) -> bool:
    """Whether a text contains anything that passes as a national identity number."""
    return any(
        is_national_identity_number(first + last) for first, last in _ELEVEN_DIGITS.findall(text)
    )


def _words(header: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", header.lower().replace("ø", "o").replace("æ", "ae"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.findall(r"[a-z]+", plain)


def is_identifying_header(header: str) -> bool:
    """Whether a column header names a name, identity number, birth date or contact column."""
    words = _words(header)
    joined = " ".join(words)
    return (
        any(word in IDENTIFYING_WORDS for word in words)
        or "".join(words) in IDENTIFYING_WORDS
        or any(phrase in joined for phrase in IDENTIFYING_PHRASES)
    )
