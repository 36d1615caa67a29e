"""Writes of the qualitative side: sources and their versions, codes, codings, memos."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitative.agreement import merged
from qualitative.models import Code, Coding, Memo, Project, Source
from qualitative.offsets import carried_over, nearest
from qualitative.uploads import checked_text


def project_create(*, actor, name: str, description: str = "", centers=()) -> Project:
    project = Project(name=name, description=description, created_by=actor)
    project.full_clean()
    project.save()
    project.centers.set(centers)
    return project


def source_create(
    *,
    actor,
    project: Project,
    center,
    kind: str,
    title: str,
    text: str,
    review=None,
    date=None,
    interviewer: str = "",
    informants: str = "",
) -> Source:
    if review is not None and review.center_id != center.pk:
        raise ValidationError({"review": _("The review must be of the source's center.")})
    if kind == Source.Kind.REVIEW_NOTES and review is None:
        raise ValidationError({"review": _("A reviewer's notes belong to a review; choose it.")})
    source = Source(
        project=project,
        center=center,
        review=review,
        kind=kind,
        title=title,
        text=checked_text(text),
        date=date,
        interviewer=interviewer,
        informants=informants,
        created_by=actor,
    )
    source.full_clean()
    source.save()
    project.centers.add(center)
    return source


@transaction.atomic
def source_correct(*, actor, source: Source, text: str) -> Source:
    """Correct a source's text. Before coding started the text is simply replaced; after, the
    correction is a new version: codings on unchanged text move with it, the others are placed
    as near as possible and flagged for a check. The old version and its codings stay as they were.
    """
    text = checked_text(text)
    source = Source.objects.select_for_update().get(pk=source.pk)
    if not source.is_current:
        raise ValidationError(_("Only the current version can be corrected."))
    if text == source.text:
        return source
    if not source.codings.exists():
        source.text = text
        source.save(update_fields=["text"])
        return source
    old_text = source.text
    source.is_current = False
    source.save(update_fields=["is_current"])
    new = Source.objects.create(
        project=source.project,
        center=source.center,
        review=source.review,
        kind=source.kind,
        title=source.title,
        date=source.date,
        interviewer=source.interviewer,
        informants=source.informants,
        text=text,
        version=source.version + 1,
        previous=source,
        created_by=actor,
    )
    codings = list(source.codings.order_by("pk"))
    spans = carried_over(old_text, text, [(c.start, c.end) for c in codings])
    created = set()
    for coding, span in zip(codings, spans, strict=True):
        flagged = span is None or coding.needs_check
        start, end = span or nearest(old_text, text, (coding.start, coding.end))
        key = (coding.code_id, coding.coder_id, start, end)
        if key in created:
            continue
        created.add(key)
        Coding.objects.create(
            source=new,
            code_id=coding.code_id,
            coder_id=coding.coder_id,
            start=start,
            end=end,
            needs_check=flagged,
        )
    return new


def code_create(
    *,
    actor,
    project: Project,
    name: str,
    parent: Code | None = None,
    definition: str = "",
    colour: str = "#1f77b4",
    examples: str = "",
    scale_items=(),
    statements=(),
    guid: uuid.UUID | None = None,
) -> Code:
    if parent is not None and parent.project_id != project.pk:
        raise ValidationError({"parent": _("The parent code must be of the same project.")})
    code = Code(
        project=project,
        parent=parent,
        name=name.strip(),
        definition=definition,
        colour=colour,
        examples=examples,
        guid=guid or uuid.uuid4(),
    )
    code.full_clean()
    code.save()
    code.scale_items.set(scale_items)
    code.statements.set(statements)
    return code


def code_update(*, actor, code: Code, **fields) -> Code:
    scale_items = fields.pop("scale_items", None)
    statements = fields.pop("statements", None)
    parent = fields.get("parent")
    if parent is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == code.pk:
                raise ValidationError({"parent": _("A code cannot be inside itself.")})
            ancestor = ancestor.parent
    for name, value in fields.items():
        setattr(code, name, value)
    code.full_clean()
    code.save()
    if scale_items is not None:
        code.scale_items.set(scale_items)
    if statements is not None:
        code.statements.set(statements)
    return code


@transaction.atomic
def coding_create(*, actor, source: Source, code: Code, start: int, end: int) -> Coding:
    """Apply a code to characters ``start``..``end`` (end exclusive) for ``actor``.

    The coder's own codings with the same code that overlap or touch the new one are joined into
    one, so a coder's codings of a code never overlap (codings of different codes, or of different
    coders, may).
    """
    source = Source.objects.select_for_update().get(pk=source.pk)
    if not source.is_current:
        raise ValidationError(_("This is an old version of the source; code the current one."))
    if code.project_id != source.project_id:
        raise ValidationError(_("The code is not in this source's codebook."))
    if not (0 <= start < end <= len(source.text)):
        raise ValidationError(
            _("Choose a passage within the text (characters 0 to %(length)s).")
            % {"length": len(source.text)}
        )
    own = list(
        source.codings.filter(code=code, coder=actor, start__lte=end, end__gte=start).order_by(
            "start"
        )
    )
    (new_start, new_end), *_rest = merged([(start, end), *((c.start, c.end) for c in own)])
    for coding in own:
        coding.delete()
    coding = Coding(source=source, code=code, coder=actor, start=new_start, end=new_end)
    coding.full_clean()
    coding.save()
    return coding


def coding_delete(*, actor, coding: Coding) -> None:
    coding.delete()


@transaction.atomic
def codings_accept(*, actor, codings) -> int:
    """Copy other coders' codings into ``actor``'s own (the consensus coder); returns how many
    passages were added or widened."""
    count = 0
    for coding in codings:
        if coding.coder_id == actor.pk:
            continue
        coding_create(
            actor=actor, source=coding.source, code=coding.code, start=coding.start, end=coding.end
        )
        count += 1
    return count


def memo_create(*, actor, project: Project, text: str, code=None, source=None) -> Memo:
    if (code is None) == (source is None):
        raise ValidationError(_("A memo is on a code or on a source."))
    memo = Memo(project=project, code=code, source=source, text=text, author=actor)
    memo.full_clean()
    memo.save()
    return memo
