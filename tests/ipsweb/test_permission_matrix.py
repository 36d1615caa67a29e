"""Every URL name against every role, with the status each must get.

A URL added without a row here fails `test_every_url_has_a_row`, so no page ships unchecked.
Roles: admin; manager of the center (``manager_in``) and of another region (``manager_out``);
a reviewer assigned to the center's work (``reviewer_in``) and one with no assignment
(``reviewer_out``); an external reviewer (``reviewer_assigned``: member of another center, assigned
to the center's reviews), who sees those reviews but never the center's participant data (404, as
for outsiders); a researcher member of the center (``researcher_in``) and one of another center
(``researcher_out``), who read and code the center's interview transcripts and nothing of
participants; an anonymous visitor; and the holder of a participant's self-completion link
(``link_holder``: anonymous, with the token in hand). Action plan follow-up links (``/a/``) are
keys too: whoever holds one sees that plan, with or without an account.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.services import token_create
from centers.models import OutcomeBenchmark
from centers.roles import Role
from participants.models import ImportBatch, Statement
from participants.services import link_create
from qualitative.models import Source
from qualitative.services import code_create, coding_create, project_create, source_create
from reviews.models import ReportQuote
from reviews.services.facts import data_request_create
from reviews.services.follow_up import follow_up_link_create
from tests.factories import (
    EmploymentOutcomeFactory,
    ParticipantFactory,
    UserFactory,
    ips25,
    reviews_in_every_state,
)

pytestmark = pytest.mark.django_db
ROLES = [
    "admin",
    "manager_in",
    "manager_out",
    "reviewer_in",
    "reviewer_out",
    "reviewer_assigned",
    "researcher_in",
    "researcher_out",
    "anonymous",
    "link_holder",
]
LOGIN = 302  # anonymous visitors are sent to the login page


@dataclass(frozen=True)
class Row:
    args: Callable = lambda w: []
    get: dict = field(default_factory=dict)  # role -> status; unlisted roles take `default`
    default: int = 200
    method: str = "get"


def everyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def staff_only(
    admin=200,
    manager_in=200,
    manager_out=404,
    reviewer_in=200,
    reviewer_out=404,
    reviewer_assigned=None,
    researcher_in=None,
    researcher_out=None,
) -> dict:
    """Statuses for logged-in staff; the assigned external reviewer gets what outsiders get unless
    told otherwise, and researchers what reviewers without an assignment get."""
    return {
        "admin": admin,
        "manager_in": manager_in,
        "manager_out": manager_out,
        "reviewer_in": reviewer_in,
        "reviewer_out": reviewer_out,
        "reviewer_assigned": reviewer_out if reviewer_assigned is None else reviewer_assigned,
        "researcher_in": reviewer_out if researcher_in is None else researcher_in,
        "researcher_out": reviewer_out if researcher_out is None else researcher_out,
        "anonymous": LOGIN,
        "link_holder": LOGIN,
    }


def admins_only(in_scope_status: int = 403) -> dict:
    return staff_only(
        manager_in=403, manager_out=in_scope_status, reviewer_in=403, reviewer_out=in_scope_status
    )


def api(**statuses) -> dict:
    """The API: the pages' statuses for staff, 401 (not a login page) for everyone else."""
    return {**staff_only(**statuses), "anonymous": 401, "link_holder": 401}


API_READERS = api(manager_out=200, reviewer_out=200)
API_DASHBOARD = api(manager_out=200, reviewer_in=403, reviewer_out=403)
API_ADMINS = api(manager_in=403, manager_out=403, reviewer_in=403, reviewer_out=403)


def study_source(ok: int = 200, **others) -> dict:
    """A participant-interview source: admins and the researchers of its center, nobody else
    (review assignments and program management give no access to whole transcripts)."""
    return {
        **staff_only(manager_in=404, reviewer_in=404),
        "admin": ok,
        "researcher_in": ok,
        **others,
    }


CENTER = lambda w: [w["center"].pk]  # noqa: E731
PARTICIPANT = lambda w: [w["participant"].pk]  # noqa: E731
REVIEW = lambda w: [w["review"].pk]  # noqa: E731
FINAL = lambda w: [w["final"].pk]  # noqa: E731
ACTION = lambda w: [w["final"].pk, w["action"].pk]  # noqa: E731
PUBLISHED = lambda w: [ips25().pk]  # noqa: E731
IMPORT_BATCH = lambda w: [w["import_batch"].pk]  # noqa: E731
DRAFT = lambda w: [w["draft"].pk]  # noqa: E731
RESEARCHER_IN_403 = {"researcher_in": 403}
RESEARCHERS_403 = {"researcher_in": 403, "researcher_out": 403}
PROJECT = lambda w: [w["project"].pk]  # noqa: E731
SOURCE = lambda w: [w["source"].pk]  # noqa: E731
DRAFT_ITEM = lambda w: [w["draft"].pk, w["draft"].items.order_by("pk").first().pk]  # noqa: E731

MATRIX: dict[str, Row] = {
    "home": Row(get=everyone(302)),
    "healthz": Row(get=everyone(200)),
    "favicon": Row(get=everyone(301)),
    "login": Row(get=everyone(200)),
    "logout": Row(method="post", get=everyone(200)),
    "password_change": Row(get={**staff_only(manager_out=200, reviewer_out=200)}),
    "password_change_done": Row(get={**staff_only(manager_out=200, reviewer_out=200)}),
    "password_reset": Row(get=everyone(200)),
    "password_reset_done": Row(get=everyone(200)),
    "password_reset_confirm": Row(args=lambda w: ["MQ", "set-password"], get=everyone(200)),
    "password_reset_complete": Row(get=everyone(200)),
    "profile": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    # Languages: the switcher of anonymous pages (POST, back to the page) and the JS catalog.
    "set_language": Row(method="post", get=everyone(302)),
    "javascript_catalog": Row(get=everyone(200)),
    "two_factor": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    # Verified already (admins) or not needing it (the others): on to the next page.
    "two_factor_verify": Row(get=everyone(302)),
    "two_factor_setup": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    # Recovery codes are shown once, right after they were made; otherwise back to the overview.
    "two_factor_recovery_codes": Row(get=everyone(302)),
    "two_factor_turn_off": Row(method="post", get=everyone(302)),
    "user_two_factor_reset": Row(
        method="post",
        args=lambda w: [w["users"]["manager_in"].pk],
        get={**admins_only(), "admin": 302},
    ),
    "centers:list": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    # The external reviewer sees the center, its outcomes and the reviews they are assigned to.
    "centers:detail": Row(args=CENTER, get=staff_only(reviewer_assigned=200)),
    "centers:create": Row(get=admins_only(in_scope_status=403)),
    "centers:edit": Row(args=CENTER, get=admins_only(in_scope_status=403)),
    "centers:members": Row(args=CENTER, get=admins_only(in_scope_status=403)),
    "centers:toggle_active": Row(
        args=CENTER, method="post", get={**admins_only(403), "admin": 302}
    ),
    "centers:outcomes": Row(args=CENTER, get=staff_only(reviewer_assigned=200)),
    "centers:outcome_create": Row(
        args=CENTER, get={**admins_only(in_scope_status=404), "reviewer_assigned": 403}
    ),
    "centers:outcome_edit": Row(
        args=lambda w: [w["center"].pk, w["outcome"].pk],
        get={**admins_only(in_scope_status=404), "reviewer_assigned": 403},
    ),
    "outcome_import": Row(get=admins_only(403)),
    "benchmark_list": Row(get=admins_only(403)),
    "benchmark_create": Row(get=admins_only(403)),
    "benchmark_edit": Row(args=lambda w: [w["benchmark"].pk], get=admins_only(403)),
    "participants:list": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "participants:create": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "participants:detail": Row(args=PARTICIPANT, get=staff_only()),
    "participants:edit": Row(args=PARTICIPANT, get=staff_only()),
    "participants:withdraw": Row(args=PARTICIPANT, get=staff_only()),
    "participants:erase": Row(args=PARTICIPANT, get=admins_only(in_scope_status=404)),
    "participants:baseline": Row(args=PARTICIPANT, get=staff_only()),
    "participants:diagnostic": Row(args=PARTICIPANT, get=staff_only()),
    "participants:follow_up": Row(args=PARTICIPANT, get=staff_only()),
    "participants:link_create": Row(args=PARTICIPANT, get=staff_only()),
    "participants:link_revoke": Row(
        args=lambda w: [w["participant"].pk, w["link"].pk],
        method="post",
        get=staff_only(admin=302, manager_in=302, reviewer_in=302),
    ),
    "participants:follow_ups_due": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "participants:dashboard": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "participants:exports": Row(get=admins_only(403)),
    "participants:read_log": Row(get=admins_only(403)),
    # Staff import for the centers they may see (the page itself is the same for everyone); a
    # checked file waiting for confirmation is its owner's alone (here manager_in's).
    "participants:import": Row(
        get=staff_only(manager_out=200, reviewer_out=200, **RESEARCHERS_403)
    ),
    "participants:import_template": Row(
        args=lambda w: ["xlsx"],
        get=staff_only(manager_out=200, reviewer_out=200, **RESEARCHERS_403),
    ),
    "participants:import_preview": Row(
        args=IMPORT_BATCH, get=staff_only(admin=404, reviewer_in=404, **RESEARCHERS_403)
    ),
    "participants:import_discard": Row(
        args=IMPORT_BATCH,
        method="post",
        get=staff_only(admin=404, manager_in=302, reviewer_in=404, **RESEARCHERS_403),
    ),
    "participants:import_log": Row(get=admins_only(403)),
    "participants:statements": Row(get=admins_only(403)),
    "participants:statement_create": Row(get=admins_only(403)),
    "participants:statement_edit": Row(args=lambda w: [w["statement"].pk], get=admins_only(403)),
    # The link itself is the key: whoever holds it may answer, with or without an account.
    "self_completion": Row(args=lambda w: [w["token"]], get=everyone(200)),
    "self_completion_thanks": Row(get=everyone(200)),
    # A data request link: whoever holds it (the center's team leader) fills in the facts.
    "data_request": Row(args=lambda w: [w["data_request_token"]], get=everyone(200)),
    "action_follow_up": Row(args=lambda w: [w["follow_up_token"]], get=everyone(200)),
    "reviews:list": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "reviews:mine": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "reviews:create": Row(get=admins_only(403)),
    "reviews:detail": Row(args=REVIEW, get=staff_only(reviewer_assigned=200)),
    "reviews:edit": Row(
        args=REVIEW, get={**admins_only(in_scope_status=404), "reviewer_assigned": 403}
    ),
    "reviews:delete": Row(
        args=REVIEW,
        method="post",
        get={**admins_only(in_scope_status=404), "admin": 302, "reviewer_assigned": 403},
    ),
    # Only the reviewers assigned to a review rate it; admins plan reviews but do not rate.
    # The external reviewer is the second (not lead) reviewer of every review of the center.
    "reviews:rate": Row(
        args=REVIEW, get=staff_only(admin=403, manager_in=403, reviewer_assigned=200)
    ),
    "reviews:rate_complete": Row(
        args=REVIEW, get=staff_only(admin=403, manager_in=403, reviewer_assigned=200)
    ),
    "reviews:autosave": Row(
        args=REVIEW,
        method="post",
        get=staff_only(admin=403, manager_in=403, reviewer_in=400, reviewer_assigned=400),
    ),
    # The facts and the data request: the review's reviewers and admins (who plan reviews).
    "reviews:facts": Row(args=REVIEW, get=staff_only(manager_in=403, reviewer_assigned=200)),
    # Posted without a date: the facts page again, saying what to fix.
    "reviews:data_request_create": Row(
        args=REVIEW, method="post", get=staff_only(manager_in=403, reviewer_assigned=200)
    ),
    **dict.fromkeys(
        ["reviews:data_request_revoke", "reviews:data_request_reopen"],
        Row(
            args=REVIEW,
            method="post",
            get=staff_only(admin=302, manager_in=403, reviewer_in=302, reviewer_assigned=302),
        ),
    ),
    # The XLSX rating sheet: only the reviewer themself; the preview without an upload sends
    # them to the upload page.
    "reviews:rate_sheet": Row(
        args=REVIEW, get=staff_only(admin=403, manager_in=403, reviewer_assigned=200)
    ),
    "reviews:rate_sheet_upload": Row(
        args=REVIEW, get=staff_only(admin=403, manager_in=403, reviewer_assigned=200)
    ),
    "reviews:rate_sheet_preview": Row(
        args=REVIEW,
        get=staff_only(admin=403, manager_in=403, reviewer_in=302, reviewer_assigned=302),
    ),
    # Before a review is final a program manager is told when the ratings show (not a 403).
    "reviews:consensus": Row(args=lambda w: [w["ready"].pk], get=staff_only(reviewer_assigned=200)),
    "reviews:strengths": Row(args=REVIEW, get=staff_only(manager_in=403, reviewer_assigned=403)),
    "reviews:finalize": Row(
        args=REVIEW,
        method="post",
        # Unconfirmed, the lead gets the confirmation page (here: not ready to finalize yet).
        get=staff_only(manager_in=403, reviewer_assigned=403),
    ),
    "reviews:reopen": Row(
        args=FINAL, get={**admins_only(in_scope_status=404), "reviewer_assigned": 403}
    ),
    "reviews:report": Row(args=FINAL, get=staff_only(reviewer_assigned=200)),
    "reviews:report_pdf": Row(args=FINAL, get=staff_only(reviewer_assigned=200)),
    # The review's reviewers and admins send the report; without a language chosen they are sent
    # back to the report page with a message (302).
    # The lead (and admins) choose the report's quotes; an empty choice is sent back (302).
    "reviews:quote_add": Row(
        args=REVIEW,
        method="post",
        get=staff_only(admin=302, manager_in=403, reviewer_in=302, reviewer_assigned=403),
    ),
    "reviews:quote_remove": Row(
        args=lambda w: [w["review"].pk, w["quote"].pk],
        method="post",
        get=staff_only(admin=302, manager_in=403, reviewer_in=302, reviewer_assigned=403),
    ),
    "reviews:report_send": Row(
        args=FINAL,
        method="post",
        get=staff_only(admin=302, manager_in=403, reviewer_in=302, reviewer_assigned=302),
    ),
    "reviews:action_create": Row(args=FINAL, get=staff_only(manager_in=403, reviewer_assigned=403)),
    "reviews:action_edit": Row(args=ACTION, get=staff_only(manager_in=403, reviewer_assigned=403)),
    "reviews:action_delete": Row(
        args=ACTION,
        method="post",
        get=staff_only(admin=302, manager_in=403, reviewer_in=302, reviewer_assigned=403),
    ),
    # The review's reviewers (lead or not) and whoever reads every review of the center.
    "reviews:follow_up_links": Row(args=FINAL, get=staff_only(reviewer_assigned=200)),
    "reviews:follow_up_link_revoke": Row(
        args=lambda w: [w["final"].pk, w["follow_up_link"].pk],
        method="post",
        get=staff_only(admin=302, manager_in=302, reviewer_in=302, reviewer_assigned=302),
    ),
    "reviews:scale_list": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    "reviews:scale_detail": Row(args=PUBLISHED, get=staff_only(manager_out=200, reviewer_out=200)),
    "reviews:scale_export": Row(args=PUBLISHED, get=staff_only(manager_out=200, reviewer_out=200)),
    "reviews:scale_create": Row(get=admins_only(403)),
    "reviews:scale_import": Row(get=admins_only(403)),
    "reviews:scale_edit": Row(args=DRAFT, get=admins_only(403)),
    "reviews:scale_sections": Row(args=DRAFT, get=admins_only(403)),
    "reviews:scale_bands": Row(args=DRAFT, get=admins_only(403)),
    "reviews:scale_translate": Row(args=lambda w: [w["draft"].pk, "nb"], get=admins_only(403)),
    "reviews:scale_item_create": Row(args=DRAFT, get=admins_only(403)),
    "reviews:scale_item_edit": Row(args=DRAFT_ITEM, get=admins_only(403)),
    "reviews:scale_item_delete": Row(
        args=DRAFT_ITEM, method="post", get={**admins_only(403), "admin": 302}
    ),
    "reviews:scale_publish": Row(args=DRAFT, method="post", get={**admins_only(403), "admin": 302}),
    "reviews:scale_new_version": Row(
        args=PUBLISHED, method="post", get={**admins_only(403), "admin": 302}
    ),
    "reviews:scale_delete": Row(args=DRAFT, method="post", get={**admins_only(403), "admin": 302}),
    # The API (api/): the same scope as the pages, by session here and by token in
    # tests/api/test_permission_matrix.py.
    "api:schema": Row(get=everyone(200)),
    "api:docs": Row(get=everyone(200)),
    "api:center-list": Row(get=API_READERS),
    "api:center-detail": Row(args=CENTER, get=api(reviewer_assigned=200, researcher_in=200)),
    "api:scale-list": Row(get={**API_READERS, **RESEARCHERS_403}),
    "api:scale-detail": Row(args=PUBLISHED, get={**API_READERS, **RESEARCHERS_403}),
    "api:review-list": Row(get=API_READERS),
    "api:review-detail": Row(args=FINAL, get=api(reviewer_assigned=200)),
    "api:review-report": Row(args=FINAL, get=api(reviewer_assigned=200)),
    "api:comparison": Row(get=API_DASHBOARD),
    "api:portfolio": Row(get=API_DASHBOARD),
    "api:outcome-list": Row(get=API_READERS),
    "api:outcome-detail": Row(
        args=lambda w: [w["outcome"].pk], get=api(reviewer_assigned=200, researcher_in=200)
    ),
    # A form post instead of JSON: 415 for admins; the others may not import outcomes at all.
    "api:outcome-bulk": Row(method="post", get={**API_ADMINS, "admin": 415}),
    "api:survey_aggregates": Row(get={**API_READERS, **RESEARCHERS_403}),
    "api:participants": Row(get=API_ADMINS),
    "api_tokens": Row(get=staff_only(manager_out=200, reviewer_out=200)),
    # Your own token (here manager_in's); an admin revokes anyone's; others' do not exist.
    "api_token_revoke": Row(
        method="post",
        args=lambda w: [w["api_token"].pk],
        get={**staff_only(admin=302, manager_in=302, reviewer_in=404)},
    ),
    "user_api_tokens": Row(args=lambda w: [w["users"]["manager_in"].pk], get=admins_only(403)),
    "user_list": Row(get=admins_only(403)),
    "user_create": Row(get=admins_only(403)),
    "user_edit": Row(args=lambda w: [w["users"]["manager_in"].pk], get=admins_only(403)),
    # Interviews (qualitative): projects show to whoever may read one of their sources: the
    # reviewers of a review its notes, researchers of a center its transcripts.
    "qualitative:projects": Row(
        get={
            **admins_only(),
            "reviewer_in": 200,
            "reviewer_assigned": 200,
            "researcher_in": 200,
            "researcher_out": 200,
        }
    ),
    "qualitative:project_create": Row(get={**admins_only(403), **RESEARCHERS_403}),
    "qualitative:project": Row(
        args=PROJECT, get=study_source(reviewer_in=200, reviewer_assigned=200)
    ),
    "qualitative:source_create": Row(
        args=PROJECT, get=study_source(reviewer_in=200, reviewer_assigned=200)
    ),
    "qualitative:code_create": Row(
        args=PROJECT, get=study_source(reviewer_in=403, reviewer_assigned=403)
    ),
    "qualitative:code_edit": Row(
        args=lambda w: [w["project"].pk, w["code"].pk],
        get=study_source(reviewer_in=403, reviewer_assigned=403),
    ),
    **dict.fromkeys(
        ["qualitative:project_export", "qualitative:codebook_export", "qualitative:project_import"],
        Row(args=PROJECT, get=study_source(reviewer_in=403, reviewer_assigned=403)),
    ),
    "qualitative:excerpts": Row(
        args=PROJECT, get=study_source(reviewer_in=200, reviewer_assigned=200)
    ),
    "qualitative:source": Row(args=SOURCE, get=study_source()),
    "qualitative:source_correct": Row(args=SOURCE, get=study_source()),
    "qualitative:agreement": Row(args=SOURCE, get=study_source()),
    # Posted without a passage: back to the source with what to fix.
    "qualitative:coding_create": Row(args=SOURCE, method="post", get=study_source(302)),
    "qualitative:coding_delete": Row(
        args=lambda w: [w["source"].pk, w["coding"].pk], method="post", get=study_source(302)
    ),
    "qualitative:memo_create": Row(args=SOURCE, method="post", get=study_source(302)),
    # Dashboards: for those who read every review of their centers (admins, program managers),
    # each showing only their own scope; reviewers have no such permission.
    **dict.fromkeys(
        [
            "dashboards:portfolio",
            "dashboards:comparison",
            "dashboards:comparison_export",
            "dashboards:fidelity_outcomes",
            "dashboards:joint_display",
            "dashboards:joint_display_export",
            "dashboards:self_assessments",
        ],
        Row(get=staff_only(manager_out=200, reviewer_in=403, reviewer_out=403)),
    ),
}

# Researchers on the other apps' pages: they see their own center; participant and review pages are
# not for their role (403 where their center is in scope or no object is named, else 404).
RESEARCHERS = {
    "centers:detail": {"researcher_in": 200},
    **dict.fromkeys(
        [
            "centers:outcomes",
            "centers:outcome_create",
            "centers:outcome_edit",
            "participants:baseline",
            "participants:detail",
            "participants:diagnostic",
            "participants:edit",
            "participants:erase",
            "participants:follow_up",
            "participants:link_create",
            "participants:link_revoke",
            "participants:withdraw",
            "reviews:autosave",
            "reviews:rate",
            "reviews:rate_complete",
            "reviews:rate_sheet",
            "reviews:rate_sheet_upload",
            "reviews:rate_sheet_preview",
        ],
        RESEARCHER_IN_403,
    ),
    **dict.fromkeys(
        [
            "participants:create",
            "participants:dashboard",
            "participants:follow_ups_due",
            "participants:list",
            "reviews:list",
            "reviews:mine",
            "reviews:scale_list",
            "reviews:scale_detail",
            "reviews:scale_export",
        ],
        RESEARCHERS_403,
    ),
}
MATRIX.update(
    {
        name: replace(MATRIX[name], get={**MATRIX[name].get, **extra})
        for name, extra in RESEARCHERS.items()
    }
)


def url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django admin checks its own permissions; admins only (is_staff)
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.pattern}")
    return names


def test_every_url_has_a_row():
    missing = url_names() - MATRIX.keys()
    assert not missing, f"add these URL names to the permission matrix: {sorted(missing)}"


def qualitative_world(center, users, review) -> dict:
    project = project_create(actor=users["admin"], name="Study", centers=[center])
    source = source_create(
        actor=users["researcher_in"],
        project=project,
        center=center,
        kind=Source.Kind.PARTICIPANT_INTERVIEW,
        title="Informant 2",
        text="She is really good, really efficient.",
    )
    source_create(
        actor=users["reviewer_in"],
        project=project,
        center=center,
        review=review,
        kind=Source.Kind.REVIEW_NOTES,
        title="Notes",
        text="The team leader said employer contact is rare.",
    )
    code = code_create(actor=users["admin"], project=project, name="Availability")
    coding = coding_create(actor=users["researcher_in"], source=source, code=code, start=0, end=10)
    return {"project": project, "source": source, "code": code, "coding": coding}


@pytest.fixture
def world(center, other_center):
    users = {
        "admin": UserFactory(role=Role.ADMIN),
        "manager_in": UserFactory(role=Role.MANAGER, centers=[center]),
        "manager_out": UserFactory(role=Role.MANAGER, centers=[other_center]),
        "reviewer_in": UserFactory(role=Role.REVIEWER, centers=[center]),
        "reviewer_out": UserFactory(role=Role.REVIEWER),
        "reviewer_assigned": UserFactory(role=Role.REVIEWER, centers=[other_center]),
        "researcher_in": UserFactory(role=Role.RESEARCHER, centers=[center]),
        "researcher_out": UserFactory(role=Role.RESEARCHER, centers=[other_center]),
    }
    participant = ParticipantFactory(center=center, consent_recorded_by=users["admin"])
    link, token = link_create(
        actor=users["admin"],
        participant=participant,
        expires_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    reviews = reviews_in_every_state(center, users["reviewer_in"], users["reviewer_assigned"])
    _data_request, data_request_token = data_request_create(
        review=reviews["review"],
        actor=users["reviewer_in"],
        expires_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    follow_up_link, follow_up_token = follow_up_link_create(
        actor=users["admin"],
        review=reviews["final"],
        expires_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    qualitative = qualitative_world(center, users, reviews["review"])
    reviews["quote"] = ReportQuote.objects.create(
        review=reviews["review"],
        item=reviews["item"],
        key="0" * 32,
        text="We call employers on Fridays.",
        chosen_by=users["reviewer_in"],
    )
    return {
        **reviews,
        **qualitative,
        "participant": participant,
        "link": link,
        "token": token,
        "data_request_token": data_request_token,
        "follow_up_link": follow_up_link,
        "follow_up_token": follow_up_token,
        "statement": Statement.objects.order_by("pk").first(),
        "center": center,
        "other_center": other_center,
        "users": users,
        "outcome": EmploymentOutcomeFactory(center=center),
        "benchmark": OutcomeBenchmark.objects.order_by("pk").first(),
        "api_token": token_create(
            user=users["manager_in"], name="script", expires_on=None, second_factor_given=True
        )[0],
        "import_batch": ImportBatch.objects.create(
            owner=users["manager_in"],
            expires_at=timezone.now() + datetime.timedelta(hours=1),
            file_name="import.csv",
            fingerprint="-",
            plan={"rows": [], "changes": [], "counts": {"answers_changed": 0}, "notes": []},
            table={"header": [], "rows": []},
        ),
    }


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(client_for, world, name):
    row = MATRIX[name]
    path = reverse(name, args=row.args(world))
    wrong = []
    for role in ROLES:
        # Each role's request runs in a transaction that is rolled back, so a POST that changes
        # something (a deletion, say) leaves the same world for the next role.
        with transaction.atomic():
            response = getattr(client_for(world["users"].get(role)), row.method)(path)
            transaction.set_rollback(True)
        expected = row.get.get(role, row.default)
        if response.status_code != expected:
            wrong.append(f"{role}: {response.status_code}, expected {expected}")
    assert not wrong, f"{row.method.upper()} {path}: " + "; ".join(wrong)
