"""python manage.py topology_report COMMUNE_CODE [--json]: overlaps, slivers, gaps of a whole commune."""

import dataclasses
import json

from django.core.management.base import BaseCommand, CommandError

from landreg.parcels.topology import Tolerance, commune_report
from landreg.territory.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Topology report of every current parcel under a commune (or any unit)."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="code of the commune (or of any administrative unit)")
        parser.add_argument("--overlap-m2", type=float)
        parser.add_argument("--overlap-pct", type=float)
        parser.add_argument("--gap-m", type=float)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            unit = AdministrativeUnit.objects.get(code=options["unit"])
        except AdministrativeUnit.DoesNotExist as exc:
            raise CommandError(f"No administrative unit with code {options['unit']}") from exc
        default = Tolerance.default()
        tolerance = Tolerance(
            overlap_m2=default.overlap_m2 if options["overlap_m2"] is None else options["overlap_m2"],
            overlap_pct=default.overlap_pct if options["overlap_pct"] is None else options["overlap_pct"],
            gap_m=default.gap_m if options["gap_m"] is None else options["gap_m"],
        )
        report = commune_report(unit, tolerance=tolerance)
        if options["json"]:
            self.stdout.write(json.dumps(dataclasses.asdict(report), indent=1))
            return
        self.stdout.write(
            f"{report.commune}: {report.parcels} parcels, {report.touching_pairs} touching pairs, "
            f"{len(report.overlaps)} overlaps (conflicts), {len(report.slivers)} slivers, "
            f"{len(report.gaps)} gaps, "
            f"{report.open_conflicts} open conflicts recorded"
        )
        for kind, rows in (("overlap", report.overlaps), ("sliver", report.slivers)):
            for row in rows:
                self.stdout.write(
                    f"  {kind} {row['a']} / {row['b']}: {row['area_m2']} m² ({row['share_pct']} %)"
                )
