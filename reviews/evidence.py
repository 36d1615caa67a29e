"""Evidence beside each item of the rating and consensus pages, from apps above reviews.

Apps register functions ``(user, review, *, whole_center) -> {item number: [excerpts]}`` in
``ITEM_EVIDENCE`` from their AppConfig.ready, so that reviews imports none of them. An excerpt has
``text``, ``informants`` and ``kind_label``.
"""

import hashlib
from collections.abc import Callable

ITEM_EVIDENCE: list[Callable[..., dict[int, list]]] = []


def item_evidence(user, review, *, whole_center: bool = False) -> dict[int, list]:
    found: dict[int, list] = {}
    for source in ITEM_EVIDENCE:
        for number, excerpts in source(user, review, whole_center=whole_center).items():
            found.setdefault(number, []).extend(excerpts)
    return found


def excerpt_key(excerpt) -> str:
    """A name for one excerpt that stays the same between page views: its source and its words."""
    return hashlib.sha256(f"{excerpt.source_id}\n{excerpt.text}".encode()).hexdigest()[:32]


def excerpt_attribution(excerpt) -> str:
    """Where an excerpt comes from, as shown under a quote: the kind of source and informants."""
    if not excerpt.informants:
        return excerpt.kind_label
    return f"{excerpt.kind_label}; {excerpt.informants}"


def item_excerpt(user, review, number: int, key: str):
    """The excerpt named ``key`` coded to item ``number`` that ``user`` may see beside the review
    (its own sources or the center's), or None."""
    for whole_center in (False, True):
        for excerpt in item_evidence(user, review, whole_center=whole_center).get(number, []):
            if excerpt_key(excerpt) == key:
                return excerpt
    return None
