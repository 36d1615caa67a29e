"""REFI-QDA exchange (www.qdasoftware.org): a project as .qdpx, a codebook as .qdc, and back.

A .qdpx is a zip with ``project.qde`` (XML in the namespace urn:QDA-XML:project:1.0) and each
text source as ``Sources/<guid>.txt``; a .qdc is the codebook alone (urn:QDA-XML:codebook:1.0).
Positions are counted in characters (Unicode code points) of the plain text, as ipsweb counts
them. Only text sources are read on import; other kinds are skipped and counted.
"""

import datetime
import io
import uuid
import zipfile
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from qualitative.models import Code, Coding, Project, Source
from qualitative.services import code_create, source_create
from qualitative.uploads import checked_text

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "ipsweb"
# Stable GUIDs for rows that keep none of their own (sources, selections, codings, users).
GUIDS = uuid.UUID("6f1d2a5e-9c53-4c2b-8f7e-2b1f0c9a4d11")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def guid(kind: str, key: object) -> str:
    return str(uuid.uuid5(GUIDS, f"{kind}:{key}"))


def _stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _codes_element(ns: str, codes: list[Code]) -> etree._Element:
    children: dict[int | None, list[Code]] = {}
    for code in sorted(codes, key=lambda c: c.name):
        children.setdefault(code.parent_id, []).append(code)
    root = etree.Element(f"{{{ns}}}Codes")

    def add(parent_element, code: Code):
        element = etree.SubElement(
            parent_element,
            f"{{{ns}}}Code",
            guid=str(code.guid),
            name=code.name,
            isCodable="true",
            color=code.colour.upper(),
        )
        if code.definition:
            etree.SubElement(element, f"{{{ns}}}Description").text = code.definition
        for child in children.get(code.pk, []):
            add(element, child)

    for code in children.get(None, []):
        add(root, code)
    return root


def codebook_qdc(project: Project) -> bytes:
    """The project's codebook as a REFI-QDA codebook file. QDA-XML requires at least one code in
    one: a project without codes raises ValidationError."""
    codes = list(project.codes.all())
    if not codes:
        raise ValidationError(
            _("The codebook has no codes yet; a codebook file (.qdc) holds at least one."),
            code="empty_codebook",
        )
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    root.append(_codes_element(CODEBOOK_NS, codes))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def project_qdpx(project: Project, sources) -> bytes:
    """``sources``: the current sources to include (the caller limits them to what the user may
    read)."""
    sources = list(sources.select_related("created_by"))
    codings = list(Coding.objects.filter(source__in=sources).select_related("coder").order_by("pk"))
    users = {c.coder for c in codings} | {s.created_by for s in sources if s.created_by}
    root = etree.Element(
        f"{{{PROJECT_NS}}}Project",
        nsmap={None: PROJECT_NS},
        name=project.name,
        origin=ORIGIN,
        creationDateTime=_stamp(project.created_at),
    )
    ns = PROJECT_NS
    if users:
        users_element = etree.SubElement(root, f"{{{ns}}}Users")
        for user in sorted(users, key=lambda u: u.username):
            etree.SubElement(
                users_element, f"{{{ns}}}User", guid=guid("user", user.username), name=user.username
            )
    codes = list(project.codes.all())
    if codes:
        etree.SubElement(root, f"{{{ns}}}CodeBook").append(_codes_element(ns, codes))
    by_source: dict[int, list[Coding]] = {}
    for coding in codings:
        by_source.setdefault(coding.source_id, []).append(coding)
    files = {}
    if sources:
        sources_element = etree.SubElement(root, f"{{{ns}}}Sources")
        for source in sources:
            source_guid = guid("source", source.pk)
            attributes = {
                "guid": source_guid,
                "name": source.title,
                "plainTextPath": f"internal://{source_guid}.txt",
                "creationDateTime": _stamp(source.created_at),
            }
            if source.created_by:
                attributes["creatingUser"] = guid("user", source.created_by.username)
            element = etree.SubElement(sources_element, f"{{{ns}}}TextSource", **attributes)
            description = _("Center %(center)s; %(kind)s; informants: %(informants)s") % {
                "center": source.center.code,
                "kind": source.get_kind_display(),
                "informants": source.informants or "–",
            }
            etree.SubElement(element, f"{{{ns}}}Description").text = description
            for coding in by_source.get(source.pk, []):
                coder = guid("user", coding.coder.username)
                selection = etree.SubElement(
                    element,
                    f"{{{ns}}}PlainTextSelection",
                    guid=guid("selection", coding.pk),
                    startPosition=str(coding.start),
                    endPosition=str(coding.end),
                    creatingUser=coder,
                    creationDateTime=_stamp(coding.created_at),
                )
                coding_element = etree.SubElement(
                    selection,
                    f"{{{ns}}}Coding",
                    guid=guid("coding", coding.pk),
                    creatingUser=coder,
                )
                etree.SubElement(
                    coding_element, f"{{{ns}}}CodeRef", targetGUID=str(coding.code.guid)
                )
            files[f"Sources/{source_guid}.txt"] = source.text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "project.qde",
            etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True),
        )
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class ImportResult:
    codes: int
    sources: int
    codings: int
    skipped_sources: int


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ValidationError(
            _("The file is not valid XML: %(error)s") % {"error": error}
        ) from None


def _import_codes(actor, project: Project, codes_element, ns: str) -> dict[str, Code]:
    found: dict[str, Code] = {}
    taken = set(Code.objects.values_list("guid", flat=True))

    def add(element, parent):
        name = (element.get("name") or "").strip()[:100] or _("Unnamed code")
        try:
            code_guid = uuid.UUID(element.get("guid", "").strip("{}"))
        except ValueError:
            raise ValidationError(_("A code has no valid GUID.")) from None
        description = element.find(f"{{{ns}}}Description")
        colour = (element.get("color") or "#1F77B4").strip()
        if len(colour) == 4:  # #RGB
            colour = "#" + "".join(ch * 2 for ch in colour[1:])
        code = code_create(
            actor=actor,
            project=project,
            parent=parent,
            name=name,
            definition=description.text or "" if description is not None else "",
            colour=colour.lower(),
            guid=code_guid if code_guid not in taken else None,
        )
        found[str(code_guid)] = code
        for child in element.findall(f"{{{ns}}}Code"):
            add(child, code)

    if codes_element is not None:
        for element in codes_element.findall(f"{{{ns}}}Code"):
            add(element, None)
    return found


@transaction.atomic
def codebook_import(*, actor, project: Project, data: bytes) -> ImportResult:
    root = _parse(data)
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise ValidationError(_("This is not a REFI-QDA codebook (.qdc)."))
    codes = _import_codes(actor, project, root.find(f"{{{CODEBOOK_NS}}}Codes"), CODEBOOK_NS)
    return ImportResult(len(codes), 0, 0, 0)


@transaction.atomic
def project_import(*, actor, project: Project, center, data: bytes) -> ImportResult:
    """Codes, text sources (for ``center``) and codings of a .qdpx into ``project``. Coders are
    matched to users by user name; codings of unknown users become ``actor``'s."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_IMPORT_BYTES:
            raise ValidationError(_("The project unpacks to too much data."))
        root = _parse(archive.read("project.qde"))
    except (zipfile.BadZipFile, KeyError):
        raise ValidationError(
            _("This is not a REFI-QDA project (.qdpx): a zip with project.qde.")
        ) from None
    ns = PROJECT_NS
    if root.tag != f"{{{ns}}}Project":
        raise ValidationError(_("This is not a REFI-QDA project (.qdpx)."))
    codebook = root.find(f"{{{ns}}}CodeBook")
    codes = _import_codes(
        actor, project, codebook.find(f"{{{ns}}}Codes") if codebook is not None else None, ns
    )
    names = {
        user.get("guid"): user.get("name") for user in root.iterfind(f"{{{ns}}}Users/{{{ns}}}User")
    }
    known = {u.username: u for u in get_user_model().objects.filter(username__in=names.values())}
    sources = codings = skipped = 0
    sources_element = root.find(f"{{{ns}}}Sources")
    for element in sources_element if sources_element is not None else []:
        if element.tag != f"{{{ns}}}TextSource":
            skipped += 1
            continue
        text = _source_text(archive, element, ns)
        source = source_create(
            actor=actor,
            project=project,
            center=center,
            kind=Source.Kind.DOCUMENT,
            title=(element.get("name") or _("Imported source"))[:200],
            text=text,
        )
        sources += 1
        for selection in element.findall(f"{{{ns}}}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            if not 0 <= start < end <= len(source.text):
                raise ValidationError(
                    _("A coding of %(source)s lies outside its text.") % {"source": source.title}
                )
            for coding in selection.findall(f"{{{ns}}}Coding"):
                ref = coding.find(f"{{{ns}}}CodeRef")
                code = (
                    codes.get((ref.get("targetGUID") or "").strip("{}"))
                    if ref is not None
                    else None
                )
                if code is None:
                    continue
                coder = known.get(names.get(coding.get("creatingUser")), actor)
                Coding.objects.get_or_create(
                    source=source, code=code, coder=coder, start=start, end=end
                )
                codings += 1
    return ImportResult(len(codes), sources, codings, skipped)


def _source_text(archive: zipfile.ZipFile, element, ns: str) -> str:
    content = element.find(f"{{{ns}}}PlainTextContent")
    if content is not None and content.text:
        return checked_text(content.text)
    path = element.get("plainTextPath") or ""
    name = path.removeprefix("internal://")
    try:
        data = archive.read(f"Sources/{name}") if path.startswith("internal://") else None
    except KeyError:
        data = None
    if data is None:
        raise ValidationError(
            _("The text of %(source)s is not in the file.") % {"source": element.get("name")}
        )
    try:
        return checked_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(_("A source's text is not UTF-8.")) from None
