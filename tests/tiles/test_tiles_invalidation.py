"""Cached public tiles follow the parcels through every service that changes them, on both databases: a
claim synced from a device and then registered, a split and a merge (later life). Recording, editing,
retiring and importing are in test_tiles_scale.py."""

import json
import uuid

import mapbox_vector_tile
from django.contrib.gis.geos import MultiPolygon

from landreg.adjudication.changes.later_life import parcel_merge, parcel_split
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.parcels.models import Parcel
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square
from tests.tiles.test_tiles import tile_of


class TileCacheFollowsAdjudicationTests(AdjudicationTestCase):
    direct_changes = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def numbers(self, geometry, z=14) -> set[str]:
        centre = geometry.centroid
        x, y = tile_of(centre.x, centre.y, z)
        self.client.logout()  # the public tile, shared by everyone through the cache
        response = self.client.get(f"/tiles/parcels/{z}/{x}/{y}.mvt")
        assert response.status_code == 200
        layer = mapbox_vector_tile.decode(response.content).get("parcels", {"features": []})
        return {f["properties"]["number"] for f in layer["features"]}

    def test_a_claim_synced_from_a_device_shows_on_the_cached_tile_once_registered(self):
        boundary = square(300, 0)
        before = self.numbers(boundary)  # drawn and cached
        self.client.force_login(self.agent_a)
        body = {
            "village": "TC-A",
            "geometry": json.loads(boundary.geojson),
            "local_name": "Champ du bas-fond",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        response = self.client.post(
            "/api/v1/sync/",
            {"records": [{"client_id": str(uuid.uuid4()), "claim": body}]},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        (result,) = response.json()["results"]
        assert result["result"] == "created", result
        assert self.numbers(boundary) == before  # a claim is not a parcel: the public map is unchanged
        claim = self.walk_to(Claim.objects.get(pk=result["claim_id"]), ClaimState.READY_FOR_CERTIFICATE)
        parcel = Parcel.objects.get(pk=claim.parcel_id)
        assert self.numbers(boundary) == before | {parcel.number}

    def test_a_split_and_a_merge_redraw_the_cached_tiles(self):
        assert self.parcel_a.number in self.numbers(self.parcel_a.geometry)
        change = parcel_split(
            parcel=self.parcel_a,
            parts=[square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))],
            actor=self.registrar,
            reason="Partage entre enfants",
        )
        west, middle = sorted(change.new_parcels.all(), key=lambda p: p.geometry.centroid.x)
        shown = self.numbers(self.parcel_a.geometry)
        assert self.parcel_a.number not in shown and {west.number, middle.number} <= shown
        merged = parcel_merge(parcels=[west, middle], actor=self.registrar, reason="Remembrement")
        (joined,) = merged.new_parcels.all()
        shown = self.numbers(self.parcel_a.geometry)
        assert joined.number in shown and not {west.number, middle.number} & shown
