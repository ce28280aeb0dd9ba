"""Import parcels from any vector file GDAL reads: all or nothing, re-runnable, with a report per feature.

The import streams: a batch of features at a time is read (``reading``: GDAL's columnar stream, through
the guarded door for users' files), checked (``checking``: vectorised, with a diagnosis for the features
that fail) and written to a staging table (``staging``); the pairs (overlaps, slivers, gaps, neighbours)
are then read from that table a cell at a time and compared in a thread while the parcels are saved with
one INSERT ... SELECT (``writing``), which also records them in the audit chain and refreshes the planner's
statistics. Memory therefore depends on the batch, not on the file. What it says back is an
``ImportReport`` (``report``).

The registry's own export columns (``number``, ``official_area_m2``, ``land_use``...) are read by their
names, so re-importing an export keeps numbers and official areas. A value the file does not give is left
empty: no land use is invented.
"""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from landreg.core.files.untrusted_files import Limits, UntrustedFileError, file_crs
from landreg.core.geometry import spatial_reference
from landreg.parcels.checks import AreaLimits
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.importing import report as report_module
from landreg.parcels.importing.checking import Checker, split_parts
from landreg.parcels.importing.reading import FIELDS, batches, field_map, open_layer
from landreg.parcels.importing.report import FeatureError, ImportFailed, ImportReport
from landreg.parcels.importing.staging import Stage
from landreg.parcels.importing.writing import ANALYZE_SHARE, commit, needs_analyze
from landreg.parcels.models import SurveyMethod
from landreg.parcels.topology import Tolerance
from landreg.territory.models import AdministrativeUnit, UnitLevel

__all__ = [
    "ANALYZE_SHARE",
    "FIELDS",
    "FeatureError",
    "ImportFailed",
    "ImportReport",
    "import_parcels",
    "needs_analyze",
    "open_layer",
]


def import_parcels(
    *,
    path: str | Path,
    village: AdministrativeUnit,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    layer: str | None = None,
    srid: int | None = None,
    repair: bool = False,
    survey_method: str = SurveyMethod.IMPORTED,
    tolerance: Tolerance | None = None,
    actor=None,
    progress: Callable[[str, int, int], None] | None = None,
    declared_name: str | None = None,
    keep_valid: bool = False,
    split_multipolygons: bool = False,
) -> ImportReport:
    """Check every feature, then save them all (or none). Raises ImportFailed when any is rejected.

    ``keep_valid``: save the valid features and list the others in the report instead (asked for
    explicitly; all or nothing is the rule). ``split_multipolygons``: each part of a multipolygon becomes a
    parcel of its own (source id ``<id>#<n>``; the whole's number and official area go to no part).
    ``declared_name``: the file's name as the user gave it (an upload is stored under another).
    """
    if village.level != UnitLevel.VILLAGE:
        raise ParcelError(_("Parcels are imported into a village."))
    tolerance = tolerance or Tolerance.default()
    limits = Limits.from_settings()
    source, lyr = open_layer(path, layer, declared_name=declared_name)
    announced = len(lyr)
    if announced > limits.max_features:
        raise UntrustedFileError(
            _("The file holds %(n)d features; at most %(max)d are imported at once.")
            % {"n": announced, "max": limits.max_features}
        )
    # A CRS naming files on the server (a grid PROJ would open at the first transform) is refused here.
    srs = file_crs(lyr.srs, declared_name=declared_name or str(path))
    if srs is None and srid:
        srs = spatial_reference(srid)
    file_name = Path(declared_name or str(path)).name
    report = ImportReport(
        file=file_name,
        layer=lyr.name,
        crs=(srs.name if srs else ""),
        total=announced,
        dry_run=dry_run,
        keep_valid=keep_valid,
    )
    fields = field_map(lyr, mapping)
    with Stage() as stage:
        checker = Checker(
            village=village,
            srs=srs,
            srid=srid,
            repair=repair,
            limits=limits,
            area_limits=AreaLimits.for_village(village),
            report=report,
            stage=stage,
            progress=progress,
        )
        read = 0
        # The geometries screened in GDAL's reading thread, unless they are split into parts first.
        screen = None if split_multipolygons else checker.screen
        for rows in batches(
            source, lyr, fields, file_name=file_name, max_features=limits.max_features, screen=screen
        ):
            read += len(rows)
            screened = rows.screened
            if split_multipolygons:
                parts = split_parts(rows)
                report.parts_split += len(parts) - len(rows)
                rows, screened = parts, None
            stage.append(checker.batch(rows, screened))
            if progress:
                progress("read", read, announced)
        report.total = read
        report.to_import = stage.count
        with stage.pairs_later(tolerance, village.effective_projected_srid()) as pairs:
            if progress:
                progress("check", read, read)
            if (report.errors and not keep_valid) or dry_run or not stage.count:
                found, report.touching_pairs = pairs.result()
                _report_pairs(report, found, stage)
                if report.errors and not keep_valid and not dry_run:
                    raise ImportFailed(report)
                return report
            # The pairs are compared in a thread while the database saves the parcels.
            report.imported = commit(
                stage,
                village=village,
                survey_method=survey_method,
                actor=actor,
                pairs=pairs,
                tolerance=tolerance,
                progress=progress,
            )
            found, report.touching_pairs = pairs.result()
            _report_pairs(report, found, stage)
    report.dry_run = False
    return report


def _report_pairs(report: ImportReport, pairs: list, stage: Stage) -> None:
    """Count every pair by kind; list the first ``report.DETAILED`` of each, their features named (only
    theirs are read back from the staging table)."""
    kinds = {"overlap": report.overlaps, "sliver": report.slivers, "gap": report.gaps}
    counts = dict.fromkeys(kinds, 0)
    listed = []
    for pair in pairs:
        counts[pair.kind] += 1
        if counts[pair.kind] <= report_module.DETAILED:
            listed.append(pair)
    report.overlap_count = counts["overlap"]
    report.sliver_count = counts["sliver"]
    report.gap_count = counts["gap"]
    names = stage.source_ids({p.i for p in listed} | {p.j for p in listed if p.j is not None})
    for pair in listed:
        a = names[pair.i][0]
        b = names[pair.j][0] if pair.j is not None else pair.other_number
        if pair.kind == "gap":
            kinds["gap"].append({"a": a, "b": b, "distance_m": round(pair.distance_m, 3)})
            continue
        entry = {"a": a, "b": b, "area_m2": round(pair.area_m2, 3), "share_pct": round(pair.share_pct, 4)}
        kinds[pair.kind].append(entry)
