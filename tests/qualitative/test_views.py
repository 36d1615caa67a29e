"""The qualitative pages: who reads what, and hostile input answered with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centers.roles import Role
from qualitative.models import Coding, Source
from qualitative.services import source_create
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(project, center, reviewer, admin):
    review = ReviewFactory(center=center, reviewers=[reviewer])
    return source_create(
        actor=reviewer,
        project=project,
        center=center,
        review=review,
        kind=Source.Kind.REVIEW_NOTES,
        title="Visit notes",
        text="Team leader: we call employers on Fridays.",
    )


def test_a_review_s_notes_are_read_by_its_reviewers_not_by_researchers_or_managers(
    client_for, notes, reviewer, researcher, manager, center
):
    path = reverse("qualitative:source", args=[notes.pk])
    assert client_for(reviewer).get(path).status_code == 200
    assert client_for(researcher).get(path).status_code == 404
    assert client_for(manager).get(path).status_code == 404
    other_reviewer = UserFactory(role=Role.REVIEWER, centers=[center])
    assert client_for(other_reviewer).get(path).status_code == 404


def test_a_participant_interview_is_not_shown_to_reviewers_of_the_center(
    client_for, source, reviewer, researcher
):
    path = reverse("qualitative:source", args=[source.pk])
    assert client_for(reviewer).get(path).status_code == 404
    response = client_for(researcher).get(path)
    assert response.status_code == 200
    assert "The job development part" in response.content.decode()


def test_coding_by_json_returns_the_coding(client_for, source, code, researcher):
    response = client_for(researcher).post(
        reverse("qualitative:coding_create", args=[source.pk]),
        {"code": code.pk, "start": 5, "end": 12},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json()["start"] == 5
    assert Coding.objects.get().coder == researcher


@pytest.mark.parametrize(
    "data",
    [
        {"start": 0, "end": 10**6},
        {"start": 8, "end": 3},
        {"start": -4, "end": 3},
        {"start": "x", "end": 3},
        {"start": 10**30, "end": 10**31},
    ],
)
def test_a_passage_outside_the_text_is_refused_with_a_message(
    client_for, source, code, researcher, data
):
    response = client_for(researcher).post(
        reverse("qualitative:coding_create", args=[source.pk]),
        {"code": code.pk, **data},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Coding.objects.exists()


def test_another_coder_s_coding_cannot_be_removed(client_for, source, code, researcher):
    from qualitative.services import coding_create

    other = UserFactory(role=Role.RESEARCHER, centers=[source.center])
    coding = coding_create(actor=other, source=source, code=code, start=0, end=4)
    response = client_for(researcher).post(
        reverse("qualitative:coding_delete", args=[source.pk, coding.pk])
    )
    assert response.status_code == 403
    assert Coding.objects.filter(pk=coding.pk).exists()


def _upload(client, project, center, name, data):
    return client.post(
        reverse("qualitative:source_create", args=[project.pk]),
        {
            "kind": Source.Kind.PARTICIPANT_INTERVIEW,
            "center": center.pk,
            "title": "Informant 9",
            "upload": SimpleUploadedFile(name, data),
        },
    )


def test_an_uploaded_text_becomes_a_source(client_for, project, center, researcher):
    response = _upload(client_for(researcher), project, center, "i9.txt", b"Jeg fikk jobb.")
    assert response.status_code == 302
    assert Source.objects.get(title="Informant 9").text == "Jeg fikk jobb."


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("big.txt", b"a" * (1024 * 1024 + 1), "the limit is 1 MiB"),
        ("latin.txt", "Blåbær".encode("latin-1"), "not UTF-8 text"),
        ("fake.docx", b"PK? not really", "not a Word .docx document"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message(
    client_for, project, center, researcher, name, data, message
):
    response = _upload(client_for(researcher), project, center, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Source.objects.filter(title="Informant 9").exists()


def test_agreement_shows_kappa_per_code_for_two_coders(
    client_for, source, code, researcher, second_researcher
):
    from qualitative.services import coding_create

    coding_create(actor=researcher, source=source, code=code, start=0, end=40)
    coding_create(actor=second_researcher, source=source, code=code, start=0, end=20)
    page = client_for(researcher).get(reverse("qualitative:agreement", args=[source.pk]))
    text = page.content.decode()
    assert "Computed on characters" in text
    assert "Cohen" in text
    assert code.name in text


def test_the_rating_page_shows_excerpts_coded_to_an_item_from_the_review_s_notes(
    client_for, notes, reviewer, project, admin
):
    from qualitative.services import code_create, coding_create
    from reviews.models import ScaleItem

    item = ScaleItem.objects.get(scale=notes.review.scale, number=17)
    code = code_create(actor=admin, project=project, name="Employer contact", scale_items=[item])
    coding_create(actor=reviewer, source=notes, code=code, start=13, end=41)
    page = client_for(reviewer).get(reverse("reviews:rate", args=[notes.review.pk]))
    text = page.content.decode()
    assert "we call employers on Fridays" in text
    assert "1 interview excerpt coded to this item" in text


def test_a_reviewer_asking_for_the_center_s_sources_gets_no_participant_interview(
    client_for, notes, reviewer, project, admin, center, researcher
):
    from qualitative.services import code_create, coding_create

    item = notes.review.scale.items.get(number=17)
    code = code_create(actor=admin, project=project, name="Employer contact", scale_items=[item])
    interview = source_create(
        actor=researcher,
        project=project,
        center=center,
        kind=Source.Kind.PARTICIPANT_INTERVIEW,
        title="Informant 2",
        text="She calls employers for me.",
    )
    coding_create(actor=researcher, source=interview, code=code, start=4, end=19)
    coding_create(actor=reviewer, source=notes, code=code, start=13, end=41)
    path = reverse("reviews:rate", args=[notes.review.pk]) + "?evidence=center"
    text = client_for(reviewer).get(path).content.decode()
    assert "we call employers on Fridays" in text
    assert "calls employers" not in text


def test_a_researcher_downloads_the_project_and_imports_it_into_another(
    client_for, source, code, researcher, project, center, admin
):
    from qualitative.services import coding_create, project_create

    coding_create(actor=researcher, source=source, code=code, start=3, end=30)
    client = client_for(researcher)
    data = client.get(reverse("qualitative:project_export", args=[project.pk])).content
    target = project_create(actor=admin, name="Copy", centers=[center])
    response = client.post(
        reverse("qualitative:project_import", args=[target.pk]),
        {"file": SimpleUploadedFile("copy.qdpx", data), "center": center.pk},
    )
    assert response.status_code == 302
    copied = Coding.objects.get(source__project=target)
    assert (copied.start, copied.end, copied.code.name) == (3, 30, code.name)


def test_a_broken_import_file_is_refused_with_a_message(client_for, researcher, project, center):
    response = client_for(researcher).post(
        reverse("qualitative:project_import", args=[project.pk]),
        {"file": SimpleUploadedFile("x.qdpx", b"garbage"), "center": center.pk},
    )
    assert response.status_code == 200
    assert "not a REFI-QDA project" in response.content.decode()


def test_a_coder_copies_another_coder_s_codings_into_their_own(
    client_for, source, code, researcher, second_researcher
):
    from qualitative.services import coding_create

    coding_create(actor=second_researcher, source=source, code=code, start=2, end=12)
    response = client_for(researcher).post(
        reverse("qualitative:agreement", args=[source.pk]), {"coder": second_researcher.pk}
    )
    assert response.status_code == 302
    assert list(Coding.objects.filter(coder=researcher).values_list("start", "end")) == [(2, 12)]


def test_merging_into_an_old_version_says_why_it_cannot(
    client_for, source, code, researcher, second_researcher
):
    from qualitative.services import coding_create, source_correct

    coding_create(actor=second_researcher, source=source, code=code, start=2, end=12)
    source_correct(actor=researcher, source=source, text=source.text + " Added.")
    response = client_for(researcher).post(
        reverse("qualitative:agreement", args=[source.pk]),
        {"coder": second_researcher.pk},
        follow=True,
    )
    assert "old version" in response.content.decode()
