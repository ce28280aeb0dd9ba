"""API input of a claim (POST a draft, PUT a draft or a returned claim): the same checks as the page.

The claimants are one person, several jointly, or a group (``kind: group``) with its members (``role:
member`` or ``mandatary``), each with a sex and an exact share; civil status as on the form; secondary rights
with their holder; the boundary as a GeoJSON geometry, checked against the village's boundary when known.
"""

import math
import struct
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from landreg.adjudication.api.representatives import RepresentativeFields
from landreg.adjudication.changes.minors import input_faults
from landreg.adjudication.claims.batch import draft_faults
from landreg.adjudication.claims.content import ClaimContent
from landreg.adjudication.claims.services import ClaimantInput, SecondaryRightInput
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.api.serializers import BoundaryField
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.models import SurveyMethod
from landreg.parties.minority import DEFAULT_MAJORITY_AGE
from landreg.parties.models import GroupType, IdDocumentType, PartyKind, RepresentationBasis, Sex
from landreg.rights.models import TenureSystem

CIVIL_STATUS = (
    "birth_date",
    "birth_place",
    "id_document_type",
    "id_document_number",
    "profession",
    "domicile",
)


# Who holds: a person or a group (family, lineage). One name for the choice in the schema (settings'
# ENUM_NAME_OVERRIDES): the claimants' and the secondary rights' holders share it.
HOLDER_KINDS = [PartyKind.NATURAL, PartyKind.GROUP]


@extend_schema_serializer(component_name="ClaimDraftClaimant")
class ClaimantSerializer(RepresentativeFields):
    """A claimant younger than the profile's age of majority today is named with their legal representative
    (RepresentativeFields; the rule is adjudication.changes.minors')."""

    party = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A registered party"
    )
    role = serializers.ChoiceField(choices=ClaimantRole.choices, default=ClaimantRole.HOLDER)
    kind = serializers.ChoiceField(choices=HOLDER_KINDS, default=PartyKind.NATURAL)
    last_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    first_names = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    group_type = serializers.ChoiceField(
        choices=GroupType.choices, required=False, allow_blank=True, default=""
    )
    share = serializers.CharField(default="1", help_text="An exact fraction such as 1/3")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    birth_place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    id_document_type = serializers.ChoiceField(
        choices=IdDocumentType.choices, required=False, allow_blank=True, default=""
    )
    id_document_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    profession = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    domicile = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def validate(self, attrs):
        self.refuse_two_representatives(attrs)
        if attrs["party"]:
            return attrs
        errors = {}
        if attrs["kind"] == PartyKind.NATURAL:
            if not attrs["last_name"].strip():
                errors["last_name"] = _("Give the last name, or choose a registered person.")
            if not attrs["sex"]:
                errors["sex"] = _("Give the sex.")
        else:
            if not attrs["name"].strip():
                errors["name"] = _("Give the name of the family or lineage.")
            if not attrs["group_type"]:
                errors["group_type"] = _("Say what kind of group claims.")
        if attrs["id_document_number"] and not attrs["id_document_type"]:
            errors["id_document_type"] = _("Say which document the number is from.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


@extend_schema_serializer(component_name="ClaimDraftSecondaryRight")
class SecondaryRightSerializer(serializers.Serializer):
    right_type = serializers.CharField(
        help_text="A secondary right of the code list: grazing, passage, loan…"
    )
    party = serializers.UUIDField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=HOLDER_KINDS, default=PartyKind.NATURAL)
    last_name = serializers.CharField(required=False, allow_blank=True, default="")
    first_names = serializers.CharField(required=False, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    name = serializers.CharField(required=False, allow_blank=True, default="")
    group_type = serializers.ChoiceField(
        choices=GroupType.choices, required=False, allow_blank=True, default=""
    )
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="ClaimDraftInput")
class ClaimInputSerializer(serializers.Serializer):
    geometry = BoundaryField(help_text="GeoJSON polygon in longitude/latitude (EPSG:4326)")
    right_type = serializers.CharField(default="customaryType")
    tenure_system = serializers.ChoiceField(choices=TenureSystem.choices, default=TenureSystem.CUSTOMARY)
    land_use = serializers.CharField(default="cropland", max_length=32)
    # Every claim the API or a device recorded was « levé GPS par cheminement », whatever the agent did, and
    # the certificate printed it. Not required, so that a client of before keeps working; what it then
    # records is said plainly rather than a GPS walk nobody saw.
    survey_method = serializers.ChoiceField(
        choices=SurveyMethod.choices,
        default=None,
        help_text="How the boundary was surveyed (gps: walked with a GPS; imagery: drawn on the map's "
        "imagery; ...). Not sent: a new claim is recorded as unknown (method not stated, printed so on "
        "the certificate and register extract), an edit (PUT, a sync record's edit) keeps the claim's "
        "method. null is refused.",
    )
    local_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    limits = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=200),
        required=False,
        default=dict,
        help_text="north, east, south, west",
    )
    claimants = ClaimantSerializer(many=True, allow_empty=False)
    secondary_rights = SecondaryRightSerializer(many=True, required=False, default=list)

    def validate_limits(self, value):
        unknown = set(value) - {"north", "east", "south", "west"}
        if unknown:
            raise serializers.ValidationError(_("Limits are north, east, south and west."))
        return value


@extend_schema_serializer(component_name="ClaimDraftNewInput")
class ClaimNewSerializer(ClaimInputSerializer):
    village = serializers.CharField(help_text="The village's code")


def claim_content(values: dict, *, village, parties) -> ClaimContent:
    """A validated claim (``ClaimInputSerializer``'s data) as the services' input, or every fault at once,
    as a sync record hears them (collect.sync): a ValidationError (a 400 body) naming what is wrong with the
    boundary (``geometry``), every unknown party (``claimants``, ``secondary_rights``) and the right's and
    people's faults (``claim``, the drafting's checks, an unknown party standing as the registered person the
    agent will name); without the first two, a ClaimError listing the last (``{"detail", "error"}``, the
    shape the drafting's refusal had). Before, an unknown party hid the right's faults and the first of
    those the others: one more round trip each. ``parties``: those the caller may name."""
    content, errors = claim_checked(values, village=village, parties=parties)
    checked = content
    if checked is None:  # the boundary failed its checks: the others do not read it
        checked, _errors = claim_checked(
            values, village=village, parties=parties, boundary=values["geometry"]
        )
    faults = draft_faults(checked)
    if errors:
        if faults:
            errors["claim"] = faults
        raise serializers.ValidationError(errors)
    if faults:
        raise ClaimError("; ".join(faults))
    return content


@dataclass(frozen=True)
class UnknownParty:
    """Stands for a party a record names and the caller may not name (unknown, or of a village it cannot
    see), so that the record's other checks run as they will once the agent names the right one: a
    registered party's row has no name or sex of its own to check. A content holding one is refused, never
    written (it has no ``pk``)."""

    kind: str


def claim_checked(
    values: dict, *, village, parties, boundary=None, wkb: bytes | None = None
) -> tuple[ClaimContent | None, dict]:
    """``claim_content``'s content and its errors (a 400 body's, empty when none) without raising them: a
    sync record refused for its parties is still screened and checked (collect.sync), its unknown parties
    standing as ``UnknownParty``. The content is None when the boundary fails its checks here."""
    errors = {}
    geometry = boundary
    if boundary is None:
        try:
            geometry = checked_geometry(values["geometry"], village)
        except serializers.ValidationError as error:
            errors.update(error.detail)
    claimants = claimant_inputs(values["claimants"], parties, errors=errors)
    _representation_errors(claimants, village=village, errors=errors)
    secondary_rights = secondary_inputs(values["secondary_rights"], parties, errors=errors)
    if geometry is None:
        return None, errors
    content = ClaimContent(
        wkb=wkb,
        village=village,
        geometry=geometry,
        right_type=values["right_type"],
        tenure_system=values["tenure_system"],
        land_use=values["land_use"],
        survey_method=values["survey_method"],
        local_name=values["local_name"],
        limits=values["limits"],
        claimants=claimants,
        secondary_rights=secondary_rights,
    )
    return content, errors


def checked_geometry(geometry, village):
    """The village's boundary, when known, is checked now (as on the page), not at the mayor's approval."""
    try:
        return check_boundary(geometry, srid=4326, village=village).polygon
    except BoundaryErrors as exc:
        raise boundary_errors(exc) from exc


def boundary_errors(exc: BoundaryErrors) -> serializers.ValidationError:
    return serializers.ValidationError({"geometry": [i.message for i in exc.issues]})


def _parties(rows, parties, field: str, errors: dict | None) -> list:
    """Each row's registered party (None where it names none). An unknown one (unknown, or of a village the
    caller cannot see) raises a ValidationError naming every one; or, given ``errors``, is named there (under
    ``field``) and stands as an ``UnknownParty``."""
    found, unknown = [], {}
    for index, row in enumerate(rows):
        party = parties.filter(pk=row["party"]).first() if row["party"] else None
        if row["party"] and party is None:
            unknown[index] = {"party": [_("Unknown party.")]}
            party = UnknownParty(row["kind"])
        found.append(party)
    if unknown:
        if errors is None:
            raise serializers.ValidationError({field: unknown})
        errors[field] = unknown
    return found


def claimant_inputs(rows, parties, *, errors: dict | None = None) -> list[ClaimantInput]:
    """Validated rows to the service's inputs; a party outside the caller's villages is unknown (see
    ``_parties`` for ``errors``), so is a representative."""
    found = _parties(rows, parties, "claimants", errors)
    representatives = _representatives(rows, parties, errors)
    return [
        ClaimantInput(
            party=party,
            kind=party.kind if party else row["kind"],
            role=row["role"],
            last_name=row["last_name"].strip(),
            first_names=row["first_names"].strip(),
            sex=row["sex"],
            name=row["name"].strip(),
            group_type=row["group_type"],
            share=row["share"],
            extra={
                "representative_name": representative,
                "representative_basis": row.get("representative_basis", ""),
                "representative_reference": row.get("representative_reference", "").strip(),
                **({} if party else {name: row[name] for name in CIVIL_STATUS}),
            },
        )
        for row, party, representative in zip(rows, found, representatives, strict=True)
    ]


def _representation_errors(claimants: list[ClaimantInput], *, village, errors: dict) -> None:
    """A minor claimant without a legal representative named or recorded, or a representation said wrong:
    beside the claimant's fields in ``errors["claimants"]`` (changes.minors, the rule of every door). The
    profile is read only when a claimant is young enough to be a minor."""

    def majority_age() -> int:
        try:
            return profile_for(village).majority_age
        except NoProcedureError:
            return DEFAULT_MAJORITY_AGE  # the drafting refuses the claim and says why

    faults = input_faults(claimants, majority_age=majority_age)
    if not faults:
        return
    rows = errors.setdefault("claimants", {})
    for index, found in faults.items():
        row = rows.setdefault(index, {})
        for field, message in found.items():
            row.setdefault(field, []).append(message)


def _representatives(rows, parties, errors: dict | None) -> list[str]:
    """Each row's representative named (a registered person's name as the register says it, or the name
    typed); an unknown person is said beside ``representative_party`` (in ``errors``, or raised)."""
    names, unknown = [], {}
    for index, row in enumerate(rows):
        chosen = row.get("representative_party")
        person = parties.filter(pk=chosen, kind=PartyKind.NATURAL).first() if chosen else None
        if chosen and person is None:
            unknown[index] = {"representative_party": [_("Unknown party.")]}
        names.append(
            person.display_name if person is not None else row.get("representative_name", "").strip()
        )
    if unknown:
        if errors is None:
            raise serializers.ValidationError({"claimants": unknown})
        for index, found in unknown.items():
            errors.setdefault("claimants", {}).setdefault(index, {}).update(found)
    return names


def secondary_inputs(rows, parties, *, errors: dict | None = None) -> list[SecondaryRightInput]:
    return [
        SecondaryRightInput(
            right_type=row["right_type"],
            party=party,
            kind=row["kind"],
            last_name=row["last_name"],
            first_names=row["first_names"],
            sex=row["sex"],
            name=row["name"],
            group_type=row["group_type"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            description=row["description"],
        )
        for row, party in zip(rows, _parties(rows, parties, "secondary_rights", errors), strict=True)
    ]


# A device's sync batch holds up to a thousand claims; DRF's field-by-field validation was a third of its
# time. The plain case below (every value a string of the right shape, a GeoJSON polygon) is read directly
# into the very values ``ClaimNewSerializer`` returns; anything else (a missing or blank required value, a
# value too long or not in its list, a date, a party, a secondary right, another geometry) returns None and
# goes through the serializer, which decides it and words its errors. tests/collect/test_sync_input.py
# checks both give the same values.

_CLAIMANT_CHARS = {  # field -> max_length (None: no limit); all allow blank and default to ""
    "last_name": 120,
    "first_names": 200,
    "name": 200,
    "birth_place": 200,
    "id_document_number": 64,
    "profession": 120,
    "domicile": 200,
    "representative_name": 200,
    "representative_reference": 200,
}
_CLAIMANT_CHOICES = {
    "representative_basis": frozenset(RepresentationBasis.values),
    "sex": frozenset(Sex.values),
    "group_type": frozenset(GroupType.values),
    "id_document_type": frozenset(IdDocumentType.values),
}
_ROLES = frozenset(ClaimantRole.values)
_KINDS = frozenset((PartyKind.NATURAL, PartyKind.GROUP))
_TENURES = frozenset(TenureSystem.values)
_METHODS = frozenset(SurveyMethod.values)
_SIDES = frozenset(("north", "east", "south", "west"))
_CLAIM_KEYS = frozenset(ClaimNewSerializer().fields)
_CLAIMANT_KEYS = frozenset(ClaimantSerializer().fields)


class _Slow(Exception):
    """Not the plain case: the serializer decides."""


def plain_text(value, *, blank: bool, max_length: int | None = None) -> str:
    """A CharField's value (trimmed, as DRF does) when it is a plain string it accepts, else _Slow."""
    if type(value) is not str:
        raise _Slow
    value = value.strip()
    if not value:
        if blank:
            return ""
        raise _Slow
    if (max_length is not None and len(value) > max_length) or "\x00" in value or has_surrogates(value):
        raise _Slow
    return value


def has_surrogates(value: str) -> bool:
    """DRF's CharField refuses them (they cannot be encoded). UTF-8 refuses exactly the surrogates
    (U+D800 to U+DFFF), so encoding tells, in C, quicker than a regular expression's search."""
    if value.isascii():
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return True
    return False


def _choice(value, choices: frozenset, *, blank: bool) -> str:
    if not isinstance(value, str) or not (value in choices or (blank and value == "")):
        raise _Slow
    return value


def _polygon(value) -> GEOSGeometry:
    """A GeoJSON Polygon of 2D positions, closed rings, nothing else: the same polygon GDAL reads from it
    (EPSG:4326), built from its coordinates."""
    if type(value) is not dict or value.keys() != {"type", "coordinates"} or value["type"] != "Polygon":
        raise _Slow
    rings = value["coordinates"]
    if type(rings) is not list or not rings:
        raise _Slow
    parts = [struct.pack("<BII", 1, 3, len(rings))]
    for ring in rings:
        if type(ring) is not list or len(ring) < 4 or ring[0] != ring[-1]:
            raise _Slow
        flat = []
        for position in ring:
            if type(position) is not list or len(position) != 2:
                raise _Slow
            for number in position:
                if type(number) not in (int, float) or not math.isfinite(number):
                    raise _Slow
            flat += position
        parts.append(struct.pack(f"<I{len(flat)}d", len(ring), *flat))
    return GEOSGeometry(memoryview(b"".join(parts)), srid=4326)


def _claimant(row) -> dict:
    if type(row) is not dict or not row.keys() <= _CLAIMANT_KEYS or row.get("party") is not None:
        raise _Slow
    values = {
        "party": None,
        "role": _choice(row.get("role", ClaimantRole.HOLDER), _ROLES, blank=False),
        "kind": _choice(row.get("kind", PartyKind.NATURAL), _KINDS, blank=False),
        "share": plain_text(row.get("share", "1"), blank=False),
        "birth_date": None,
    }
    if row.get("birth_date") is not None or row.get("representative_party") is not None:
        raise _Slow
    values["representative_party"] = None
    for name, max_length in _CLAIMANT_CHARS.items():
        values[name] = plain_text(row.get(name, ""), blank=True, max_length=max_length)
    for name, choices in _CLAIMANT_CHOICES.items():
        values[name] = _choice(row.get(name, ""), choices, blank=True)
    # ClaimantSerializer.validate's conditions: any of them unmet, it words the error.
    if values["kind"] == PartyKind.NATURAL:
        if not values["last_name"] or not values["sex"]:
            raise _Slow
    elif not values["name"] or not values["group_type"]:
        raise _Slow
    if values["id_document_number"] and not values["id_document_type"]:
        raise _Slow
    return values


def plain_claim_values(data) -> dict | None:
    """``ClaimNewSerializer``'s validated data for ``data`` in the plain case, else None (see above)."""
    try:
        if type(data) is not dict or not data.keys() <= _CLAIM_KEYS or data.get("secondary_rights", []) != []:
            raise _Slow
        limits = data.get("limits", {})
        if type(limits) is not dict or not limits.keys() <= _SIDES:
            raise _Slow
        claimants = data.get("claimants")
        if type(claimants) is not list or not claimants:
            raise _Slow
        return {
            "village": plain_text(data.get("village"), blank=False),
            "geometry": _polygon(data.get("geometry")),
            "right_type": plain_text(data.get("right_type", "customaryType"), blank=False),
            "tenure_system": _choice(
                data.get("tenure_system", TenureSystem.CUSTOMARY), _TENURES, blank=False
            ),
            "land_use": plain_text(data.get("land_use", "cropland"), blank=False, max_length=32),
            # Not sent: None, the serializer's default (see its help text); sent, one of the choices.
            "survey_method": (
                _choice(data["survey_method"], _METHODS, blank=False) if "survey_method" in data else None
            ),
            "local_name": plain_text(data.get("local_name", ""), blank=True, max_length=200),
            "limits": {side: plain_text(text, blank=True, max_length=200) for side, text in limits.items()},
            "claimants": [_claimant(row) for row in claimants],
            "secondary_rights": [],
        }
    except (_Slow, OverflowError):  # OverflowError: a number beyond a double's range
        return None
