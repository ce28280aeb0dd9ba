"""Counts in the parcels' messages agree with their number in both languages: « 1 entité ne peut pas être
importée », « 3 entités ne peuvent pas être importées », never « entité(s) »."""

import pytest
from django.utils import translation

from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.importing.report import ImportFailed, ImportReport
from landreg.parcels.tracks import TrackError, polygon_from_points

NNBSP = "\u202f"


def refused_import(rejected: int, language: str) -> str:
    with translation.override(language):
        return str(
            ImportFailed(
                ImportReport(file="parcelles.gpkg", layer="parcelles", crs="EPSG:32630", error_count=rejected)
            )
        )


def test_one_rejected_feature_is_said_in_the_singular_and_three_in_the_plural():
    assert refused_import(1, "fr") == f"1 entité ne peut pas être importée{NNBSP}; rien n’a été enregistré."
    assert (
        refused_import(3, "fr") == f"3 entités ne peuvent pas être importées{NNBSP}; rien n’a été enregistré."
    )
    assert refused_import(1, "en") == "1 feature cannot be imported; nothing was saved."
    assert refused_import(3, "en") == "3 features cannot be imported; nothing was saved."


def repeated_vertices_message(wkt: str, language: str) -> str:
    with translation.override(language), pytest.raises(BoundaryErrors) as caught:
        check_boundary(wkt, srid=4326)
    return str(caught.value)


def test_repeated_vertices_are_counted_in_the_singular_or_the_plural():
    once = "POLYGON((-3 12, -2.999 12, -2.999 12, -2.999 12.001, -3 12.001, -3 12))"
    twice = "POLYGON((-3 12, -2.999 12, -2.999 12, -2.999 12.001, -2.999 12.001, -3 12.001, -3 12))"
    assert "répète 1 sommet, en (-2.999 12)" in repeated_vertices_message(once, "fr")
    assert "répète 2 sommets, le premier en (-2.999 12)" in repeated_vertices_message(twice, "fr")
    assert "repeats 1 vertex, at (-2.999 12)" in repeated_vertices_message(once, "en")
    assert "repeats 2 vertices, first at (-2.999 12)" in repeated_vertices_message(twice, "en")
    assert "(s)" not in repeated_vertices_message(twice, "fr") + repeated_vertices_message(once, "fr")


def too_few_points(points, language: str) -> str:
    with translation.override(language), pytest.raises(TrackError) as caught:
        polygon_from_points(points)
    return str(caught.value)


def test_too_few_points_agree_with_their_number_in_french():
    one = [(-3.0, 12.0), (-3.0, 12.0)]
    two = [(-3.0, 12.0), (-2.999, 12.0)]
    assert too_few_points(one, "fr").endswith(f"points distincts{NNBSP}; 1 donné.")
    assert too_few_points(two, "fr").endswith(f"points distincts{NNBSP}; 2 donnés.")
    assert too_few_points(two, "en") == "A boundary needs at least three distinct points; 2 given."
