"""Random study codes such as ``P-7KQ4-M2XD``. Pure: no Django.

The alphabet is Crockford's base 32 without the digits 0 and 1: no O/0 or I/L/1 to confuse when a
code is read aloud or copied from paper, and no U. 30 characters, eight of them: about 6.6e11
codes, so a collision is rare and the service simply draws again.
"""

import random
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PATTERN = re.compile(rf"^P-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_study_code(rng: random.Random | None = None) -> str:
    """A fresh code; pass a seeded ``random.Random`` for reproducible demo data only."""
    choose = rng.choice if rng is not None else secrets.choice
    characters = "".join(choose(ALPHABET) for _ in range(8))
    return f"P-{characters[:4]}-{characters[4:]}"
