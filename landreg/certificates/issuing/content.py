"""What a certificate shows, gathered from the registry at issue and frozen as plain JSON.

The PDF is drawn from this dictionary alone (no database access while drawing), so reprints show what
was issued and batch printing renders fast. Its words are in the language the procedure profile prints
certificates in (French unless the office chose otherwise), whatever the language of whoever issues it: the
code lists' words (sex, identity document, land use…) come from the catalogue, the same words as the forms'.
"""

import base64
import functools
import hashlib

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import pgettext_lazy

from landreg.adjudication.claims.spatial import neighbours_of
from landreg.core.formats.pdf import plan_of
from landreg.documents.models import Source, SourceType
from landreg.parcels.models import LandUse, Parcel, SurveyMethod
from landreg.parcels.neighbours import DIRECTIONS
from landreg.parties.minority import DEFAULT_MAJORITY_AGE, is_minor
from landreg.parties.models import GroupType, IdDocumentType, Party, PartyKind, RepresentationBasis, Sex
from landreg.parties.selectors import representations_of
from landreg.rights.legal_basis import legal_basis_said
from landreg.rights.models import Right, RRRKind, TenureSystem
from landreg.rights.mortgages import MORTGAGE, amount_said
from landreg.territory.models import UnitLevel


def _date(value) -> str:
    return value.isoformat() if value else ""


def _share(row) -> str:
    share = row.share
    return str(share.numerator) if share.denominator == 1 else f"{share.numerator}/{share.denominator}"


# The tenure system as the certificate words it after the right ("régime coutumier"), not as a form's choice.
TENURE = {
    TenureSystem.FORMAL: pgettext_lazy("certificate", "formal tenure"),
    TenureSystem.CUSTOMARY: pgettext_lazy("certificate", "customary tenure"),
}


def _word(choices, code: str) -> str:
    """A code's word in the active language, capitalised as a value on a form; an unknown code as it is."""
    return capfirst(str(choices(code).label)) if code in choices.values else code or ""


@functools.cache
def _codes_by_word(choices) -> dict[str, str]:
    """{a code's word as ``_word`` freezes it, in each language of the registry: the code}."""
    codes = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code in choices.values:
                codes.setdefault(_word(choices, code), code)
    return codes


def frozen_word_said(choices, frozen: str) -> str:
    """A code list's word frozen in a certificate's content (in the language it was printed in, French
    unless the profile says otherwise) said in the reader's language, for the pages: the paper keeps its
    own words. A word of no code (a code list changed since) is shown as it was frozen."""
    code = _codes_by_word(choices).get(frozen)
    return _word(choices, code) if code else frozen


def _person(party: Party) -> dict:
    return {
        "kind": party.kind,
        "name": party.display_name,
        "sex": _word(Sex, party.sex),
        "sex_code": party.sex,  # « Né le » or « Née le » (certificates issued before it say « Né(e) le »)
        "id_type": _word(IdDocumentType, party.id_document_type),
        "id_number": party.id_document_number,
        "birth_date": _date(party.birth_date),
        "birth_date_approximate": party.birth_date_is_approximate,
        "birth_place": party.birth_place,
        "profession": party.profession,
        "domicile": party.domicile,
        "registration_number": party.registration_number,
    }


def _minor(party: Party, *, on, majority_age: int) -> dict | None:
    """A holder who is a minor on the day of issue and who acts for them: their legal representative as the
    register records them (parties.LegalRepresentation), the basis in the certificate's words. None for a
    person of age or whose birth date is not recorded. One statement per minor (they are few)."""
    if party.kind != PartyKind.NATURAL or not is_minor(party.birth_date, on=on, majority_age=majority_age):
        return None
    representation = representations_of([party]).get(party.pk)
    if representation is None:
        return {"representative": "", "basis": ""}
    return {
        "representative": representation.representative_name,
        # In the certificate's words, as written after a name: « (mère) », « (tuteur désigné par jugement) ».
        "basis": str(RepresentationBasis(representation.basis).label),
        "basis_code": representation.basis,
        "reference": representation.reference,
    }


def _with_minor(person: dict, party: Party, minors) -> dict:
    said = minors(party) if minors else None
    return {**person, "minor": said} if said is not None else person


def _group(party: Party, minors=None) -> dict:
    members = party.memberships.filter(end_lifespan__isnull=True).select_related("member").order_by("id")
    mandate = (
        Source.objects.filter(source_type=SourceType.MANDATE, parties=party)
        .order_by("-document_date", "reference")
        .first()
    )
    mandatary = next((m.member.display_name for m in members if m.is_mandatary), "")
    return {
        "type": _word(GroupType, party.group_type),
        "mandatary": mandatary,
        "mandate_reference": mandate.reference if mandate else "",
        "mandate_date": _date(mandate.document_date) if mandate else "",
        "members": [
            {
                **_with_minor(_person(m.member), m.member, minors),
                "share": _share(m),
                "is_mandatary": m.is_mandatary,
            }
            for m in members
        ],
    }


def _holder(row, minors=None) -> dict:
    """A holder as the certificate prints them; ``minors(party)`` says a minor and who represents them."""
    party = row.party
    data = {**_with_minor(_person(party), party, minors), "share": _share(row)}
    if party.kind == PartyKind.GROUP:
        data["group"] = _group(party, minors)
    return data


def vertices_and_hash(parcel: Parcel) -> tuple[dict, str]:
    """The plan in the parcel's metric CRS, and the hash of the printed vertex table.

    The hash is SHA-256 over ``EPSG:<srid>;x1,y1;x2,y2;…`` with the coordinates exactly as printed (two
    decimals), so whoever holds the paper can recompute it and compare it with the signed token.
    """
    srid = parcel.area_srid
    plan = plan_of(parcel.geometry, srid)
    canonical = f"EPSG:{srid};" + ";".join(f"{x:.2f},{y:.2f}" for _label, x, y in plan["vertices"])
    digest = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    return plan, f"sha256:{digest}"


def _holder_names(right: Right) -> str:
    return ", ".join(h.party.display_name for h in right.holders.all())


def _neighbours(parcel: Parcel, limits: dict[str, str], gap_m: float) -> dict[str, list[str]]:
    # The procedure's neighbour detection, the site visit's (adjudication.claims.spatial.neighbours_of, at the
    # profile's gap): touching or within the gap, side from the shared boundary; then the limit written on the
    # claim for that side (a track, a stream, a field not yet registered), which no detection can find.
    found = {direction: [] for direction in DIRECTIONS}
    near = neighbours_of(parcel.geometry, gap_m=gap_m, exclude_pk=parcel.pk)
    for neighbour in sorted(near, key=lambda n: n.parcel.number):
        found[neighbour.direction].append(neighbour.parcel)
    labels = {}
    for direction in DIRECTIONS:
        labels[direction] = []
        for other in found[direction]:
            primary = primary_right_of(other)
            names = _holder_names(primary) if primary else ""
            labels[direction].append(f"{other.number} ({names})" if names else other.number)
        if limits.get(direction):
            labels[direction].append(limits[direction])
    return labels


def _mortgage(right: Right) -> dict:
    """A mortgage's inscription and the amount it secures, as the certificate prints them below its creditor
    (« grevée d’une hypothèque au profit de … inscrite le … »): the paper says the land is pledged."""
    terms = getattr(right, "mortgage", None) if right.right_type_id == MORTGAGE else None
    if terms is None:
        return {}
    return {
        "mortgage_registered": _date(localtime(terms.registered_at).date()),
        "mortgage_amount": amount_said(terms.amount, terms.currency),
    }


def primary_right_of(parcel: Parcel) -> Right | None:
    """The parcel's primary right in force (a right, not secondary), the one a certificate is issued for."""
    return (
        Right.objects.in_force()
        .filter(parcel=parcel, right_type__kind=RRRKind.RIGHT, right_type__is_secondary=False)
        .select_related("right_type")
        .prefetch_related("holders__party")
        .order_by("begin_lifespan")
        .first()
    )


def certificate_content(
    *,
    right: Right,
    series,
    number: str,
    issue_date,
    references: dict,
    signature_required: bool = True,
    language: str = "fr",
    limits: dict | None = None,
    neighbour_gap_m: float = 5.0,
    majority_age: int = DEFAULT_MAJORITY_AGE,
) -> tuple[dict, str]:
    """The frozen content and the geometry hash, with its words in ``language`` (the PDF draws in it too)."""
    parcel = right.parcel
    village = parcel.village
    commune = village.ancestor_at(UnitLevel.COMMUNE)
    country = village.ancestor_at(UnitLevel.COUNTRY)
    with translation.override(language):
        plan, geometry_hash = vertices_and_hash(parcel)
        # The secondary rights and restrictions in force on the day of issue: a lease whose term is over
        # binds no one and is not printed on a new certificate (rights.models.in_force_on).
        others = (
            Right.objects.in_force(on=issue_date)
            .filter(parcel=parcel)
            .exclude(pk=right.pk)
            .filter(Q(right_type__is_secondary=True) | Q(right_type__kind=RRRKind.RESTRICTION))
            .select_related("right_type")
            .prefetch_related("holders__party")
        )
        secondary = [
            {
                "type": str(other.right_type),
                "holders": _holder_names(other),
                "start": _date(other.start_date),
                "end": _date(other.end_date),
                "legal_basis": legal_basis_said(other.legal_basis),
                **_mortgage(other),
            }
            for other in sorted(
                others.select_related("mortgage"), key=lambda r: (r.right_type_id, r.begin_lifespan)
            )
        ]
        ha, a, ca = parcel.area_ha_a_ca
        content = {
            "language": language,
            "title": series.title,
            "authority_title": series.authority_title,
            "country": country.name if country else "",
            "commune": commune.name if commune else "",
            "village": village.name,
            "number": number,
            "issue_date": _date(issue_date),
            # In the certificate's language, as the rest of its frozen text (rights.legal_basis).
            "legal_basis": legal_basis_said(right.legal_basis),
            "right_type": str(right.right_type),
            "tenure_system": str(TENURE.get(right.tenure_system, right.tenure_system)),
            "right_start": _date(right.start_date),
            "holders": [
                _holder(h, functools.partial(_minor, on=issue_date, majority_age=majority_age))
                for h in right.holders.select_related("party").order_by("id")
            ],
            "parcel": {
                "number": parcel.number,
                "local_name": parcel.local_name,
                "land_use": _word(LandUse, parcel.land_use),
                "area_m2": round(parcel.area_m2),
                "area_ha_a_ca": [ha, a, ca],
                "official_area_m2": parcel.official_area_m2,
                "survey_method": _word(SurveyMethod, parcel.survey_method),
                "accuracy_m": str(parcel.accuracy_m) if parcel.accuracy_m is not None else "",
            },
            "neighbours": _neighbours(parcel, limits or {}, neighbour_gap_m),
            "plan": plan,
            "secondary": secondary,
            "signature_required": signature_required,
            "procedure": {
                key: _date(value) if hasattr(value, "isoformat") else value
                for key, value in references.items()
            },
        }
    return content, geometry_hash


SIGNATURE_PENDING, SIGNATURE_DONE, SIGNATURE_NOT_REQUIRED = "pending", "signed", "not_required"


def token_claims(content: dict, geometry_hash: str, *, signed_on: str = "") -> dict:
    """The essential fields signed in the QR code (no ID numbers, no birth dates).

    ``sig`` tells an offline verifier whether the authority had signed when the token was made: "pending"
    (required, not yet: the certificate is not in force), "signed" (with the date in ``signed``) or
    "not_required" (the procedure puts it in force at issue).
    """
    claims = {
        "no": content["number"],
        "parcel": content["parcel"]["number"],
        "holders": [[h["name"], h["share"]] for h in content["holders"]],
        "area_m2": content["parcel"]["area_m2"],
        "issued": content["issue_date"],
        "geom": geometry_hash,
    }
    if signed_on:
        claims.update(sig=SIGNATURE_DONE, signed=signed_on)
    elif content.get("signature_required", True):
        claims["sig"] = SIGNATURE_PENDING
    else:
        claims["sig"] = SIGNATURE_NOT_REQUIRED
    return claims
