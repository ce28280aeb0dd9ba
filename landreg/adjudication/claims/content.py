"""A claim's content as the drafting services take it, whichever door it came in by (API, sync, device).

The API's serializer (`adjudication/api/drafting.claim_content`) validates the request and builds it; the
two functions below hand it to the services with each argument named, so no caller repeats the plumbing.
"""

from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSGeometry

from landreg.adjudication.claims.services import (
    ClaimantInput,
    SecondaryRightInput,
    claim_draft,
    claim_update,
)
from landreg.adjudication.models import Claim
from landreg.parcels.models import SurveyMethod
from landreg.territory.models import AdministrativeUnit


@dataclass(frozen=True)
class ClaimContent:
    village: AdministrativeUnit
    geometry: GEOSGeometry  # EPSG:4326, through the boundary checks
    right_type: str
    tenure_system: str
    land_use: str
    local_name: str
    limits: dict
    claimants: list[ClaimantInput]
    secondary_rights: list[SecondaryRightInput] = field(default_factory=list)
    # How the boundary was surveyed (a SurveyMethod), or None when the door was not told: a new claim is then
    # « method not stated », an edited one keeps its own.
    survey_method: str | None = None
    # The boundary's WKB when the reader has it already: a sync batch serialises each boundary once, for
    # its checks, screenings, row and version.
    wkb: bytes | None = field(default=None, compare=False, repr=False)

    def boundary_wkb(self) -> bytes:
        return self.wkb if self.wkb is not None else bytes(self.geometry.wkb)


def draft_from(content: ClaimContent, *, actor) -> Claim:
    return claim_draft(
        actor=actor,
        village=content.village,
        geometry=content.geometry,
        right_type=content.right_type,
        claimants=content.claimants,
        tenure_system=content.tenure_system,
        land_use=content.land_use,
        survey_method=content.survey_method or SurveyMethod.UNKNOWN,
        local_name=content.local_name,
        limits=content.limits,
        secondary_rights=content.secondary_rights,
    )


def update_from(content: ClaimContent, *, actor, claim: Claim) -> Claim:
    return claim_update(
        actor=actor,
        claim=claim,
        geometry=content.geometry,
        right_type=content.right_type,
        claimants=content.claimants,
        tenure_system=content.tenure_system,
        land_use=content.land_use,
        local_name=content.local_name,
        limits=content.limits,
        secondary_rights=content.secondary_rights,
        survey_method=content.survey_method,  # None: the claim keeps its own
    )
