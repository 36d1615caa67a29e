"""Carry codings over to a corrected text. Plain data in, no ORM.

``difflib.SequenceMatcher`` finds the blocks of characters the two versions share. A span whose
every character lies in one unchanged block moves with it; a span that touches changed text cannot
be placed with certainty and is returned as ``None`` (the caller keeps it, flagged for a check).
"""

import difflib

Span = tuple[int, int]


def carried_over(old: str, new: str, spans: list[Span]) -> list[Span | None]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    result: list[Span | None] = []
    for start, end in spans:
        placed = None
        for block in blocks:
            if block.a <= start and end <= block.a + block.size:
                shift = block.b - block.a
                placed = (start + shift, end + shift)
                break
        result.append(placed)
    return result


def nearest(old: str, new: str, span: Span) -> Span:
    """A best guess for a span that touched changed text: its first and last characters mapped
    through the matching blocks, clipped to the new text (a coder checks it)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    start, end = span
    new_start, new_end = 0, len(new)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if a1 <= start < a2:
            new_start = b1 + (start - a1 if tag == "equal" else 0)
        if a1 < end <= a2:
            new_end = b1 + (end - a1 if tag == "equal" else b2 - b1)
    if new_end <= new_start:
        new_end = min(len(new), new_start + 1)
    return (min(new_start, max(0, len(new) - 1)), new_end)
