"""French is the interface's first language: geometry errors read in French, with their location."""

import pytest
from django.utils import translation

from landreg.parcels.checks import BoundaryErrors, check_boundary
from tests.geometries import bowtie


def test_a_self_intersection_is_explained_in_french_with_its_location():
    with translation.override("fr"), pytest.raises(BoundaryErrors) as caught:
        check_boundary(bowtie())
    assert str(caught.value).startswith("Le contour se recoupe")
    assert "-2.9995" in str(caught.value)


def test_an_unclosed_ring_is_explained_in_french():
    ring = [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001]]
    with translation.override("fr"), pytest.raises(BoundaryErrors, match="n’est pas fermé"):
        check_boundary({"type": "Polygon", "coordinates": [ring]})


def test_areas_in_boundary_errors_are_written_with_a_decimal_comma_in_french():
    """Seen on the import page: « 0.04 m², moins que les 0.1 m² » (Python's decimal point, in French)."""
    from landreg.parcels.checks import AreaLimits

    limits = AreaLimits(min_m2=0.1, max_m2=100_000_000)
    with translation.override("fr"):
        small, large = limits.too_small(0.04).message, limits.too_large(123_456_789).message
    assert "0,04 m²" in small and "0,1 m²" in small and "0.04" not in small and "0.1" not in small
    assert "12\u202f346 ha" in large
    with translation.override("en"):
        assert "0.04 m²" in limits.too_small(0.04).message
