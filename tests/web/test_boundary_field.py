"""The boundary field every page uses: GeoJSON or WKT in longitude/latitude, each problem said in French."""

from django import forms
from django.utils import translation

from landreg.web.boundary import BoundaryField

SQUARE_WKT = "POLYGON((-1.5 12.3, -1.499 12.3, -1.499 12.301, -1.5 12.301, -1.5 12.3))"
BOWTIE = (
    '{"type":"Polygon","coordinates":[[[-1.5,12.3],[-1.499,12.301],[-1.499,12.3],[-1.5,12.301],[-1.5,12.3]]]}'
)


class BoundaryForm(forms.Form):
    boundary = BoundaryField()


def test_a_wkt_square_without_srid_is_read_as_longitude_latitude():
    form = BoundaryForm(data={"boundary": SQUARE_WKT})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["boundary"].srid == 4326
    assert form.cleaned_data["boundary"].num_coords == 5


def test_a_self_intersecting_boundary_is_refused_with_its_location_in_french():
    with translation.override("fr"):
        form = BoundaryForm(data={"boundary": BOWTIE})
        assert not form.is_valid()
        assert form.errors["boundary"][0].startswith("Le contour se recoupe")


def test_text_that_is_no_geometry_is_refused_and_kept_in_the_form():
    form = BoundaryForm(data={"boundary": "au nord du puits"})
    assert not form.is_valid()
    assert "au nord du puits" in str(form["boundary"])


def test_an_empty_boundary_asks_to_draw_it():
    with translation.override("fr"):
        form = BoundaryForm(data={"boundary": ""})
        assert not form.is_valid()


def test_the_widget_puts_the_map_editor_over_the_text_area_that_carries_the_value():
    html = str(BoundaryForm(data={"boundary": SQUARE_WKT})["boundary"])
    assert 'class="boundary-editor" data-check="/api/v1/parcels/check/"' in html
    assert 'data-village-field="village"' in html and 'data-text-area="id_boundary"' in html
    assert "web/maps/editor.js" in html and "leaflet-geoman.min.js" in html
    assert f">{SQUARE_WKT}</textarea>" in html


def test_without_the_npm_packages_the_text_area_alone_takes_the_boundary(monkeypatch):
    monkeypatch.setattr("landreg.web.boundary.finders.find", lambda path: None)
    html = str(BoundaryForm()["boundary"])
    assert "<textarea" in html and "data-check" not in html and "<script" not in html
