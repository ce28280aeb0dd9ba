"""A file whose coordinate system names a file on the server (a datum grid, an init file) is refused by the
import and by the boundary upload, where PROJ would have opened that path at the first transform (before:
the import read "/etc/passwd" as a grid and went on; a named pipe there held the worker)."""

import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest

from landreg.core.files.untrusted_files import UntrustedFileError
from landreg.parcels.importing import import_parcels
from landreg.parcels.tracks import TrackError, boundary_from_file
from tests.base import RegistryTestCase

GRID = "+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd +no_defs"
RING = [[-1.5, 12.3], [-1.499, 12.3], [-1.499, 12.301], [-1.5, 12.301], [-1.5, 12.3]]


def collection(crs: str | None = None) -> str:
    features = [
        {
            "type": "Feature",
            "properties": {"id": "P1"},
            "geometry": {"type": "Polygon", "coordinates": [RING]},
        }
    ]
    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document)


class CrsNamingFilesTests(RegistryTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def shapefile(self, prj: str) -> Path:
        (self.tmp / "p.geojson").write_text(collection())
        folder = self.tmp / "shp"
        subprocess.run(  # noqa: S603, S607
            ["ogr2ogr", "-f", "ESRI Shapefile", str(folder), str(self.tmp / "p.geojson"), "-nln", "parcels"],
            check=True,
        )
        (folder / "parcels.prj").write_text(prj)
        archive = self.tmp / "parcels.zip"
        with zipfile.ZipFile(archive, "w") as out:
            for part in folder.iterdir():
                out.write(part, part.name)
        return archive

    def test_a_shapefile_whose_prj_names_a_grid_is_refused(self):
        prj = (
            'PROJCS["local",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
            'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
            'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-1.5],PARAMETER["scale_factor",1],'
            'PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],'
            'EXTENSION["PROJ4","+proj=tmerc +lon_0=-1.5 +nadgrids=/etc/passwd +wktext"]]'
        )
        with pytest.raises(UntrustedFileError, match="refers to files on the server"):
            import_parcels(path=self.shapefile(prj), village=self.village_a, dry_run=True)

    def test_a_prj_naming_a_grid_beside_its_epsg_crs_imports_in_that_crs_alone(self):
        prj = (
            'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
            'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],'
            f'EXTENSION["PROJ4","{GRID}"],AUTHORITY["EPSG","4326"]]'
        )
        report = import_parcels(path=self.shapefile(prj), village=self.village_a, dry_run=True)
        assert report.total == 1 and report.crs == "WGS 84"

    def test_an_ordinary_prj_still_imports(self):
        prj = (
            'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
            'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
        )
        report = import_parcels(path=self.shapefile(prj), village=self.village_a, dry_run=True)
        assert report.total == 1

    def test_a_boundary_file_whose_crs_names_a_grid_is_refused(self):
        path = self.tmp / "walk.geojson"
        path.write_text(collection(GRID))
        with pytest.raises(TrackError, match="refers to files on the server"):
            boundary_from_file(str(path), "walk.geojson")
        path.write_text(collection())
        assert boundary_from_file(str(path), "walk.geojson").num_points == 5
