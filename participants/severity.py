"""Severity of mental illness derived from a M.I.N.I. diagnostic screen. Pure: no Django.

The rule follows the seed paper (Fyhn et al. 2020): psychosis or bipolar disorder is severe mental
illness; any other diagnosis found by the screen is moderate. Every result carries ``RULE_VERSION``
so that a change of the rule later never silently changes what an exported number meant.
"""

import enum
from dataclasses import dataclass

RULE_VERSION = "severity-1 (severe: psychosis or bipolar; moderate: another diagnosis)"


class Severity(enum.StrEnum):
    SEVERE = "severe"
    MODERATE = "moderate"
    NONE = "none"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Diagnoses:
    """One screen's findings. ``True`` found, ``False`` not found, ``None`` not assessed."""

    recurrent_depression: bool | None = None
    psychosis: bool | None = None
    bipolar: bool | None = None
    anxiety: bool | None = None
    substance_addiction: bool | None = None


def classify(diagnoses: Diagnoses | None) -> Severity:
    """Severe, moderate, none or unknown.

    - severe: psychosis or bipolar disorder found;
    - moderate: no severe diagnosis found, and at least one other diagnosis found. An unassessed
      psychosis or bipolar item does not block "moderate": the screen found what it found (this is
      how the seed paper counts, which classified more people than it assessed for psychosis);
    - none: all five items assessed and none found;
    - unknown: no screen, or nothing found while some items were not assessed.
    """
    if diagnoses is None:
        return Severity.UNKNOWN
    if diagnoses.psychosis or diagnoses.bipolar:
        return Severity.SEVERE
    others = [diagnoses.recurrent_depression, diagnoses.anxiety, diagnoses.substance_addiction]
    if any(others):
        return Severity.MODERATE
    if all(value is False for value in [*others, diagnoses.psychosis, diagnoses.bipolar]):
        return Severity.NONE
    return Severity.UNKNOWN
