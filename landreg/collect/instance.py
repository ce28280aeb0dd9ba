"""Reading a submitted parcel survey (the XForm instance ODK Collect posts) into plain values.

Parsed with defusedxml: the XML comes from a device, and entity expansion or external entities must not reach
the server. Nothing here touches the database; `submissions.py` turns the values into a draft claim.
"""

from dataclasses import dataclass, field

from defusedxml import ElementTree
from django.contrib.gis.geos import LinearRing, Polygon
from django.utils.translation import gettext as _

from landreg.documents.models import SourceType


class InstanceError(ValueError):
    """The posted XML is not a parcel survey instance this server can read."""


@dataclass
class Person:
    last_name: str
    first_names: str
    sex: str
    share: str
    is_mandatary: bool
    civil_status: dict = field(default_factory=dict)
    signature: str = ""
    fingerprint: str = ""
    # A minor claimant's legal representative (the form asks it since 2026120603): name, basis, reference.
    representation: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FieldFile:
    """A file the record names: the form's file name, the document it becomes and that document's
    reference (a claimant's name for their signature or fingerprint, else the file's name)."""

    name: str
    source_type: str
    reference: str


@dataclass
class ParcelSurvey:
    instance_id: str
    form_id: str
    version: str
    village_code: str
    local_name: str
    boundary_text: str
    right_type: str
    holding: str
    group_name: str
    group_type: str
    people: list[Person]
    secondary_rights: list[dict]
    neighbours: dict
    files: list[FieldFile]  # a paper's photo, the parcel's photo, each claimant's signature and fingerprint
    correction_of: str = ""  # the returned record (instanceID or claim id) this survey corrects
    survey_method: str = ""  # the form's « Méthode de levé » (since 2026120602); empty from a form before


CIVIL_STATUS_FIELDS = [
    "marital_status",
    "birth_date",
    "birth_place",
    "id_document_type",
    "id_document_number",
    "profession",
    "domicile",
]


REPRESENTATION_FIELDS = ["representative_name", "representative_basis", "representative_reference"]


def _text(node, name: str) -> str:
    child = node.find(name) if node is not None else None
    return (child.text or "").strip() if child is not None else ""


def file_types(xml: str | bytes) -> dict[str, str]:
    """The document type each file a record names becomes (form file name -> source type)."""
    try:
        survey = parse_instance(xml.encode() if isinstance(xml, str) else xml)
    except InstanceError:  # a record that cannot be read names no file
        return {}
    return {item.name: item.source_type for item in survey.files}


# What the agent says a photographed paper is (the form's « Ce papier est », since version 2026120601): the
# document it becomes. The application form and the mandate count as the claim's (the profile's required
# documents, the group's mandate); attestations and other evidence open to the committee; an identity paper
# stays with the personal data (documents.models.PERSONAL_PAPERS).
PAPER_KINDS = frozenset(
    {
        SourceType.APPLICATION_FORM,
        SourceType.MANDATE,
        SourceType.CUSTOMARY_ATTESTATION,
        SourceType.WITNESS_STATEMENT,
        SourceType.DEED,
        SourceType.OTHER,
        SourceType.ID_DOCUMENT,
    }
)


def _paper_kind(said: str) -> str:
    """A kind the form does not offer (a record altered, or of a later form) is a paper that may show an
    identity card, as the single « photo d'un document » of the forms before 2026120601."""
    return said if said in PAPER_KINDS else SourceType.DOCUMENT_PHOTO


def _files(root, people: list[Person]) -> list[FieldFile]:
    papers = [
        (_text(node, "paper_photo"), _paper_kind(_text(node, "paper_kind"))) for node in root.findall("paper")
    ]
    papers += [
        (
            _text(root, "photo_document"),
            SourceType.DOCUMENT_PHOTO,
        ),  # forms before 2026120601: one paper, unsaid
        (_text(root, "photo_parcel"), SourceType.PHOTO),
    ]
    files = [FieldFile(name, kind, name) for name, kind in papers if name]
    for person in people:
        # Whose mark it is: the committee sees on the claim that each claimant signed (the image is personal).
        whose = " ".join(filter(None, (person.last_name, person.first_names)))[:120]
        for name, kind in (
            (person.signature, SourceType.SIGNATURE),
            (person.fingerprint, SourceType.FINGERPRINT),
        ):
            if name:
                files.append(FieldFile(name, kind, whose or name))
    return files


def parse_instance(xml: bytes) -> ParcelSurvey:
    try:
        root = ElementTree.fromstring(xml)
    except Exception as error:  # defusedxml raises its own and ParseError; all mean the same here
        raise InstanceError(_("The submission is not a readable XML record.")) from error
    instance_id = _text(root.find("meta"), "instanceID")
    if not instance_id:
        raise InstanceError(_("The submission has no instanceID."))
    people = [
        Person(
            last_name=_text(node, "last_name"),
            first_names=_text(node, "first_names"),
            sex=_text(node, "sex"),
            share=_text(node, "share"),
            is_mandatary=_text(node, "is_mandatary") == "yes",
            civil_status={name: _text(node, name) for name in CIVIL_STATUS_FIELDS if _text(node, name)},
            signature=_text(node, "signature"),
            fingerprint=_text(node, "fingerprint"),
            representation={name: _text(node, name) for name in REPRESENTATION_FIELDS if _text(node, name)},
        )
        for node in root.findall("claimant")
    ]
    return ParcelSurvey(
        instance_id=instance_id[:100],
        form_id=root.get("id", ""),
        version=root.get("version", ""),
        village_code=_text(root, "village"),
        local_name=_text(root, "local_name"),
        boundary_text=_text(root, "boundary"),
        right_type=_text(root, "right_type"),
        holding=_text(root, "holding") or "individual",
        group_name=_text(root, "group_name"),
        group_type=_text(root, "group_type"),
        people=people,
        secondary_rights=[
            {
                "right_type": _text(node, "secondary_type"),
                "holder": _text(node, "secondary_holder"),
                "holder_kind": _text(node, "secondary_holder_kind"),  # F, M or a group type
                "description": _text(node, "secondary_description"),
            }
            for node in root.findall("secondary_right")
            if _text(node, "secondary_type")
        ],
        neighbours={side: _text(root, f"neighbour_{side}") for side in ("north", "east", "south", "west")},
        files=_files(root, people),
        correction_of=_text(root, "correction_of")[:100],
        survey_method=_text(root, "survey_method")[:32],
    )


def geoshape_polygon(text: str) -> Polygon:
    """ODK's geoshape, "lat lon altitude accuracy;…" walked around the parcel, as a lon/lat polygon."""
    points = []
    for vertex in filter(None, (part.strip() for part in text.split(";"))):
        numbers = vertex.split()
        try:
            lat, lon = float(numbers[0]), float(numbers[1])
        except (IndexError, ValueError) as error:
            raise InstanceError(_("A point of the boundary is not a latitude and a longitude.")) from error
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InstanceError(_("A point of the boundary lies outside the Earth's coordinates."))
        points.append((lon, lat))
    if points and points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4:
        raise InstanceError(_("The boundary needs at least three distinct points."))
    return Polygon(LinearRing(points), srid=4326)
