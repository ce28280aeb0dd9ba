"""Writes of parcels. Every boundary goes through checks.check_boundary and the overlap detection."""

import json

from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from landreg.audit.rows import register_write
from landreg.core import clock
from landreg.core.history.versioning import version_retire, version_supersede, versions_begin
from landreg.parcels.checks import CheckedBoundary, check_boundary
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.models import (
    BoundaryRepair,
    FindingKind,
    Parcel,
    ParcelNumberSequence,
    TopologyFinding,
)
from landreg.parcels.neighbours import neighbours_of
from landreg.parcels.topology import Tolerance, findings_for, surroundings
from landreg.territory.models import AdministrativeUnit, UnitLevel


def normalise_boundary(
    geometry, *, village: AdministrativeUnit | None = None, repair: bool = False
) -> Polygon:
    """A valid EPSG:4326 polygon, or a GeometryError (BoundaryErrors) saying what is wrong and where.

    Nothing is repaired unless ``repair=True``; parcel_record then records the repair with the original.
    """
    return check_boundary(geometry, village=village, repair=repair).polygon


def _highest_used(village: AdministrativeUnit) -> int:
    prefix = f"{village.code}-"
    used = Parcel.objects.filter(village=village, number__startswith=prefix).values_list("number", flat=True)
    return max((int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()), default=0)


def next_parcel_number(village: AdministrativeUnit) -> str:
    """The number the next parcel of the village will get (nothing is reserved)."""
    sequence = ParcelNumberSequence.objects.filter(village=village).first()
    last = sequence.last if sequence else _highest_used(village)
    return f"{village.code}-{last + 1:05d}"


_ADVANCE_SEQUENCE = (
    'UPDATE parcels_parcelnumbersequence SET "last" = "last" + 1 WHERE village_id = %s RETURNING "last"'
)


def _next_in_sequence(village: AdministrativeUnit) -> str | None:
    """One parcel recorded by hand or by a claim: advance the sequence and check the number in two plain
    statements (this runs for every parcel recorded, so the ORM's three queries were worth saving).
    None when the sequence row does not exist yet or the number was taken by hand: the general path."""
    key = ParcelNumberSequence._meta.get_field("village").get_db_prep_value(village.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(_ADVANCE_SEQUENCE, [key])
        row = cursor.fetchone()
        if row is None:
            return None
        number = f"{village.code}-{row[0]:05d}"
        cursor.execute("SELECT 1 FROM parcels_parcel WHERE number = %s", [number])
        if cursor.fetchone() is None:
            return number
    return None  # taken by hand: the general path below skips it (the sequence has already moved on)


def parcel_numbers_take(*, village: AdministrativeUnit, count: int = 1) -> list[str]:
    """Reserve ``count`` numbers; the caller holds the village row lock, so no two callers get the same.

    The sequence row is made from the numbers already used the first time; a number taken by hand in
    between is skipped rather than reused.
    """
    if count == 1:
        number = _next_in_sequence(village)
        if number is not None:
            return [number]
    sequence = ParcelNumberSequence.objects.filter(village=village).first()
    if sequence is None:
        sequence = ParcelNumberSequence.objects.create(village=village, last=_highest_used(village))
    # Skip numbers given by hand ahead of the sequence: exact look-ups on the unique index, in chunks.
    numbers, candidate = [], sequence.last
    chunk = 100_000 if connection.vendor == "postgresql" else 5000  # SQLite caps bound parameters
    while len(numbers) < count:
        batch = [f"{village.code}-{candidate + k + 1:05d}" for k in range(min(count - len(numbers), chunk))]
        taken = _numbers_taken(batch)
        numbers += [n for n in batch if n not in taken][: count - len(numbers)]
        candidate += len(batch)
    sequence.last = candidate
    sequence.save(update_fields=["last"])
    return numbers


def _numbers_taken(batch: list[str]) -> set[str]:
    if connection.vendor == "postgresql":
        # One parameter rather than thousands of IN placeholders (their binding dominated imports): the
        # numbers as JSON, which PostgreSQL parses in C, where psycopg adapted a list element by element
        # (100,000 numbers: 0.3 s).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT number FROM parcels_parcel "
                "WHERE number = ANY(ARRAY(SELECT json_array_elements_text(%s::json)))",
                [json.dumps(batch)],
            )
            return {row[0] for row in cursor.fetchall()}
    return set(Parcel.objects.filter(number__in=batch).values_list("number", flat=True))


def finding_row(finding, one, other, *, tolerance: Tolerance, now) -> TopologyFinding:
    """The row of a finding between two parcels, given as instances or as ids. The smaller id goes first,
    so a pair has one row whichever side found it (the unique key is kind, parcel_a, parcel_b)."""
    first, second = sorted((one, other), key=lambda p: str(getattr(p, "pk", p)))
    if isinstance(first, Parcel):
        pair = {"parcel_a": first, "parcel_b": second}
    else:
        pair = {"parcel_a_id": first, "parcel_b_id": second}
    return TopologyFinding(
        kind=finding.kind,
        **pair,
        area_m2=finding.area_m2,
        share_pct=finding.share_pct,
        distance_m=finding.distance_m,
        location=Point(*finding.location, srid=4326) if finding.location else None,
        tolerance_m2=tolerance.overlap_m2,
        tolerance_pct=tolerance.overlap_pct,
        detected_at=now,
        resolved_at=None,
    )


def findings_record(
    *, parcel: Parcel, tolerance: Tolerance | None = None, near=None
) -> list[TopologyFinding]:
    """Detect overlaps, slivers and gaps between ``parcel`` and the current parcels; record each once.

    An overlap above the tolerance is a conflict on both parcels (one row, seen from either side); a pair
    already recorded is updated and reopened. One INSERT ... ON CONFLICT for all of them.
    """
    tolerance = tolerance or Tolerance.default()
    now = clock.now()
    rows = [
        finding_row(finding, parcel, other, tolerance=tolerance, now=now)
        for finding, other in findings_for(
            parcel.geometry,
            parcel.area_m2,
            exclude_pk=parcel.pk,
            tolerance=tolerance,
            metric_srid=parcel.area_srid,
            near=near,
        )
    ]
    if rows:
        TopologyFinding.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kind", "parcel_a", "parcel_b"],
            update_fields=[
                "area_m2",
                "share_pct",
                "distance_m",
                "location",
                "tolerance_m2",
                "tolerance_pct",
                "detected_at",
                "resolved_at",
            ],
        )
    return rows


def _record_repair(parcel: Parcel, checked: CheckedBoundary, source, actor) -> None:
    if not checked.repaired:
        return
    srs = ""
    if isinstance(source, GEOSGeometry) and source.srid:
        srs = f"EPSG:{source.srid}"
    BoundaryRepair.objects.create(
        parcel=parcel,
        parcel_version=parcel.version,
        original_wkt=checked.original_wkt,
        original_srs=srs,
        issues=[
            {"code": i.code, "message": str(i.message), "location": i.location} for i in checked.repaired
        ],
        actor=actor,
        repaired_at=clock.now(),
    )


@transaction.atomic
def parcel_record(
    *,
    village: AdministrativeUnit,
    geometry,
    survey_method: str,
    number: str | None = None,
    land_use: str = "cropland",
    official_area_m2: float | None = None,
    accuracy_m=None,
    local_name: str = "",
    source_id: str = "",
    created_by=None,
    reason: str = "",
    repair: bool = False,
    tolerance: Tolerance | None = None,
) -> Parcel:
    """Record a parcel after its checks; overlaps found are recorded (``parcel.findings``), not refused.

    ``tolerance`` comes from the procedure profile; the settings default applies when it is None.
    ``reason`` is kept with the parcel's first version (e.g. the split or merge it comes from).
    """
    if village.level != UnitLevel.VILLAGE:
        raise ParcelError(
            _("A parcel is recorded in a village, not in a %(level)s.")
            % {"level": village.get_level_display()}
        )
    # Lock the village row only (numbering); its commune and country come along for the checks and
    # the projected CRS, so walking up the tree costs no further query.
    village = (
        AdministrativeUnit.objects.select_for_update(of=("self",))
        .select_related("parent__parent__parent")
        .get(pk=village.pk)
    )
    checked = check_boundary(geometry, village=village, repair=repair)
    if number is None:
        number = parcel_numbers_take(village=village)[0]  # the sequence skips numbers already used
    elif Parcel.objects.filter(number=number).exists():
        raise ParcelError(_("The parcel number %(number)s is already used.") % {"number": number})
    parcel = Parcel(
        number=number,
        village=village,
        geometry=checked.polygon,
        land_use=land_use,
        area_m2=checked.area_m2,
        area_srid=checked.area_srid,
        official_area_m2=official_area_m2,
        survey_method=survey_method,
        accuracy_m=accuracy_m,
        local_name=local_name,
        source_id=source_id,
        created_by=created_by,
    )
    try:
        # The village row is locked above and the creator is the caller's user: no look-up to validate them.
        parcel.full_clean(
            exclude=["village", "created_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise ParcelError("; ".join(exc.messages)) from exc
    parcel.save()
    versions_begin(parcel, actor=created_by, reason=reason)
    register_write(action="parcel.record", rows=[parcel], actor=created_by)
    _record_repair(parcel, checked, geometry, created_by)
    # One read of the surroundings feeds both the overlap check and the neighbours (limits N/E/S/W).
    tolerance = tolerance or Tolerance.default()
    near = surroundings(
        parcel.geometry,
        parcel.area_m2,
        margin_m=tolerance.gap_m + 1,
        exclude_pk=parcel.pk,
        metric_srid=parcel.area_srid,
    )
    parcel.findings = findings_record(parcel=parcel, tolerance=tolerance, near=near)
    parcel.neighbours = neighbours_of(parcel, tolerance=tolerance, near=near)
    return parcel


@transaction.atomic
def parcel_update(
    *,
    parcel: Parcel,
    actor=None,
    reason: str,
    geometry=None,
    repair: bool = False,
    tolerance: Tolerance | None = None,
    **changes,
) -> Parcel:
    """A new version of the parcel; its earlier version is kept with its lifespan."""
    if {"number", "village", "area_m2", "area_srid"} & set(changes):
        raise ParcelError(_("The number, village and computed area of a parcel cannot be edited."))
    checked = None
    if geometry is not None:
        checked = check_boundary(geometry, village=parcel.village, repair=repair)
        changes.update(geometry=checked.polygon, area_m2=checked.area_m2, area_srid=checked.area_srid)
    updated = version_supersede(parcel, changes=changes, actor=actor, reason=reason)
    register_write(action="parcel.update", rows=[updated], actor=actor, payload={"version": updated.version})
    if checked is not None:
        _record_repair(updated, checked, geometry, actor)
        # Findings of the old boundary no longer hold: close them, then detect afresh.
        TopologyFinding.objects.filter(resolved_at__isnull=True).filter(parcel_a=updated).update(
            resolved_at=clock.now()
        )
        TopologyFinding.objects.filter(resolved_at__isnull=True).filter(parcel_b=updated).update(
            resolved_at=clock.now()
        )
        updated.findings = findings_record(parcel=updated, tolerance=tolerance)
    return updated


@transaction.atomic
def parcel_retire(*, parcel: Parcel, actor=None, reason: str) -> Parcel:
    retired = version_retire(parcel, actor=actor, reason=reason)
    register_write(action="parcel.retire", rows=[retired], actor=actor)
    return retired


__all__ = [
    "FindingKind",
    "findings_record",
    "next_parcel_number",
    "normalise_boundary",
    "parcel_record",
    "parcel_retire",
    "parcel_update",
]
