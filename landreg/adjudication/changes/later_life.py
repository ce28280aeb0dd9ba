"""Later life of parcels and rights: split, merge, lease and loan, correction of an error.

Each one checks the actor's ``record_transactions`` permission on the village, asks for the documents the
commune's profile lists for its kind, keeps every old version (retired parcels and ended rights stay in the
register with their lifespans) and writes an event into the tamper-evident history.

The public functions record a change directly, which the land office may do only for kinds the commune's
profile puts through no step. Otherwise a change application walks the steps and its approval calls the
``*_apply`` function, which writes the same change without the direct path's checks of actor and documents.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.consents import primary_right_of, refuse_direct_disposal
from landreg.adjudication.claims.spatial import Overlap, overlaps_listed, overlaps_of
from landreg.adjudication.exceptions import TransferError
from landreg.adjudication.models import ParcelChange, ParcelChangeKind
from landreg.adjudication.profiles import profile_for, require_documents, require_no_procedure
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.formats.pdf import number_in_language
from landreg.core.geometry import projected_srid_for, to_srid
from landreg.disputes.cases.freeze import require_no_open_case
from landreg.parcels.checks import BoundaryErrors
from landreg.parcels.models import Parcel
from landreg.parcels.services import normalise_boundary, parcel_record, parcel_retire, parcel_update
from landreg.parties.models import Party
from landreg.parties.services import party_update
from landreg.rights.models import Right, RightType
from landreg.rights.mortgages import MORTGAGE, terms_carry
from landreg.rights.services import HolderShare, right_end, right_register


def check_direct(actor, village, kind: str, documents: Sequence) -> None:
    """A change recorded directly: the actor records transactions in the village, the commune's profile puts
    the kind through no step, and the documents it asks for the kind are there."""
    if not has_unit_perm(actor, "record_transactions", village):
        raise PermissionDeniedError(_("You may not record transactions in this village."))
    profile = profile_for(village)
    require_no_procedure(profile, kind)
    present = [d.source_type for d in documents]
    require_documents(profile, kind, present, _("Documents missing: %(docs)s."))


def _reason(reason: str) -> None:
    if not reason.strip():
        raise TransferError(_("Give the reason and the reference of the act."))


def _locked_current(parcels: Iterable[Parcel]) -> list[Parcel]:
    # Lock the parcels so two clerks cannot split or merge the same land at once.
    ids = [p.pk for p in parcels]
    locked = list(Parcel.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("village"))
    if len(locked) != len(set(ids)) or any(not p.is_current for p in locked):
        raise TransferError(_("Only current parcels can be split or merged."))
    require_no_open_case(parcels=locked)
    return sorted(locked, key=lambda p: p.number)


def _carry_rights(old: Parcel, new: Parcel, actor) -> None:
    # The rights in force go on the new parcels (rights.models.in_force_on); a lease or loan past its own end
    # date binds no one and stays with the old parcel's history, ended with it below.
    for right in old.rights.in_force().select_related("right_type").prefetch_related("holders__party"):
        carried = right_register(
            parcel=new,
            right_type=right.right_type,
            holders=[HolderShare(h.party, h.share) for h in right.holders.all()],
            tenure_system=right.tenure_system,
            legal_basis=right.legal_basis,
            start_date=right.start_date,
            end_date=right.end_date,
            description=right.description,
            created_by=actor,
        )
        terms_carry(old=right, new=carried)  # a mortgage follows the land onto every part


def _end_rights_and_retire(parcel: Parcel, actor, reason: str) -> None:
    # Every right the register has not closed, in force or past its term: « not closed by a clerk » is meant
    # here, as a retired parcel keeps no open right.
    for right in parcel.rights.current():
        right_end(right=right, actor=actor, reason=reason)
    parcel_retire(parcel=parcel, actor=actor, reason=reason)


def _record_change(kind, old, new, actor, reason, documents) -> ParcelChange:
    change = ParcelChange.objects.create(kind=kind, recorded_by=actor, recorded_at=clock.now(), reason=reason)
    change.old_parcels.add(*old)
    change.new_parcels.add(*new)
    change.documents.add(*documents)
    audit_record(
        action=f"parcel.{kind}",
        obj=change,
        actor=actor,
        payload={"old": [p.number for p in old], "new": [p.number for p in new], "reason": reason},
    )
    return change


@transaction.atomic
def parcel_split(
    *, parcel: Parcel, parts: Sequence[GEOSGeometry], actor, reason: str, documents: Iterable = ()
) -> ParcelChange:
    """The parts must cover the parcel without gaps or overlaps beyond the profile's tolerance."""
    documents = list(documents)
    check_direct(actor, parcel.village, "split", documents)
    refuse_direct_disposal(right=primary_right_of(parcel), kind="split")
    return split_apply(parcel=parcel, parts=parts, actor=actor, reason=reason, documents=documents)


def split_parts_checked(parent: Parcel, parts: Sequence[GEOSGeometry]) -> list[GEOSGeometry]:
    """The parts, normalised, if they cover the parent within the profile's tolerance and overlap no other
    current parcel beyond it; otherwise one TransferError that says every fault, part by part."""
    if len(parts) < 2:
        raise TransferError(_("A split makes at least two parcels."))
    parts = [_part_checked(n, part, parent.village) for n, part in enumerate(parts, start=1)]
    profile = profile_for(parent.village)
    srid = projected_srid_for(parent.geometry, parent.village.effective_projected_srid())
    whole = to_srid(parent.geometry, srid)
    pieces = [to_srid(p, srid) for p in parts]
    tolerance = split_tolerance_m2(profile, whole.area)
    faults = _cover_faults(whole, pieces, tolerance)
    if faults:
        faults.insert(
            0,
            _("The parts must cover the parcel exactly, within %(t)s m²:") % {"t": _m2(tolerance)},
        )
    for n, part in enumerate(parts, start=1):
        found = overlaps_with_others(part, parcel=parent)
        if found:
            faults.append(
                _("Part %(n)d overlaps %(list)s beyond the tolerance.")
                % {"n": n, "list": overlaps_listed(found)}
            )
    if faults:
        raise TransferError(" ".join(faults))
    return parts


def split_tolerance_m2(profile, area_m2: float) -> float:
    """How far (m²) a split's parts may overlap, leave out or go beyond the parcel: the procedure's overlap
    tolerance, in m² or in % of the parcel, whichever is larger."""
    return max(profile.overlap_tolerance_m2, area_m2 * profile.overlap_tolerance_pct / 100)


# Overlaps and excesses below this are rounding of snapped corners: not named part by part.
NAMED_FROM_M2 = 0.05


def _m2(area: float) -> str:
    return number_in_language(area, 1)


def _part_checked(n: int, part: GEOSGeometry, village) -> GEOSGeometry:
    try:
        return normalise_boundary(part, village=village)
    except BoundaryErrors as exc:
        raise TransferError(_("Part %(n)d: %(problem)s") % {"n": n, "problem": str(exc)}) from exc


def _cover_faults(whole: GEOSGeometry, pieces: list[GEOSGeometry], tolerance: float) -> list[str]:
    """What keeps the parts (projected, in m²) from covering the whole: overlaps between parts, land of the
    parcel in no part, land of a part outside the parcel; each total beyond ``tolerance``."""
    faults = []
    pairs = [
        (i, j, pieces[i].intersection(pieces[j]).area)
        for i in range(len(pieces))
        for j in range(i + 1, len(pieces))
    ]
    if sum(area for _i, _j, area in pairs) > tolerance:
        faults += [
            _("Parts %(a)d and %(b)d overlap by %(area)s m².") % {"a": i + 1, "b": j + 1, "area": _m2(area)}
            for i, j, area in pairs
            if area > NAMED_FROM_M2
        ]
    union = pieces[0]
    for piece in pieces[1:]:
        union = union.union(piece)
    left_out = whole.difference(union).area
    if left_out > tolerance:
        faults.append(_("%(area)s m² of the parcel are in no part.") % {"area": _m2(left_out)})
    beyond = [piece.difference(whole).area for piece in pieces]
    if sum(beyond) > tolerance:
        faults += [
            _("Part %(n)d goes %(area)s m² beyond the parcel.") % {"n": n, "area": _m2(area)}
            for n, area in enumerate(beyond, start=1)
            if area > NAMED_FROM_M2
        ]
    return faults


def overlaps_with_others(boundary: GEOSGeometry, *, parcel: Parcel) -> list[Overlap]:
    """The current parcels other than ``parcel`` (the one split or corrected) that ``boundary`` overlaps
    beyond the tolerance of the procedure of ``parcel``'s commune (the registry's rule, ``is_conflict``)."""
    profile = profile_for(parcel.village)
    return overlaps_of(
        boundary,
        queryset=Parcel.objects.current().exclude(pk=parcel.pk),
        tolerance_m2=profile.overlap_tolerance_m2,
        tolerance_pct=profile.overlap_tolerance_pct,
    )


def corrected_boundary_checked(parcel: Parcel, geometry) -> GEOSGeometry:
    """A corrected boundary of ``parcel``: checked as any boundary of its village (BoundaryErrors), and
    refused if it overlaps another current parcel beyond the tolerance (the parcel's own old boundary is
    left out: the correction replaces it)."""
    boundary = normalise_boundary(geometry, village=parcel.village)
    found = overlaps_with_others(boundary, parcel=parcel)
    if found:
        raise TransferError(
            _("The corrected boundary overlaps %(list)s beyond the tolerance.")
            % {"list": overlaps_listed(found)}
        )
    return boundary


def split_apply(
    *, parcel: Parcel, parts: Sequence[GEOSGeometry], actor, reason: str, documents
) -> ParcelChange:
    (parent,) = _locked_current([parcel])
    _reason(reason)
    parts = split_parts_checked(parent, parts)
    new = [
        parcel_record(
            village=parent.village,
            geometry=part,
            survey_method=parent.survey_method,
            land_use=parent.land_use,
            local_name=parent.local_name,
            created_by=actor,
            reason=reason,
        )
        for part in parts
    ]
    for child in new:
        _carry_rights(parent, child, actor)
    _end_rights_and_retire(parent, actor, reason)
    return _record_change(ParcelChangeKind.SPLIT, [parent], new, actor, reason, documents)


def _holding(parcel: Parcel) -> set:
    return {
        (r.right_type_id, frozenset((h.party_id, h.share) for h in r.holders.all()))
        # The holdings in force (rights.models.in_force_on): a lease past its term on one parcel does not
        # make its holders differ from its neighbour's.
        for r in parcel.rights.in_force().prefetch_related("holders")
    }


@transaction.atomic
def parcel_merge(*, parcels: Sequence[Parcel], actor, reason: str, documents: Iterable = ()) -> ParcelChange:
    """Adjacent parcels of one village held by the same holders with the same shares become one."""
    documents = list(documents)
    if parcels:  # merge_apply locks them and refuses parcels of different villages
        check_direct(actor, parcels[0].village, "merge", documents)
    return merge_apply(parcels=parcels, actor=actor, reason=reason, documents=documents)


def merged_boundary(parcels: Sequence[Parcel]) -> GEOSGeometry:
    """The one polygon the parcels form, if they may be merged (same village, same holding, touching)."""
    if len(parcels) < 2:
        raise TransferError(_("A merge joins at least two parcels."))
    if len({p.village_id for p in parcels}) != 1:
        raise TransferError(_("Only parcels of the same village can be merged."))
    if any(p.rights.in_force().filter(right_type__code=MORTGAGE).exists() for p in parcels):
        # Each mortgage secures its own debt on its own land: one parcel would carry two creditors' deeds
        # on land neither was given. The banks release (mainlevée) or the parcels stay apart.
        raise TransferError(
            _("A mortgaged parcel cannot be merged: record the release of its mortgage first.")
        )
    if len({frozenset(_holding(p)) for p in parcels}) != 1:
        raise TransferError(_("The parcels are held by different holders or shares; transfer first."))
    merged = parcels[0].geometry
    for parcel in parcels[1:]:
        merged = merged.union(parcel.geometry)
    if merged.geom_type != "Polygon":
        merged = merged.buffer(0)  # touching squares union to one polygon; slivers may need closing
    if merged.geom_type != "Polygon":
        raise TransferError(_("The parcels do not touch: they cannot form one parcel."))
    return merged


def merge_apply(*, parcels: Sequence[Parcel], actor, reason: str, documents) -> ParcelChange:
    old = _locked_current(parcels)
    _reason(reason)
    merged = merged_boundary(old)
    village = old[0].village
    new = parcel_record(
        village=village,
        geometry=merged,
        survey_method=old[0].survey_method,
        land_use=old[0].land_use,
        created_by=actor,
        reason=reason,
    )
    _carry_rights(old[0], new, actor)
    for parcel in old:
        _end_rights_and_retire(parcel, actor, reason)
    return _record_change(ParcelChangeKind.MERGE, old, [new], actor, reason, documents)


@transaction.atomic
def secondary_right_grant(
    *,
    parcel: Parcel,
    kind: str,
    holders: Sequence[HolderShare],
    actor,
    legal_basis: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    documents: Iterable = (),
) -> Right:
    """A lease (``lease``) or a loan of land (``loan``) on top of the primary right, for a period."""
    documents = list(documents)
    if kind not in {"lease", "loan"}:
        raise TransferError(_("Record a lease or a loan."))
    check_direct(actor, parcel.village, kind, documents)
    refuse_direct_disposal(right=primary_right_of(parcel), kind=kind)
    return secondary_right_apply(
        parcel=parcel,
        kind=kind,
        holders=holders,
        actor=actor,
        legal_basis=legal_basis,
        start_date=start_date,
        end_date=end_date,
        documents=documents,
    )


def check_secondary_right(kind: str, start_date: dt.date | None, end_date: dt.date | None) -> None:
    if kind not in {"lease", "loan"}:
        raise TransferError(_("Record a lease or a loan."))
    if start_date is None:
        raise TransferError(_("Give the date the lease or loan starts."))
    if kind == "lease" and end_date is None:
        raise TransferError(_("A lease has an end date."))


def secondary_right_apply(
    *, parcel: Parcel, kind: str, holders, actor, legal_basis: str, start_date, end_date, documents
) -> Right:
    check_secondary_right(kind, start_date, end_date)
    require_no_open_case(parcels=[parcel])
    right = right_register(
        parcel=parcel,
        right_type=RightType.objects.get(code=kind),
        holders=holders,
        tenure_system="formal" if kind == "lease" else "customary",
        legal_basis=legal_basis,
        start_date=start_date,
        end_date=end_date,
        created_by=actor,
    )
    for source in documents:
        source.rights.add(right)
    audit_record(
        action=f"right.{kind}",
        obj=right,
        actor=actor,
        payload={"parcel": parcel.number, "until": end_date.isoformat() if end_date else None},
    )
    return right


@transaction.atomic
def secondary_right_end(*, right: Right, actor, reason: str) -> Right:
    """A lease or a loan of land ended before its term (the parties agree to end it, the lender takes the land
    back): its lifespan ends now and it stays in the register's history with the reason and the reference of
    the act. Recorded by the land office; a dispute holding the parcel or the right stops it, as it stops any
    change."""
    # Locked so that two clerks ending the same lease cannot both find it current.
    right = (
        Right.objects.select_for_update(of=("self",))
        .select_related("right_type", "parcel__village")
        .get(pk=right.pk)
    )
    if not has_unit_perm(actor, "record_transactions", right.parcel.village):
        raise PermissionDeniedError(_("You may not record transactions in this village."))
    if right.right_type.code not in {"lease", "loan"}:
        raise TransferError(_("Only a lease or a loan of land is ended before its term here."))
    if not right.is_current:
        raise TransferError(_("This lease or loan has already ended."))
    _reason(reason)
    require_no_open_case(parcels=[right.parcel], rights=[right])
    ended = right_end(right=right, actor=actor, reason=reason.strip())
    audit_record(
        action="right.end_early",
        obj=ended,
        actor=actor,
        payload={"parcel": right.parcel.number, "kind": right.right_type.code, "reason": reason.strip()},
    )
    return ended


def current_secondary_rights(parcel: Parcel):
    """The parcel's leases and loans whose lifespan is open, with their holders: what may be ended early."""
    return (
        parcel.rights.current()
        .filter(right_type__code__in=["lease", "loan"])
        .select_related("right_type")
        .prefetch_related("holders__party")
        .order_by("start_date", "pk")
    )


def correction_apply(*, record: Party | Parcel, changes: dict, actor, reason: str, documents=()):
    """Correct an error on a party or a parcel (an approved change application): a new version, the erroneous
    one kept as history."""
    _reason(reason)
    if isinstance(record, Parcel):
        require_no_open_case(parcels=[record])
        corrected = parcel_update(parcel=record, actor=actor, reason=reason, **changes)
    else:
        corrected = party_update(party=record, actor=actor, reason=reason, **changes)
    for source in documents:
        if isinstance(corrected, Parcel):
            source.parcels.add(corrected)
        else:
            source.parties.add(corrected)
    audit_record(
        action="record.correct",
        obj=corrected,
        actor=actor,
        payload={"fields": sorted(changes), "reason": reason, "version": corrected.version},
    )
    return corrected
