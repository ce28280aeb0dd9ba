"""API input of a claim (POST a draft, PUT a draft or a returned claim): the same checks as the page.

The claimants are one person, several jointly, or a group (``kind: group``) with its members (``role:
member`` or ``mandatary``), each with a sex and an exact share; civil status as on the form; secondary rights
with their holder; the boundary as a GeoJSON geometry, checked against the village's boundary when known.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from landreg.adjudication.claims.content import ClaimContent
from landreg.adjudication.claims.services import ClaimantInput, SecondaryRightInput
from landreg.adjudication.models import ClaimantRole
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parties.models import GroupType, IdDocumentType, PartyKind, Sex
from landreg.rights.models import TenureSystem

CIVIL_STATUS = (
    "birth_date",
    "birth_place",
    "id_document_type",
    "id_document_number",
    "profession",
    "domicile",
)


@extend_schema_serializer(component_name="ClaimDraftClaimant")
class ClaimantSerializer(serializers.Serializer):
    party = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A registered party"
    )
    role = serializers.ChoiceField(choices=ClaimantRole.choices, default=ClaimantRole.HOLDER)
    kind = serializers.ChoiceField(choices=[PartyKind.NATURAL, PartyKind.GROUP], default=PartyKind.NATURAL)
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
    kind = serializers.ChoiceField(choices=[PartyKind.NATURAL, PartyKind.GROUP], default=PartyKind.NATURAL)
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
    geometry = GeometryField(help_text="GeoJSON polygon in longitude/latitude (EPSG:4326)")
    right_type = serializers.CharField(default="customaryType")
    tenure_system = serializers.ChoiceField(choices=TenureSystem.choices, default=TenureSystem.CUSTOMARY)
    land_use = serializers.CharField(default="cropland", max_length=32)
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


def claim_content(values: dict, *, village, parties, boundary=None) -> ClaimContent:
    """A validated claim (``ClaimInputSerializer``'s data) as the services' input; a ValidationError (a 400
    body) names an unknown party or what is wrong with the boundary. ``parties``: those the caller may name.
    ``boundary``: the values' geometry as the caller checked it already (a sync batch checks all its
    boundaries at once, see ``parcels.checks.check_boundaries``)."""
    return ClaimContent(
        village=village,
        geometry=checked_geometry(values["geometry"], village) if boundary is None else boundary,
        right_type=values["right_type"],
        tenure_system=values["tenure_system"],
        land_use=values["land_use"],
        local_name=values["local_name"],
        limits=values["limits"],
        claimants=claimant_inputs(values["claimants"], parties),
        secondary_rights=secondary_inputs(values["secondary_rights"], parties),
    )


def checked_geometry(geometry, village):
    """The village's boundary, when known, is checked now (as on the page), not at the mayor's approval."""
    try:
        return check_boundary(geometry, srid=4326, village=village).polygon
    except BoundaryErrors as exc:
        raise boundary_errors(exc) from exc


def boundary_errors(exc: BoundaryErrors) -> serializers.ValidationError:
    return serializers.ValidationError({"geometry": [i.message for i in exc.issues]})


def _party(parties, pk, field: str, index: int):
    party = parties.filter(pk=pk).first()
    if party is None:  # unknown, or of a village the caller cannot see
        raise serializers.ValidationError({field: {index: {"party": [_("Unknown party.")]}}})
    return party


def claimant_inputs(rows, parties) -> list[ClaimantInput]:
    """Validated rows to the service's inputs; a party outside the caller's villages is unknown."""
    inputs = []
    for index, row in enumerate(rows):
        party = _party(parties, row["party"], "claimants", index) if row["party"] else None
        inputs.append(
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
                extra={} if party else {name: row[name] for name in CIVIL_STATUS},
            )
        )
    return inputs


def secondary_inputs(rows, parties) -> list[SecondaryRightInput]:
    inputs = []
    for index, row in enumerate(rows):
        party = _party(parties, row["party"], "secondary_rights", index) if row["party"] else None
        inputs.append(
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
        )
    return inputs
