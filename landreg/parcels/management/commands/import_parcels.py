"""python manage.py import_parcels FILE --village CODE [--dry-run] [--keep-valid] [--map number=numero ...]"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from landreg.core.exceptions import RegistryError
from landreg.parcels.importing import FIELDS, ImportFailed, import_parcels
from landreg.parcels.topology import Tolerance
from landreg.territory.models import AdministrativeUnit


class ProgressBar:
    """A one-line bar on stderr (only when it is a terminal, so logs stay clean)."""

    def __init__(self, stream=None, width=30):
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = self.stream.isatty()

    def __call__(self, phase: str, done: int, total: int):
        if not self.enabled or not total:
            return
        filled = int(self.width * done / total)
        self.stream.write(f"\r{phase:>5} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import parcels from a vector file (any format GDAL reads) into a village; all or nothing."
    # Django's system checks are not run first (as for ``shell`` or ``dbshell``): they import every view
    # and URL of the project to check them, which an import never uses, 1.0 s of processor and 35 MB of
    # the command's peak at every run (measured: 2.5 s and 182 MB with them, 1.5 s and 147 MB without, to
    # the point where the village is looked up). ``manage.py check`` and the test suite run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--village", required=True, help="code of the village")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")
        parser.add_argument("--layer", help="layer name (default: the first polygon layer)")
        parser.add_argument("--srid", type=int, help="EPSG code for files that do not state their CRS")
        parser.add_argument(
            "--map", action="append", default=[], metavar="FIELD=SOURCE", help=f"fields: {', '.join(FIELDS)}"
        )
        parser.add_argument("--repair", action="store_true", help="repair invalid boundaries (recorded)")
        parser.add_argument(
            "--keep-valid",
            action="store_true",
            help="import the valid features and report the others (default: all or nothing)",
        )
        parser.add_argument(
            "--split-multipolygons", action="store_true", help="one parcel per part of a multipolygon"
        )
        parser.add_argument("--overlap-m2", type=float)
        parser.add_argument("--overlap-pct", type=float)
        parser.add_argument("--gap-m", type=float)
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")

    def handle(self, *args, **options):
        try:
            village = AdministrativeUnit.objects.get(code=options["village"])
        except AdministrativeUnit.DoesNotExist as exc:
            raise CommandError(f"No village with code {options['village']}") from exc
        mapping = {}
        for item in options["map"]:
            target, _sep, source = item.partition("=")
            if not source:
                raise CommandError(f"--map expects FIELD=SOURCE, got {item}")
            mapping[target] = source
        default = Tolerance.default()
        tolerance = Tolerance(
            overlap_m2=default.overlap_m2 if options["overlap_m2"] is None else options["overlap_m2"],
            overlap_pct=default.overlap_pct if options["overlap_pct"] is None else options["overlap_pct"],
            gap_m=default.gap_m if options["gap_m"] is None else options["gap_m"],
        )
        try:
            report = import_parcels(
                path=options["file"],
                village=village,
                mapping=mapping,
                dry_run=options["dry_run"],
                layer=options["layer"],
                srid=options["srid"],
                repair=options["repair"],
                keep_valid=options["keep_valid"],
                split_multipolygons=options["split_multipolygons"],
                tolerance=tolerance,
                progress=ProgressBar(),
            )
        except ImportFailed as exc:
            self._print(exc.report, options)
            raise CommandError(str(exc)) from exc
        except RegistryError as exc:
            raise CommandError(str(exc)) from exc
        self._print(report, options)

    def _print(self, report, options):
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=1, ensure_ascii=False))
            return
        w = self.stdout.write
        w(f"{report.file} (layer {report.layer}, CRS {report.crs or '?'}): {report.total} features")
        w(
            f"  to import: {report.to_import}; already present: {report.already_present}; "
            f"rejected: {report.error_count}"
        )
        for error in report.errors:
            w(f"  feature {error.feature_id}: {error.message}")
        if report.error_count > len(report.errors):
            w(f"  ... and {report.error_count - len(report.errors)} more rejected features (not listed)")
        w(
            f"  overlaps (conflicts): {report.overlap_count}; slivers: {report.sliver_count}; "
            f"gaps: {report.gap_count}; touching pairs: {report.touching_pairs}"
        )
        for item in report.overlaps:
            w(f"  overlap {item['a']} / {item['b']}: {item['area_m2']} m² ({item['share_pct']} %)")
        if report.overlap_count > len(report.overlaps):
            w(f"  ... and {report.overlap_count - len(report.overlaps)} more overlaps (not listed)")
        if report.dry_run:
            w("Dry run: nothing saved.")
        elif report.errors:
            w(
                self.style.WARNING(
                    f"Imported {report.imported} parcels; {report.error_count} features left out."
                )
            )
        else:
            w(self.style.SUCCESS(f"Imported {report.imported} parcels."))
