"""A boundary from a GPS track, its points, or typed coordinates: the ring is closed, repeated points dropped,
and whatever cannot make a boundary is refused with a reason (checks come after, as for a drawn one)."""

import json

import pytest

from landreg.parcels.tracks import TrackError, boundary_from_file, points_from_text, polygon_from_points

# A walk around a field near Koudougou: about 110 m x 110 m.
WALK = [(-2.36, 12.25), (-2.359, 12.25), (-2.359, 12.251), (-2.36, 12.251)]

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Garmin eTrex 10" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>Champ de Awa</name><trkseg>
    {points}
  </trkseg></trk>
</gpx>"""


def gpx(points) -> str:
    return GPX.format(points="\n    ".join(f'<trkpt lat="{lat}" lon="{lon}"></trkpt>' for lon, lat in points))


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_gpx_track_walked_around_the_field_becomes_its_closed_boundary(tmp_path):
    # The walk ends a step before where it started, and the receiver logged one point twice.
    walk = [WALK[0], WALK[1], WALK[1], WALK[2], WALK[3], (-2.36, 12.25001)]
    polygon = boundary_from_file(write(tmp_path, "x.gpx", gpx(walk)), "champ-awa.gpx")
    assert polygon.srid == 4326 and polygon.num_coords == 6  # 5 distinct points, closed
    assert polygon.coords[0][0] == polygon.coords[0][-1] == WALK[0]


def test_gpx_waypoints_at_the_corners_make_the_boundary(tmp_path):
    points = "\n".join(
        f'<wpt lat="{lat}" lon="{lon}"><name>B{i}</name></wpt>' for i, (lon, lat) in enumerate(WALK)
    )
    text = f'<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">{points}</gpx>'
    assert boundary_from_file(write(tmp_path, "x.gpx", text), "bornes.gpx").num_coords == 5


def test_a_kml_polygon_and_a_geojson_line_are_read(tmp_path):
    coords = " ".join(f"{lon},{lat},0" for lon, lat in [*WALK, WALK[0]])
    kml = (
        '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs>'
        f"<LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"
    )
    assert boundary_from_file(write(tmp_path, "x.kml", kml), "champ.kml").num_coords == 5
    line = json.dumps({"type": "LineString", "coordinates": WALK})
    assert boundary_from_file(write(tmp_path, "x.geojson", line), "champ.geojson").num_coords == 5


def test_a_csv_of_points_with_a_header_and_decimal_commas(tmp_path):
    rows = "\n".join(
        f"B{i};{str(lat).replace('.', ',')};{str(lon).replace('.', ',')}" for i, (lon, lat) in enumerate(WALK)
    )
    polygon = boundary_from_file(
        write(tmp_path, "x.csv", f"borne;latitude;longitude\n{rows}\n"), "bornes.csv"
    )
    assert polygon.coords[0][:4] == tuple(WALK)


def test_a_file_with_two_parcels_is_refused(tmp_path):
    lines = [[[0, 0], [1, 0], [1, 1]], [[2, 0], [3, 0], [3, 1]]]
    features = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": c}}
        for c in lines
    ]
    two = json.dumps({"type": "FeatureCollection", "features": features})
    with pytest.raises(TrackError, match="several shapes"):
        boundary_from_file(write(tmp_path, "x.geojson", two), "deux.geojson")


def test_a_vrt_disguised_as_geojson_is_never_opened(tmp_path):
    vrt = (
        '<OGRVRTDataSource><OGRVRTLayer name="k"><SrcDataSource>/etc/passwd</SrcDataSource></OGRVRTLayer>'
        "</OGRVRTDataSource>"
    )
    with pytest.raises(TrackError, match="refers to other files"):
        boundary_from_file(write(tmp_path, "x.geojson", vrt), "champ.geojson")


def test_a_shapefile_or_unknown_kind_is_refused_by_its_name(tmp_path):
    with pytest.raises(TrackError, match="not accepted"):
        boundary_from_file(write(tmp_path, "x.vrt", "x"), "champ.vrt")


def test_typed_coordinates_in_either_order_and_with_decimal_commas():
    assert points_from_text("-2.36 12.25\n-2.359, 12.25\n\n# borne 3\n-2,359; 12,251") == [
        (-2.36, 12.25),
        (-2.359, 12.25),
        (-2.359, 12.251),
    ]
    assert points_from_text("12.25, -2.36", latitude_first=True) == [(-2.36, 12.25)]
    with pytest.raises(TrackError, match="Line 2"):
        points_from_text("-2.36 12.25\nau nord du puits")


def test_two_points_are_not_a_boundary_and_utm_points_are_transformed():
    with pytest.raises(TrackError, match="three distinct points"):
        polygon_from_points([(0, 0), (1, 1), (0, 0)])
    square = [(500_000, 1_350_000), (500_100, 1_350_000), (500_100, 1_350_100), (500_000, 1_350_100)]
    polygon = polygon_from_points(square, srid=32630)
    assert polygon.srid == 4326 and abs(polygon.coords[0][0][0] - (-3.0)) < 1e-9
