"""How much of a follow-up survey is answered. Pure: no Django.

A follow-up with no question answered and no comment written is *blank*: it is never stored and
never counts as a response (an untouched form, or Enter pressed too early, is not an answer). One
with fewer than half of its questions answered is *sparse*: it is stored only after the person
saving it confirms. The questions are the yes/no statements and the three 1-5 scales; the two
comments are optional and are not questions, but a written comment makes a survey not blank.
"""

from collections.abc import Mapping
from dataclasses import dataclass

SCALE_FIELDS = ("specialist_satisfaction", "general_satisfaction", "usefulness")
COMMENT_FIELDS = ("facilitator_comment", "barrier_comment")


@dataclass(frozen=True)
class Completeness:
    answered: int
    questions: int
    has_comment: bool

    @property
    def is_blank(self) -> bool:
        return self.answered == 0 and not self.has_comment

    @property
    def is_sparse(self) -> bool:
        """Not blank, but fewer than half of the questions answered."""
        return not self.is_blank and 2 * self.answered < self.questions


def completeness(values: Mapping, answers: Mapping[int, bool | None]) -> Completeness:
    """``values``: scales and comments by field name; ``answers``: statement id to yes/no/None."""
    answered = sum(1 for agrees in answers.values() if agrees is not None)
    answered += sum(1 for name in SCALE_FIELDS if values.get(name) is not None)
    has_comment = any((values.get(name) or "").strip() for name in COMMENT_FIELDS)
    return Completeness(
        answered=answered, questions=len(answers) + len(SCALE_FIELDS), has_comment=has_comment
    )
