"""Tokens of links that open one thing without a login (survey self-completion, data requests,
action plan follow-up). Pure: no Django.

A token carries 256 random bits (``secrets.token_urlsafe(32)``), so it cannot be guessed; the
database keeps only its SHA-256 hash, so a leaked database or backup does not open any link. A
plain hash is enough for a secret this long: there is nothing to brute-force, so no slow hash.
"""

import hashlib
import secrets

# Longer input is not a token we made; refusing it early keeps hashing cheap for junk requests.
MAX_TOKEN_LENGTH = 64


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
