"""Sources, versions and codings: the rules the services keep."""

import pytest
from django.core.exceptions import ValidationError

from qualitative.models import Coding, Source
from qualitative.services import code_create, coding_create, codings_accept, source_correct
from tests.qualitative.conftest import TRANSCRIPT

pytestmark = pytest.mark.django_db


def span_of(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


@pytest.mark.parametrize(
    "start,end", [(-1, 5), (5, 5), (9, 3), (0, len(TRANSCRIPT) + 1), (10**9, 10**9 + 1)]
)
def test_codings_outside_the_text_or_empty_are_refused(source, code, researcher, start, end):
    with pytest.raises(ValidationError, match="within the text"):
        coding_create(actor=researcher, source=source, code=code, start=start, end=end)
    assert not Coding.objects.exists()


def test_a_coder_s_overlapping_codings_of_one_code_become_one(source, code, researcher):
    coding_create(actor=researcher, source=source, code=code, start=10, end=20)
    coding_create(actor=researcher, source=source, code=code, start=15, end=30)
    coding_create(actor=researcher, source=source, code=code, start=30, end=35)
    assert list(Coding.objects.values_list("start", "end")) == [(10, 35)]


def test_overlapping_codings_of_other_codes_and_coders_stay_apart(
    source, code, project, researcher, second_researcher, admin
):
    other = code_create(actor=admin, project=project, name="Role")
    coding_create(actor=researcher, source=source, code=code, start=10, end=20)
    coding_create(actor=researcher, source=source, code=other, start=15, end=30)
    coding_create(actor=second_researcher, source=source, code=code, start=15, end=30)
    assert Coding.objects.count() == 3


def test_a_code_of_another_project_is_refused(source, researcher, admin, center):
    from qualitative.services import project_create

    stranger = code_create(
        actor=admin, project=project_create(actor=admin, name="Other"), name="Elsewhere"
    )
    with pytest.raises(ValidationError, match="not in this source's codebook"):
        coding_create(actor=researcher, source=source, code=stranger, start=0, end=5)


def test_a_text_not_yet_coded_is_corrected_in_place(source, researcher):
    corrected = source_correct(actor=researcher, source=source, text=TRANSCRIPT + " More.")
    assert corrected.pk == source.pk
    assert corrected.version == 1


def test_a_correction_after_coding_makes_a_new_version_and_carries_codings(
    source, code, researcher
):
    start, end = span_of(TRANSCRIPT, "reserve days to call employers")
    coding_create(actor=researcher, source=source, code=code, start=start, end=end)
    role = span_of(TRANSCRIPT, "IPS specialist B")
    coding_create(actor=researcher, source=source, code=code, start=role[0], end=role[1])
    text = TRANSCRIPT.replace("IPS specialist B", "IPS specialist C").replace(
        "How do you", "How did you"
    )

    new = source_correct(actor=researcher, source=source, text=text)

    source.refresh_from_db()
    assert (new.version, new.previous, source.is_current, new.is_current) == (
        2,
        source,
        False,
        True,
    )
    moved = new.codings.get(needs_check=False)
    assert new.text[moved.start : moved.end] == "reserve days to call employers"
    assert new.codings.filter(needs_check=True).count() == 1
    assert source.codings.count() == 2  # the old version keeps its codings


def test_an_old_version_cannot_be_coded(source, code, researcher):
    coding_create(actor=researcher, source=source, code=code, start=0, end=5)
    source_correct(actor=researcher, source=source, text=TRANSCRIPT + " More.")
    source.refresh_from_db()
    with pytest.raises(ValidationError, match="old version"):
        coding_create(actor=researcher, source=source, code=code, start=0, end=5)


def test_accepting_another_coder_s_codings_copies_them_to_the_consensus_coder(
    source, code, researcher, second_researcher
):
    coding_create(actor=second_researcher, source=source, code=code, start=3, end=9)
    codings_accept(actor=researcher, codings=Coding.objects.filter(coder=second_researcher))
    assert list(Coding.objects.filter(coder=researcher).values_list("start", "end")) == [(3, 9)]


def test_review_notes_need_a_review(project, center, researcher):
    from qualitative.services import source_create

    with pytest.raises(ValidationError, match="belong to a review"):
        source_create(
            actor=researcher,
            project=project,
            center=center,
            kind=Source.Kind.REVIEW_NOTES,
            title="Notes",
            text="Some notes",
        )
