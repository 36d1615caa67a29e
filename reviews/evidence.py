"""Evidence beside each item of the rating and consensus pages, from apps above reviews.

Apps register functions ``(user, review, *, whole_center) -> {item number: [excerpts]}`` in
``ITEM_EVIDENCE`` from their AppConfig.ready, so that reviews imports none of them. An excerpt has
``text``, ``informants`` and ``kind_label``.
"""

from collections.abc import Callable

ITEM_EVIDENCE: list[Callable[..., dict[int, list]]] = []


def item_evidence(user, review, *, whole_center: bool = False) -> dict[int, list]:
    found: dict[int, list] = {}
    for source in ITEM_EVIDENCE:
        for number, excerpts in source(user, review, whole_center=whole_center).items():
            found.setdefault(number, []).extend(excerpts)
    return found
