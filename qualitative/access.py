"""Who may read and code which sources: the one home of the qualitative permission rules.

- Admins: everything.
- Reviewers: the notes of the reviews they are assigned to (kind "reviewer's interview notes").
- Researchers: the study sources (focus groups, participant interviews, documents) of the centers
  whose participant data they may see: members and explicit grants, never review assignments
  (``centers.selectors.health_data_centers_for_user``). Participant interviews are health data.
- Program managers: no whole source. They see excerpts only through the joint display and the
  evidence beside items (``excerpt_centers_for_user``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from centers.models import Center
from centers.roles import Role, is_admin, user_role
from centers.selectors import centers_for_user, health_data_centers_for_user
from qualitative.models import Code, Coding, Project, Source


def sources_for_user(user) -> QuerySet[Source]:
    """Every version of every source the user may read whole."""
    if not user.is_authenticated:
        return Source.objects.none()
    if is_admin(user):
        return Source.objects.all()
    notes = Source.objects.filter(
        kind=Source.Kind.REVIEW_NOTES, review__assignments__reviewer=user
    ).values("pk")
    rule = Q(pk__in=notes)
    if user_role(user) == Role.RESEARCHER:
        rule |= ~Q(kind=Source.Kind.REVIEW_NOTES) & Q(
            center__in=health_data_centers_for_user(user).values("pk")
        )
    return Source.objects.filter(rule)


def may_code(user) -> bool:
    return user.has_perm("qualitative.add_coding")


def projects_for_user(user) -> QuerySet[Project]:
    """Projects with a source the user may read, or (researchers) with one of their centers."""
    if not user.is_authenticated:
        return Project.objects.none()
    if is_admin(user):
        return Project.objects.all()
    rule = Q(pk__in=sources_for_user(user).values("project_id"))
    if user_role(user) == Role.RESEARCHER:
        rule |= Q(pk__in=Project.objects.filter(centers__in=health_data_centers_for_user(user)))
    return Project.objects.filter(rule)


def project_for_user(user, pk: int, *, permission: str | None = None) -> Project:
    project = get_object_or_404(projects_for_user(user), pk=pk)
    _require(user, permission)
    return project


def source_for_user(user, pk: int, *, permission: str | None = None) -> Source:
    source = get_object_or_404(
        sources_for_user(user).select_related("project", "center", "review"), pk=pk
    )
    _require(user, permission)
    return source


def coding_for_user(user, source: Source, pk: int) -> Coding:
    """One coding of a source the user may read: their own, or anyone's for an admin."""
    coding = get_object_or_404(source.codings.select_related("code"), pk=pk)
    if coding.coder_id != user.pk and not is_admin(user):
        raise PermissionDenied
    return coding


def code_for_user(user, project: Project, pk: int) -> Code:
    return get_object_or_404(project.codes.all(), pk=pk)


def may_edit_codebook(user) -> bool:
    return user.has_perm("qualitative.change_code")


def may_see_excerpts(user) -> bool:
    """Joint display and item evidence: admins, program managers and researchers."""
    return user_role(user) in {Role.ADMIN, Role.MANAGER, Role.RESEARCHER}


def excerpt_centers_for_user(user) -> QuerySet[Center]:
    """Centers whose excerpts the user may see in the joint display and beside items: their
    centers in scope (researchers: their participant-data centers only)."""
    if user_role(user) == Role.RESEARCHER:
        return health_data_centers_for_user(user)
    return centers_for_user(user)


def _require(user, permission: str | None) -> None:
    if permission and not user.has_perm(permission):
        raise PermissionDenied
