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
