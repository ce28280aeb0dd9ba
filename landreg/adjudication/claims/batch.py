"""Many draft claims at once (a device's sync batch): the checks of ``claim_draft``, done set-wise, and the
rows written with bulk inserts, so a thousand records cost a few queries rather than thirty each.

``batch_screen`` checks what depends on the neighbourhood for the whole batch (village containment, overlaps
with the parcels, the claims in progress and the batch's own records); ``drafts_prepare`` builds and checks
each draft's rows with the shared ``draft_rows`` (one query per village, right type list, not per record);
``drafts_write`` saves the accepted ones in one transaction with their chained audit events.
"""

import dataclasses

from django.db import transaction

from landreg.adjudication.claims.content import ClaimContent
from landreg.adjudication.claims.services import (
    DraftRows,
    check_may_draft,
    draft_rows,
    right_type_in,
    right_types_of,
    secondary_types_of,
)
from landreg.adjudication.claims.spatial import batch_overlaps, overlap_message
from landreg.adjudication.models import Claim, Claimant, ClaimSecondaryRight
from landreg.adjudication.profiles import profile_for
from landreg.audit.services import audit_record_many
from landreg.core.bulk import insert_rows
from landreg.core.exceptions import RegistryError
from landreg.parcels.checks import containment_issues_many
from landreg.parcels.topology import Tolerance


def batch_screen(
    contents: list[ClaimContent], *, labels: list[str], settled: list[Claim] = ()
) -> dict[int, list[str]]:
    """What holds back each record of a batch (by index): its boundary outside its village or commune, or
    overlapping a parcel, a claim in progress or an earlier (or already held) record of the batch."""
    reasons: dict[int, list[str]] = {}
    by_village: dict = {}
    for index, content in enumerate(contents):
        by_village.setdefault(content.village.pk, []).append(index)
    for indexes in by_village.values():
        village = contents[indexes[0]].village
        found = containment_issues_many([contents[i].geometry for i in indexes], village)
        for position, issues in found.items():
            reasons[indexes[position]] = [issue.message for issue in issues]
    profiles = _per_village(contents, profile_for)
    tolerances = [
        dataclasses.replace(
            Tolerance.default(),
            overlap_m2=profiles[c.village.pk].overlap_tolerance_m2,
            overlap_pct=profiles[c.village.pk].overlap_tolerance_pct,
        )
        for c in contents
    ]
    overlaps = batch_overlaps(
        [c.geometry for c in contents],
        tolerances,
        labels=labels,
        settled=[(claim.local_name or str(claim.pk), claim.geometry) for claim in settled],
    )
    for index, found in overlaps.items():
        reasons.setdefault(index, []).append(overlap_message(found))
    return reasons


def _per_village(contents, function) -> dict:
    return {c.village.pk: function(c.village) for c in {c.village.pk: c for c in contents}.values()}


def drafts_prepare(*, actor, contents: list[ClaimContent]) -> list[DraftRows | RegistryError]:
    """Each content's checked rows, or the error that refuses it (as ``claim_draft`` would raise it).
    The boundaries have been through the checks already (``check_boundary`` and ``batch_screen``)."""
    allowed = {}
    for village in {c.village.pk: c.village for c in contents}.values():
        try:
            check_may_draft(actor, village)
        except RegistryError as error:
            allowed[village.pk] = error
    profiles = _per_village(contents, profile_for)
    right_types = right_types_of(c.right_type for c in contents)
    secondary = secondary_types_of(s.right_type for c in contents for s in c.secondary_rights)
    prepared = []
    for content in contents:
        try:
            if content.village.pk in allowed:
                raise allowed[content.village.pk]
            prepared.append(
                draft_rows(
                    actor=actor,
                    village=content.village,
                    profile=profiles[content.village.pk],
                    polygon=content.geometry,
                    right_type=right_type_in(content.right_type, right_types),
                    claimants=content.claimants,
                    tenure_system=content.tenure_system,
                    land_use=content.land_use,
                    local_name=content.local_name,
                    limits=content.limits,
                    secondary_rights=content.secondary_rights,
                    secondary_types=secondary,
                )
            )
        except RegistryError as error:
            prepared.append(error)
    return prepared


@transaction.atomic
def drafts_write(*, actor, drafts: list[DraftRows]) -> list[Claim]:
    """Save checked drafts with bulk inserts; one chained ``claim.draft`` event each, as ``claim_draft``."""
    claims = [d.claim for d in drafts]
    insert_rows(Claim, claims)
    insert_rows(Claimant, [row for d in drafts for row in d.claimants])
    insert_rows(ClaimSecondaryRight, [row for d in drafts for row in d.secondary_rights])
    audit_record_many(
        action="claim.draft",
        objects=claims,
        actor=actor,
        payloads=[{"village": claim.village.code} for claim in claims],
    )
    return claims
