"""The preset procedure profiles (loaded by a data migration, then editable) and which one a place uses.

Durations and signatories are the commonly cited values; they are data, so an administrator corrects them
in the admin without a code change.
"""

import uuid

from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _

from landreg.adjudication.exceptions import MissingDocumentsError, ProcedureRequiredError
from landreg.adjudication.models import CommuneProcedure, ProcedureProfile
from landreg.adjudication.states import ClaimPurpose, Step
from landreg.audit.services import audit_record
from landreg.core.db.kept import KeptQuery
from landreg.core.exceptions import RegistryError
from landreg.documents.models import SourceType
from landreg.territory.models import AdministrativeUnit, UnitLevel


class NoProcedureError(RegistryError):
    """The commune has no procedure profile."""


N, V, C, A = Step.PUBLIC_NOTICE, Step.SITE_VERIFICATION, Step.COMMITTEE_VALIDATION, Step.AUTHORITY_APPROVAL


def _change_steps(**kinds) -> dict:
    return {kind: [str(s) for s in steps] for kind, steps in kinds.items()}


_ALL_STEPS = [
    Step.SITE_VERIFICATION,
    Step.PUBLIC_NOTICE,
    Step.COMMITTEE_VALIDATION,
    Step.AUTHORITY_APPROVAL,
]

PRESETS = [
    {
        "code": "bf-apfr",
        "name": "Burkina Faso — attestation de possession foncière rurale (APFR)",
        "country_code": "BF",
        "certificate_name": "Attestation de possession foncière rurale",
        # Constat contradictoire, then publicity, then CFV validation and the mayor's signature.
        "steps": [str(s) for s in _ALL_STEPS],
        "notice_days": 45,
        "change_steps": _change_steps(
            # Heirs, buyers and donees are posted so that other heirs and neighbours can object; the CFV
            # checks an inheritance; boundaries of a split are walked again; the mayor approves each.
            inheritance=[N, C, A],
            sale=[N, A],
            donation=[N, A],
            split=[V, A],
            merge=[A],
            correction=[C, A],
            # A mortgage takes nothing from neighbours or heirs: no notice; the co-holders' consents are
            # gathered on the application, the mayor approves its inscription on the deed.
            mortgage=[A],
        ),
        "change_notice_days": 15,
        "required_documents": {
            "application": ["application_form"],
            "inheritance": ["customary_attestation"],
            "sale": ["deed"],
            "donation": ["deed"],
            "lease": ["deed"],
            "mortgage": ["deed"],  # the deed of the mortgage (acte d'affectation hypothécaire)
        },
        "quorum_min_votes": 3,
        "quorum_rule": "majority",
        "president_signature_required": True,
        "signatory_title": "Le Maire",
        "certificate_number_format": "APFR-{commune}-{village}-{seq:05d}",
        "legal_basis": "Loi n°034-2009/AN du 16 juin 2009 portant régime foncier rural, art. 46 à 50",
        "overlap_tolerance_m2": 5.0,
        "overlap_tolerance_pct": 1.0,
        "neighbour_gap_m": 5.0,
        "conciliation_body": "Commission de conciliation foncière villageoise (CCFV)",
        "dispute_first_session_days": 15,
        "dispute_conciliation_days": 45,
        "dispute_homologation": "optional",  # a party may ask the court; the agreement does not wait for it
        "dispute_new_notice": True,
        "holders_public": True,  # possessions are public (notice, rural land register)
    },
    {
        "code": "mg-cf",
        "name": "Madagascar — certificat foncier",
        "country_code": "MG",
        "certificate_name": "Certificat foncier",
        # Publicity first, then the reconnaissance locale (CRL) and the mayor's signature.
        "steps": [
            str(Step.PUBLIC_NOTICE),
            str(Step.SITE_VERIFICATION),
            str(Step.COMMITTEE_VALIDATION),
            str(Step.AUTHORITY_APPROVAL),
        ],
        "notice_days": 15,
        "change_steps": _change_steps(
            # The guichet foncier posts mutations and the mayor signs; a split is checked on site (CRL).
            inheritance=[N, A],
            sale=[N, A],
            donation=[N, A],
            split=[V, A],
            merge=[A],
            correction=[A],
            mortgage=[A],  # inscribed by the guichet foncier on the deed, signed by the mayor
        ),
        "change_notice_days": 15,
        "required_documents": {
            "application": ["application_form"],
            "inheritance": ["customary_attestation"],
            "sale": ["deed"],
            "donation": ["deed"],
            "lease": ["deed"],
            "mortgage": ["deed"],
        },
        "quorum_min_votes": 3,
        "quorum_rule": "majority",
        "president_signature_required": True,
        "signatory_title": "Le Maire (chef du guichet foncier)",
        "certificate_number_format": "CF-{commune}-{year}-{seq:05d}",
        "legal_basis": "Loi n°2005-019 du 17 octobre 2005 ; loi n°2006-031 du 24 novembre 2006",
        "overlap_tolerance_m2": 3.0,
        "overlap_tolerance_pct": 0.5,
        "neighbour_gap_m": 3.0,
        "conciliation_body": "Commission de reconnaissance locale, le maire et le fokonolona",
        "dispute_first_session_days": 15,
        "dispute_conciliation_days": 30,
        "dispute_homologation": "optional",  # a party may ask the court; the agreement does not wait for it
        "dispute_new_notice": True,
        "holders_public": True,  # the PLOF is open to anyone at the land office
    },
    {
        "code": "ci-cf",
        "name": "Côte d’Ivoire — certificat foncier",
        "country_code": "CI",
        "certificate_name": "Certificat foncier",
        # Enquête officielle on site, three months of publicity, CVGFR validation, sub-prefect's approval.
        "steps": [str(s) for s in _ALL_STEPS],
        "notice_days": 90,
        "change_steps": _change_steps(
            # The CVGFR gives its opinion on every change of holder and boundary before the sub-prefect.
            inheritance=[N, C, A],
            sale=[N, C, A],
            donation=[N, C, A],
            split=[V, C, A],
            merge=[C, A],
            lease=[A],
            correction=[C, A],
            mortgage=[A],  # as a lease: the sub-prefect's approval, on the deed
        ),
        "change_notice_days": 30,
        "required_documents": {
            "application": ["application_form", "id_document"],
            "inheritance": ["court_decision"],
            "sale": ["deed"],
            "donation": ["deed"],
            "lease": ["deed"],
            "mortgage": ["deed"],
        },
        "quorum_min_votes": 5,
        "quorum_rule": "two_thirds",
        "president_signature_required": True,
        "signatory_title": "Le Sous-Préfet",
        "certificate_number_format": "CF-{country}-{commune}-{seq:06d}",
        "legal_basis": "Loi n°98-750 du 23 décembre 1998 relative au domaine foncier rural, art. 4 à 8",
        "overlap_tolerance_m2": 5.0,
        "overlap_tolerance_pct": 1.0,
        "neighbour_gap_m": 5.0,
        "conciliation_body": "Comité villageois de gestion foncière rurale (CVGFR)",
        "dispute_first_session_days": 30,
        "dispute_conciliation_days": 90,
        "dispute_homologation": "optional",  # a party may ask the court; the agreement does not wait for it
        "dispute_new_notice": True,
        "holders_public": False,  # names on request to the administration
    },
    {
        "code": "generic",
        "name": "Procédure générique",
        "country_code": "",
        "certificate_name": "Certificat foncier",
        "steps": [
            str(Step.PUBLIC_NOTICE),
            str(Step.SITE_VERIFICATION),
            str(Step.COMMITTEE_VALIDATION),
            str(Step.AUTHORITY_APPROVAL),
        ],
        "notice_days": 30,
        "change_steps": _change_steps(
            inheritance=[N, A],
            sale=[N, A],
            donation=[N, A],
            split=[V, A],
            mortgage=[A],
        ),
        "change_notice_days": 15,
        "required_documents": {"application": ["application_form"], "mortgage": ["deed"]},
        "quorum_min_votes": 2,
        "quorum_rule": "majority",
        "president_signature_required": False,
        "signatory_title": "L’autorité signataire",
        "certificate_number_format": "{commune}-{village}-{seq:05d}",
        "legal_basis": "Législation foncière nationale applicable",
        "overlap_tolerance_m2": 5.0,
        "overlap_tolerance_pct": 1.0,
        "neighbour_gap_m": 5.0,
        "conciliation_body": "Commission de conciliation",
        "dispute_first_session_days": 15,
        "dispute_conciliation_days": 45,
        "dispute_homologation": "optional",  # a party may ask the court; the agreement does not wait for it
        "dispute_new_notice": True,
        "holders_public": False,  # private until an administrator reads the law
    },
]


def _profiles_for(village: AdministrativeUnit):
    """The profiles that may apply to the village, the one that does first (None: no commune or country)."""
    commune = village.ancestor_at(UnitLevel.COMMUNE)
    country = village.ancestor_at(UnitLevel.COUNTRY)
    return _profiles_of(commune.pk if commune else None, country.code if country else None)


def _profiles_of(commune_id, country_code: str | None):
    """``_profiles_for`` from the village's commune's id and country's code (either may be None)."""
    wanted = Q(pk__in=[])
    if commune_id is not None:
        assigned = Exists(CommuneProcedure.objects.filter(commune_id=commune_id, profile=OuterRef("pk")))
        wanted |= Q(assigned=True)
    else:
        assigned = Value(False)
    if country_code is not None:
        wanted |= Q(country_code=country_code)
    if commune_id is None and country_code is None:
        return None
    # The country's default as before: the first by code among the country's profiles.
    return ProcedureProfile.objects.annotate(assigned=assigned).filter(wanted).order_by("-assigned", "code")


def _no_profile(village: AdministrativeUnit) -> NoProcedureError:
    unit = village.ancestor_at(UnitLevel.COMMUNE) or village
    return NoProcedureError(
        _("No procedure profile is set for %(unit)s; ask the system administrator.") % {"unit": unit}
    )


def majority_age_at(village: AdministrativeUnit, default: int) -> int:
    """The age of majority of the profile ``profile_for`` gives the village, in one statement from the
    village's path of codes (its ancestors' paths are its prefixes, the country's code its first), whatever is
    loaded of its ancestors; ``default`` when no profile applies. A page that names a minor holder reads it
    (web.parcels.page): walking the village's parents read four units more."""
    parts = [part for part in village.path.split("/") if part]
    prefixes = ["/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
    assigned = Exists(
        CommuneProcedure.objects.filter(
            commune__path__in=prefixes, commune__level=UnitLevel.COMMUNE, profile=OuterRef("pk")
        )
    )
    found = (
        ProcedureProfile.objects.annotate(assigned=assigned)
        .filter(Q(assigned=True) | Q(country_code=parts[0] if parts else None))
        .order_by("-assigned", "code")
        .values_list("majority_age", flat=True)[:1]
    )
    return next(iter(found), default)


def profile_for(village: AdministrativeUnit):
    """The commune's assigned profile, else the profile of its country, else an error.

    One statement (the assigned profile ordered first); the village's ancestors are read from the village
    (a caller that loaded them with it, as the public parcel page does, reads none)."""
    profiles = _profiles_for(village)
    profile = profiles.first() if profiles is not None else None
    if profile is None:
        raise _no_profile(village)
    return profile


def _holders_public(commune_id, country_code):
    return _profiles_of(commune_id, country_code).values_list("holders_public")[:1]


# holders_public_of's statement for a commune and a country, a commune alone, a country alone: built once per
# process (core.db.kept), as the public parcel page asks it on every request.
_COMMUNE, _COUNTRY = uuid.uuid4(), f"country-{uuid.uuid4()}"
_HOLDERS_PUBLIC = {
    (True, True): KeptQuery(_holders_public, commune_id=_COMMUNE, country_code=_COUNTRY),
    (True, False): KeptQuery(lambda commune_id: _holders_public(commune_id, None), commune_id=_COMMUNE),
    (False, True): KeptQuery(lambda country_code: _holders_public(None, country_code), country_code=_COUNTRY),
}


def holders_public_of(*, commune_id, country_code: str | None) -> bool | None:
    """profile_for(village).holders_public from the village's commune's id and country's code (either may be
    None, as ``ancestor_at`` finds them), reading that one column (the public parcel page asks it on every
    request: the whole profile, some forty columns with JSON ones, cost it 1.4 ms of CPU); None when no
    profile applies."""
    values = {
        name: value
        for name, value in (("commune_id", commune_id), ("country_code", country_code))
        if value is not None
    }
    if not values:
        return None
    kept = _HOLDERS_PUBLIC[(commune_id is not None, country_code is not None)]
    for (holders_public,) in kept.rows(**values):
        return holders_public
    return None


def profile_assign(*, commune: AdministrativeUnit, profile, actor=None):
    if commune.level != UnitLevel.COMMUNE:
        raise NoProcedureError(_("A procedure profile is assigned to a commune."))
    link, _created = CommuneProcedure.objects.update_or_create(commune=commune, defaults={"profile": profile})
    audit_record(action="procedure.assign", obj=commune, actor=actor, payload={"profile": profile.code})
    return link


def require_documents(profile, step: str, present_types, message: str) -> None:
    """Refuse a step whose documents, as the profile lists them for ``step``, are not all present.

    ``message`` is the caller's translated sentence with a ``%(docs)s`` placeholder for the missing ones.
    """
    missing = sorted(set(profile.required_documents.get(step, [])) - set(present_types))
    if missing:
        labels = ", ".join(str(SourceType(m).label) for m in missing)
        raise MissingDocumentsError(message % {"docs": labels})


def require_no_procedure(profile, kind: str) -> None:
    """Refuse to record directly a change that the profile puts through steps (notice, committee…)."""
    steps = profile.change_steps.get(kind, [])
    if steps:
        raise ProcedureRequiredError(
            _(
                "The procedure of this commune puts a %(kind)s through %(steps)s: lodge a change application "
                "instead of recording it directly."
            )
            % {"kind": ClaimPurpose(kind).label, "steps": ", ".join(str(Step(s).label) for s in steps)}
        )
