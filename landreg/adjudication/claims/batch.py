"""Many draft claims at once (a device's sync batch): the checks of ``claim_draft``, done set-wise, and the
rows written with bulk inserts, so a thousand records cost a few queries rather than thirty each.

``batch_screen`` checks what depends on the neighbourhood for the whole batch (village containment, overlaps
with the parcels, the claims in progress and the batch's own records); ``drafts_prepare`` builds and checks
each draft's rows as plain values with the checks ``claim_draft`` makes (one query per village, right type
list, not per record); ``drafts_write`` saves the accepted ones in one transaction with their chained audit
events.
"""

import dataclasses
import uuid
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from landreg.adjudication.changes.minors import check_inputs_represented
from landreg.adjudication.claims.content import ClaimContent
from landreg.adjudication.claims.services import (
    check_claimant_inputs,
    check_may_draft,
    claimant_values,
    right_type_in,
    right_types_of,
    secondary_right_values,
    secondary_types_of,
)
from landreg.adjudication.claims.spatial import batch_overlaps, overlap_message
from landreg.adjudication.exceptions import ClaimFaults
from landreg.adjudication.models import Claim, Claimant, ClaimSecondaryRight
from landreg.adjudication.profiles import profile_for
from landreg.audit.services import audit_record_many
from landreg.core import clock
from landreg.core.db.bulk import insert_values
from landreg.core.exceptions import RegistryError
from landreg.core.geometry import WKBGeometry
from landreg.parcels.checks import containment_issues_many
from landreg.parcels.models import SurveyMethod
from landreg.parcels.topology import Tolerance


def batch_screen(
    contents: list[ClaimContent],
    *,
    labels: list[str],
    settled: list[Claim] = (),
    profiles: dict | None = None,
    wkbs: list[bytes] | None = None,
) -> dict[int, list[str]]:
    """What holds back each record of a batch (by index): its boundary outside its village or commune, or
    overlapping a parcel, a claim in progress or an earlier (or already held) record of the batch.
    ``profiles``: the villages' procedure profiles by village pk, when the caller has read them already;
    ``wkbs``: the boundaries' WKB, likewise (both screenings take them)."""
    return boundaries_screen(
        [(c.village, c.geometry) for c in contents],
        labels=labels,
        settled=[(claim.local_name or str(claim.pk), claim.geometry) for claim in settled],
        profiles=profiles,
        wkbs=wkbs,
    )


def boundaries_screen(
    boundaries: list[tuple],
    *,
    labels: list[str],
    settled: list[tuple[str, GEOSGeometry]] = (),
    profiles: dict | None = None,
    wkbs: list[bytes] | None = None,
    among_themselves: bool = True,
) -> dict[int, list[str]]:
    """``batch_screen`` of (village, boundary) pairs, the boundaries in EPSG:4326 and valid; ``settled``:
    (label, boundary) of records screened already. ``among_themselves=False``: each is screened against the
    parcels, the claims in progress and ``settled`` only, not against the others (records refused already,
    which hear of their overlaps and hold back nothing)."""
    if wkbs is None:
        wkbs = [bytes(geometry.wkb) for _village, geometry in boundaries]
    reasons: dict[int, list[str]] = {}
    by_village: dict = {}
    for index, (village, _geometry) in enumerate(boundaries):
        by_village.setdefault(village.pk, []).append(index)
    for indexes in by_village.values():
        village = boundaries[indexes[0]][0]
        found = containment_issues_many(
            [boundaries[i][1] for i in indexes], village, wkbs=[wkbs[i] for i in indexes]
        )
        for position, issues in found.items():
            reasons[indexes[position]] = [issue.message for issue in issues]
    if not profiles:
        villages = {village.pk: village for village, _geometry in boundaries}
        profiles = {pk: profile_for(village) for pk, village in villages.items()}
    default = Tolerance.default()  # read from the settings once: a thousand reads were a tenth of a batch
    tolerance_of = {
        pk: dataclasses.replace(
            default, overlap_m2=profile.overlap_tolerance_m2, overlap_pct=profile.overlap_tolerance_pct
        )
        for pk, profile in profiles.items()
    }
    overlaps = batch_overlaps(
        [geometry for _village, geometry in boundaries],
        [tolerance_of[village.pk] for village, _geometry in boundaries],
        labels=labels,
        settled=settled,
        wkbs=wkbs,
        among_themselves=among_themselves,
    )
    for index, found in overlaps.items():
        reasons.setdefault(index, []).append(overlap_message(found))
    return reasons


def _per_village(contents, function) -> dict:
    return {c.village.pk: function(c.village) for c in {c.village.pk: c for c in contents}.values()}


@dataclass
class DraftValues:
    """A draft claim's columns and its people's and secondary rights', checked and not yet saved (by
    attname; the claim's id is set, so its rows name it)."""

    claim: dict
    claimants: list[dict]
    secondary_rights: list[dict]


def drafts_prepare(
    *, actor, contents: list[ClaimContent], profiles: dict | None = None
) -> list[DraftValues | RegistryError]:
    """Each content's checked rows, or the error that refuses it (as ``claim_draft`` would raise it: the
    same checks, ``check_may_draft``, ``check_claimant_inputs``, ``claimant_values``,
    ``secondary_right_values``). The boundaries have been through the checks already (``check_boundary``
    and ``batch_screen``). Plain values, not model instances: building a thousand of each was most of a
    batch's time. ``profiles`` as for ``batch_screen``."""
    allowed = {}
    for village in {c.village.pk: c.village for c in contents}.values():
        try:
            check_may_draft(actor, village)
        except RegistryError as error:
            allowed[village.pk] = error
    profiles = profiles or _per_village(contents, profile_for)
    right_types = right_types_of(c.right_type for c in contents)
    secondary = secondary_types_of(s.right_type for c in contents for s in c.secondary_rights)
    prepared = []
    for content in contents:
        try:
            if content.village.pk in allowed:
                raise allowed[content.village.pk]
            prepared.append(
                _draft_values(actor, content, profiles[content.village.pk], right_types, secondary)
            )
        except RegistryError as error:
            prepared.append(error)
    return prepared


def draft_faults(content: ClaimContent) -> list[str]:
    """Every fault of a record's right, claimants and secondary rights (the checks ``drafts_prepare``
    makes), whatever its boundary: a device's record lists them all with the boundary's own."""
    try:
        _checked_rows(
            content,
            right_types=right_types_of([content.right_type]),
            secondary=secondary_types_of(s.right_type for s in content.secondary_rights),
        )
    except ClaimFaults as faults:
        return faults.messages
    return []


def _checked_rows(content: ClaimContent, *, right_types, secondary) -> tuple:
    """The right type, the claimants' and secondary rights' columns, or ClaimFaults listing every fault (a
    record with an unknown right, a person without a sex and shares that do not add up hears of all three)."""
    faults = []

    def attempt(check, *arguments):
        try:
            return check(*arguments)
        except RegistryError as error:
            faults.append(str(error))
            return None

    right_type = attempt(right_type_in, content.right_type, right_types)
    attempt(check_claimant_inputs, content.claimants)
    claimants = [attempt(claimant_values, data) for data in content.claimants]
    secondary_rights = [attempt(secondary_right_values, data, secondary) for data in content.secondary_rights]
    if faults:
        raise ClaimFaults(list(dict.fromkeys(faults)))  # two people without a name: said once
    return right_type, claimants, secondary_rights


def _draft_values(actor, content: ClaimContent, profile, right_types, secondary) -> DraftValues:
    right_type, claimant_rows, secondary_rows = _checked_rows(
        content, right_types=right_types, secondary=secondary
    )
    # A child claiming is named with their legal representative (changes.minors): the doors said so beside
    # the row (the API, a sync record) or in the record's reasons (ODK); refused here whoever calls.
    check_inputs_represented(content.claimants, majority_age=profile.majority_age)
    claim_id = uuid.uuid4()
    claimants = [
        {"claim_id": claim_id, "party_id": data.party.pk if data.party else None, **values}
        for data, values in zip(content.claimants, claimant_rows, strict=True)
    ]
    secondary_rights = [
        {"claim_id": claim_id, "party_id": data.party.pk if data.party else None, **values}
        for data, values in zip(content.secondary_rights, secondary_rows, strict=True)
    ]
    # The columns ``claim_draft`` sets; the others take their defaults (state draft, no receipt yet…).
    claim = {
        "id": claim_id,
        "created_at": clock.now(),
        "village_id": content.village.pk,
        "profile_id": profile.pk,
        # Serialised once (a sync batch's reader did it already): written and versioned from its WKB.
        "geometry": WKBGeometry(content.boundary_wkb(), content.geometry.srid),
        "right_type_id": right_type.pk,
        "tenure_system": content.tenure_system,
        "land_use": content.land_use,
        "survey_method": content.survey_method or SurveyMethod.UNKNOWN,  # as claim_draft, never a false GPS
        "local_name": content.local_name,
        "created_by_id": actor.pk,
        **{f"limit_{side}": content.limits.get(side, "") for side in ("north", "east", "south", "west")},
    }
    return DraftValues(claim, claimants, secondary_rights)


@transaction.atomic
def drafts_write(*, actor, drafts: list[DraftValues], payloads: list[dict]) -> None:
    """Save checked drafts with bulk inserts; one chained ``claim.draft`` event each, as ``claim_draft``
    (``payloads``: each one's, ``{"village": its code}``)."""
    insert_values(Claim, [d.claim for d in drafts])
    insert_values(Claimant, [row for d in drafts for row in d.claimants])
    insert_values(ClaimSecondaryRight, [row for d in drafts for row in d.secondary_rights])
    audit_record_many(
        action="claim.draft",
        object_type=Claim._meta.label_lower,
        object_ids=[d.claim["id"] for d in drafts],
        actor=actor,
        payloads=payloads,
    )
