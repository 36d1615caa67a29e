"""REFI-QDA export and import.

What ipsweb writes is validated against the published QDA-XML 1.0 schemas, Project.xsd and
Codebook.xsd (www.qdasoftware.org; fetched into .cache/refi-qda/ by
scripts/fetch_refi_qda_schemas.py, which ``make test`` runs), and against the narrower schemas in
tests/qualitative/schemas/: the part of the published ones that ipsweb uses, written for these
tests, with the same element order, required attributes and GUID, colour, position and time types.
"""

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import etree

from qualitative.models import Code, Coding, Source
from qualitative.refi import (
    CODEBOOK_NS,
    PROJECT_NS,
    codebook_import,
    codebook_qdc,
    project_import,
    project_qdpx,
)
from qualitative.services import code_create, coding_create, project_create
from tests.qualitative.conftest import TRANSCRIPT

pytestmark = pytest.mark.django_db
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
PROJECT_CHILDREN = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets"]
TEXT_SOURCE_CHILDREN = ["Description", "PlainTextContent", "PlainTextSelection", "Coding"]
SCHEMAS = Path(__file__).parent / "schemas"
PUBLISHED = Path(__file__).resolve().parents[2] / ".cache" / "refi-qda"
NOT_FETCHED = "the published REFI-QDA schemas are fetched by scripts/fetch_refi_qda_schemas.py"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def published(name: str) -> etree.XMLSchema:
    """The published schema ``name`` (Project.xsd, Codebook.xsd). Without it the test is skipped,
    except in CI, where ``make test`` has fetched it and a missing file is a failure."""
    path = PUBLISHED / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: {NOT_FETCHED}")
        pytest.skip(NOT_FETCHED)
    return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(xsd: etree.XMLSchema, document) -> list[str]:
    xsd.validate(document)
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]


def local(element) -> str:
    return etree.QName(element).localname


def check_in_order(element, allowed: list[str]) -> None:
    positions = [allowed.index(local(child)) for child in element]
    assert positions == sorted(positions), f"children of {local(element)} out of order"


def check_code(code, ns) -> None:
    assert code.tag == f"{{{ns}}}Code"
    assert GUID.match(code.get("guid"))
    assert code.get("name")
    assert code.get("isCodable") in {"true", "false"}
    assert RGB.match(code.get("color"))
    check_in_order(code, ["Description", "NoteRef", "Code"])
    for child in code.findall(f"{{{ns}}}Code"):
        check_code(child, ns)


@pytest.fixture
def coded(project, source, code, researcher, second_researcher, admin):
    child = code_create(actor=admin, project=project, name="Phone calls", parent=code)
    coding_create(actor=researcher, source=source, code=code, start=40, end=90)
    coding_create(actor=researcher, source=source, code=child, start=60, end=80)
    coding_create(actor=second_researcher, source=source, code=code, start=45, end=95)
    return project


def qde_of(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        return etree.fromstring(archive.read("project.qde")), names, archive


def test_the_project_export_has_the_structure_of_the_refi_qda_schema(coded):
    data = project_qdpx(coded, Source.objects.filter(project=coded))
    root, names, _archive = qde_of(data)
    assert root.tag == f"{{{PROJECT_NS}}}Project"
    assert root.get("name") == "Pilot study"
    check_in_order(root, PROJECT_CHILDREN)
    for user in root.iterfind(f"{{{PROJECT_NS}}}Users/{{{PROJECT_NS}}}User"):
        assert GUID.match(user.get("guid"))
    for code in root.iterfind(f"{{{PROJECT_NS}}}CodeBook/{{{PROJECT_NS}}}Codes/*"):
        check_code(code, PROJECT_NS)
    (source,) = root.iterfind(f"{{{PROJECT_NS}}}Sources/{{{PROJECT_NS}}}TextSource")
    check_in_order(source, TEXT_SOURCE_CHILDREN)
    path = source.get("plainTextPath")
    assert path.startswith("internal://") and f"Sources/{path[11:]}" in names
    selections = source.findall(f"{{{PROJECT_NS}}}PlainTextSelection")
    assert len(selections) == 3
    for selection in selections:
        assert int(selection.get("startPosition")) < int(selection.get("endPosition"))
        (coding,) = selection.findall(f"{{{PROJECT_NS}}}Coding")
        assert GUID.match(coding.get("guid"))
        assert GUID.match(coding.find(f"{{{PROJECT_NS}}}CodeRef").get("targetGUID"))


def test_the_codebook_export_has_the_structure_of_the_refi_qda_schema(coded):
    root = etree.fromstring(codebook_qdc(coded))
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    (codes,) = root
    for code in codes:
        check_code(code, CODEBOOK_NS)
    assert [c.get("name") for c in root.iter(f"{{{CODEBOOK_NS}}}Code")] == [
        "Employer contact",
        "Phone calls",
    ]


def snapshot(project):
    codes = {
        c.name: (c.parent.name if c.parent else None, c.colour, c.definition)
        for c in project.codes.select_related("parent")
    }
    codings = sorted(
        (c.source.text[c.start : c.end], c.code.name, c.coder.username, c.start, c.end)
        for c in Coding.objects.filter(source__project=project).select_related(
            "code", "coder", "source"
        )
    )
    texts = sorted(project.sources.values_list("text", flat=True))
    return codes, codings, texts


def test_export_then_import_into_an_empty_project_keeps_codes_codings_and_offsets(
    coded, admin, center
):
    data = project_qdpx(coded, Source.objects.filter(project=coded))
    empty = project_create(actor=admin, name="Copy")
    result = project_import(actor=admin, project=empty, center=center, data=data)
    assert (result.codes, result.sources, result.codings) == (2, 1, 3)
    assert snapshot(empty) == snapshot(coded)
    assert TRANSCRIPT in snapshot(empty)[2]


def test_a_codebook_imports_with_its_hierarchy(coded, admin):
    empty = project_create(actor=admin, name="Copy")
    codebook_import(actor=admin, project=empty, data=codebook_qdc(coded))
    assert Code.objects.get(project=empty, name="Phone calls").parent.name == "Employer contact"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"not a zip", "not a REFI-QDA project"),
        (b"PK\x03\x04broken", "not a REFI-QDA project"),
    ],
)
def test_a_file_that_is_not_a_qdpx_is_refused(admin, center, data, message):
    project = project_create(actor=admin, name="Target")
    with pytest.raises(ValidationError, match=message):
        project_import(actor=admin, project=project, center=center, data=data)


def test_a_coding_outside_its_text_is_refused_on_import(coded, admin, center):
    data = project_qdpx(coded, Source.objects.filter(project=coded))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            content = old.read(name)
            if name == "project.qde":
                content = content.replace(b'endPosition="90"', b'endPosition="99999"')
            new.writestr(name, content)
    project = project_create(actor=admin, name="Target")
    with pytest.raises(ValidationError, match="outside its text"):
        project_import(actor=admin, project=project, center=center, data=buffer.getvalue())
    assert not project.sources.exists()


def test_an_external_xml_entity_is_refused_not_read(admin):
    project = project_create(actor=admin, name="Target")
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code guid="11111111-1111-1111-1111-111111111111" name="&e;" isCodable="true"/>'
        b"</Codes></CodeBook>"
    )
    with pytest.raises(ValidationError, match="external entity"):
        codebook_import(actor=admin, project=project, data=hostile)
    assert not project.codes.exists()


def test_the_project_export_validates_against_the_project_schema(coded):
    root, _names, _archive = qde_of(project_qdpx(coded, Source.objects.filter(project=coded)))
    assert schema_errors(schema("project-subset.xsd"), root) == []
    assert schema_errors(published("Project.xsd"), root) == []


def test_the_codebook_export_validates_against_the_codebook_schema(coded):
    root = etree.fromstring(codebook_qdc(coded))
    assert schema_errors(schema("codebook-subset.xsd"), root) == []
    assert schema_errors(published("Codebook.xsd"), root) == []


def test_an_empty_project_still_validates_and_its_empty_codebook_is_refused(admin):
    """QDA-XML requires at least one code in a codebook file, none in a project file."""
    empty = project_create(actor=admin, name="Nothing coded yet")
    root, names, _archive = qde_of(project_qdpx(empty, Source.objects.none()))
    assert names == ["project.qde"]
    assert schema_errors(schema("project-subset.xsd"), root) == []
    assert schema_errors(published("Project.xsd"), root) == []
    with pytest.raises(ValidationError, match="no codes yet"):
        codebook_qdc(empty)


def test_an_empty_codebook_file_fails_both_schemas():
    """The narrower schema is as strict as the published one here."""
    bare = etree.fromstring(f'<CodeBook xmlns="{CODEBOOK_NS}" origin="test"/>'.encode())
    assert schema_errors(schema("codebook-subset.xsd"), bare)
    assert schema_errors(published("Codebook.xsd"), bare)


def test_exporting_an_empty_codebook_says_why_and_sends_no_file(client_for, admin):
    empty = project_create(actor=admin, name="Nothing coded yet")
    page = client_for(admin).get(
        reverse("qualitative:codebook_export", args=[empty.pk]), follow=True
    )
    assert page.redirect_chain[-1][0] == reverse("qualitative:project", args=[empty.pk])
    assert "no codes yet" in page.content.decode()
    assert "attachment" not in page.get("Content-Disposition", "")


def test_the_demo_interviews_export_validates_against_the_published_schemas():
    """The demo's project: the seed paper's quotes, coded to items and survey statements."""
    from django.core.management import call_command

    from qualitative.models import Project

    call_command("load_demo", stdout=io.StringIO())
    (project,) = Project.objects.all()
    root, _names, _archive = qde_of(project_qdpx(project, Source.objects.filter(project=project)))
    assert len(root.findall(f".//{{{PROJECT_NS}}}PlainTextSelection")) == 9
    assert schema_errors(published("Project.xsd"), root) == []
    assert schema_errors(published("Codebook.xsd"), etree.fromstring(codebook_qdc(project))) == []


@pytest.mark.parametrize(
    "damage, expected",
    [
        (
            lambda root, ns: root.find(f".//{{{ns}}}CodeRef").set("targetGUID", "not-a-guid"),
            "targetGUID",
        ),
        (lambda root, ns: root.find(f".//{{{ns}}}Code").set("color", "red"), "'color'"),
        (
            lambda root, ns: root.find(f".//{{{ns}}}PlainTextSelection").set("startPosition", "x"),
            "startPosition",
        ),
        (lambda root, ns: root.insert(0, root.find(f"{{{ns}}}Sources")), "not expected"),
    ],
    ids=["bad GUID", "bad colour", "position not a number", "children out of order"],
)
def test_the_schema_catches_a_damaged_export(coded, damage, expected):
    """The schemas are a real check: each damage to a valid export is reported."""
    root, _names, _archive = qde_of(project_qdpx(coded, Source.objects.filter(project=coded)))
    damage(root, PROJECT_NS)
    for xsd in (schema("project-subset.xsd"), published("Project.xsd")):
        errors = schema_errors(xsd, root)
        assert errors and expected in " ".join(errors)
