"""Agreement of two coders on one code, character by character. Plain data in, no ORM.

Each character of the source is a unit: coded or not coded with the code, by each coder.
Percentage agreement is the share of characters where both say the same; Cohen's kappa corrects it
for the agreement expected by chance from each coder's own share of coded characters:

    kappa = (p_observed - p_chance) / (1 - p_chance)
    p_chance = pA * pB + (1 - pA) * (1 - pB)

Kappa is undefined (None) when chance agreement is 1: both coders coded all of the text, or none.
"""

from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[int, int]  # start inclusive, end exclusive, in characters


@dataclass(frozen=True)
class Agreement:
    characters: int
    both: int  # coded by both
    only_first: int
    only_second: int
    neither: int
    percent: float | None  # 0..100
    kappa: float | None


def covered(spans: Iterable[Span], length: int) -> set[int]:
    """The character positions the spans cover, clipped to the text."""
    positions: set[int] = set()
    for start, end in spans:
        positions.update(range(max(0, start), min(end, length)))
    return positions


def character_agreement(first: Iterable[Span], second: Iterable[Span], length: int) -> Agreement:
    a, b = covered(first, length), covered(second, length)
    both = len(a & b)
    only_first, only_second = len(a - b), len(b - a)
    neither = length - both - only_first - only_second
    if length <= 0:
        return Agreement(0, 0, 0, 0, 0, None, None)
    observed = (both + neither) / length
    p_first, p_second = len(a) / length, len(b) / length
    chance = p_first * p_second + (1 - p_first) * (1 - p_second)
    kappa = None if chance >= 1 else (observed - chance) / (1 - chance)
    return Agreement(length, both, only_first, only_second, neither, observed * 100, kappa)


def merged(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans joined into one, in order."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result
