"""Exports scoped by permissions: GeoPackage, GeoJSON, CSV (WKT), zipped Shapefile, LADM GeoPackage.

The registry writes GeoJSON and CSV itself and lets ogr2ogr (gdal-bin, installed by the set-up) write the
binary formats. Only the parcels (and parties, rights, sources) of the villages the user may see are
exported; personal data (birth date, ID document) only for the villages where the user may see it.
"""

import csv
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from landreg.accounts.selectors import villages_covered
from landreg.parcels import geojson
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.selectors import parcels_visible_to
from landreg.territory.models import AdministrativeUnit

INTEGER_COLUMNS = {"share_numerator", "share_denominator", "version"}
FORMATS = {"gpkg": ".gpkg", "geojson": ".geojson", "csv": ".csv", "shp": ".zip", "ladm": ".gpkg"}


def _ogr2ogr(*args) -> None:
    result = subprocess.run(["ogr2ogr", *map(str, args)], capture_output=True, text=True)  # noqa: S603, S607
    if result.returncode:
        raise ParcelError(_("The export failed: %(error)s") % {"error": result.stderr.strip()[:300]})


def scoped_parcels(user, unit_code: str | None = None):
    parcels = parcels_visible_to(user).filter(end_lifespan__isnull=True)
    if unit_code:
        unit = AdministrativeUnit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ParcelError(_("No administrative unit with code %(code)s.") % {"code": unit_code})
        parcels = parcels.filter(village__path__startswith=unit.path)
    return parcels.order_by("number")


def _write_geojson(parcels, path: Path) -> None:
    fields = (*geojson.ALL_FIELDS, "source_id")
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for k, row in enumerate(geojson.rows(parcels, fields).iterator(chunk_size=2000)):
            out.write((",\n" if k else "") + geojson.feature(row, fields))
        out.write("\n]}\n")


def _write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def export_parcels(*, user, fmt: str, unit_code: str | None = None, directory: Path | None = None):
    """The export file's path and a download name. Raises ParcelError for an unknown format."""
    if fmt not in FORMATS:
        raise ParcelError(
            _("Unknown export format %(fmt)s; use one of %(all)s.") % {"fmt": fmt, "all": ", ".join(FORMATS)}
        )
    directory = Path(directory or tempfile.mkdtemp(prefix="landreg-export-"))
    parcels = scoped_parcels(user, unit_code)
    source = directory / "parcels.geojson"
    _write_geojson(parcels, source)
    name = f"parcels{FORMATS[fmt]}"
    target = directory / name
    if fmt == "geojson":
        return source, name
    if fmt == "gpkg":
        _ogr2ogr("-f", "GPKG", target, source, "-nln", "parcels", "-nlt", "POLYGON")
    elif fmt == "csv":
        _ogr2ogr("-f", "CSV", target, source, "-lco", "GEOMETRY=AS_WKT")
    elif fmt == "shp":
        shp = directory / "shp"
        shp.mkdir()
        _ogr2ogr("-f", "ESRI Shapefile", shp / "parcels.shp", source, "-lco", "ENCODING=UTF-8")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(shp.iterdir()):
                archive.write(part, part.name)
    else:
        _ladm(user, parcels, source, target, directory)
    return target, f"ladm-{name}" if fmt == "ladm" else name


def _ladm(user, parcels, source: Path, target: Path, directory: Path) -> None:
    """LADM tables: la_spatialunit, la_party, la_groupmember, la_rrr, la_rrr_holder, la_source(+links)."""
    from landreg.documents.models import Source
    from landreg.parties.models import GroupMembership, Party
    from landreg.rights.models import Right, RightHolder

    _ogr2ogr("-f", "GPKG", target, source, "-nln", "la_spatialunit", "-nlt", "POLYGON")
    visible = villages_covered(user, "view_records")
    personal = set(villages_covered(user, "view_personal_data").values_list("pk", flat=True))
    rights = Right.objects.filter(parcel__in=parcels).select_related("right_type")
    holders = RightHolder.objects.filter(right__in=rights)
    parties = Party.objects.filter(Q(village__in=visible) | Q(holdings__in=holders)).distinct()
    members = GroupMembership.objects.filter(group__in=parties)
    sources = Source.objects.filter(village__in=visible)

    def party_row(p):
        private = p.village_id in personal
        return [
            p.pk,
            p.kind,
            p.display_name,
            p.sex,
            p.village.code,
            p.birth_date.isoformat() if private and p.birth_date else "",
            p.id_document_type if private else "",
            p.id_document_number if private else "",
            p.group_type,
            p.version,
            p.begin_lifespan.isoformat(),
            p.end_lifespan.isoformat() if p.end_lifespan else "",
        ]

    tables = {
        "la_party": (
            [
                "party_id",
                "kind",
                "name",
                "sex",
                "village",
                "birth_date",
                "id_document_type",
                "id_document_number",
                "group_type",
                "version",
                "begin_lifespan",
                "end_lifespan",
            ],
            (party_row(p) for p in parties.select_related("village")),
        ),
        "la_groupmember": (
            [
                "group_id",
                "party_id",
                "share",
                "share_numerator",
                "share_denominator",
                "is_mandatary",
                "begin_lifespan",
                "end_lifespan",
            ],
            (
                [
                    m.group_id,
                    m.member_id,
                    str(m.share),
                    m.share_numerator,
                    m.share_denominator,
                    m.is_mandatary,
                    m.begin_lifespan.isoformat(),
                    m.end_lifespan.isoformat() if m.end_lifespan else "",
                ]
                for m in members
            ),
        ),
        "la_rrr": (
            [
                "rrr_id",
                "spatialunit_id",
                "kind",
                "type",
                "ladm_code",
                "tenure_system",
                "legal_basis",
                "start_date",
                "end_date",
                "version",
                "begin_lifespan",
                "end_lifespan",
            ],
            (
                [
                    r.pk,
                    r.parcel_id,
                    r.right_type.kind,
                    r.right_type_id,
                    r.right_type.ladm_code,
                    r.tenure_system,
                    r.legal_basis,
                    r.start_date or "",
                    r.end_date or "",
                    r.version,
                    r.begin_lifespan.isoformat(),
                    r.end_lifespan.isoformat() if r.end_lifespan else "",
                ]
                for r in rights
            ),
        ),
        "la_rrr_holder": (
            ["rrr_id", "party_id", "share", "share_numerator", "share_denominator"],
            ([h.right_id, h.party_id, str(h.share), h.share_numerator, h.share_denominator] for h in holders),
        ),
        "la_source": (
            ["source_id", "type", "reference", "document_date", "village", "description"],
            (
                [s.pk, s.source_type, s.reference, s.document_date.isoformat(), s.village.code, s.description]
                for s in sources.select_related("village")
            ),
        ),
        "la_source_link": (
            ["source_id", "object_type", "object_id"],
            (
                [link.source_id, kind, getattr(link, field)]
                for kind, model, field in (
                    ("spatialunit", Source.parcels.through, "parcel_id"),
                    ("party", Source.parties.through, "party_id"),
                    ("rrr", Source.rights.through, "right_id"),
                )
                for link in model.objects.filter(source__in=sources)
            ),
        ),
    }
    for name, (header, rows) in tables.items():
        path = directory / f"{name}.csv"
        _write_csv(path, header, rows)
        # A .csvt beside the CSV gives GDAL the column types: shares stay text ("1/3"), counts integers.
        types = ["Integer" if col in INTEGER_COLUMNS else "String" for col in header]
        path.with_suffix(".csvt").write_text(",".join(f'"{t}"' for t in types))
        _ogr2ogr("-f", "GPKG", "-update", target, path, "-nln", name)
