"""Parcels' typed history (ParcelVersion): every write keeps a typed version with a real geometry column,
and the OGC API's ?datetime= answers from it (instant and interval, with or without a bbox)."""

import datetime as dt
import importlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from landreg.core import clock
from landreg.core.history.versioning import snapshot_of
from landreg.core.models import VersionRecord
from landreg.parcels.importing import import_parcels
from landreg.parcels.models import Parcel, ParcelVersion
from landreg.parcels.services import parcel_record, parcel_retire, parcel_update
from tests.base import RegistryTestCase, versions_of
from tests.geometries import square

ITEMS = "/ogcapi/collections/parcels/items"
T0 = dt.datetime(2030, 1, 10, tzinfo=dt.UTC)
T1 = dt.datetime(2030, 6, 10, tzinfo=dt.UTC)
T2 = dt.datetime(2031, 1, 10, tzinfo=dt.UTC)


def z(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def bbox(geometry) -> str:
    return ",".join(str(v) for v in geometry.extent)


class HistoryTestCase(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Recorded at T0 at (5000, 0), moved to (8000, 0) with new attributes at T1, retired at T2.
        with clock.frozen_at(T0):
            cls.moved = parcel_record(
                village=cls.village_a,
                geometry=square(5000, 0),
                survey_method="gps",
                land_use="orchard",
                local_name="Bas-fond",
                created_by=cls.agent_a,
            )
        cls.first_geometry = cls.moved.geometry
        with clock.frozen_at(T1):
            cls.moved = parcel_update(
                parcel=cls.moved,
                geometry=square(8000, 0, side=150),
                land_use="pasture",
                official_area_m2=22_000,
                actor=cls.agent_a,
                reason="Re-walked with GPS",
            )
        with clock.frozen_at(T2):
            cls.moved = parcel_retire(parcel=cls.moved, actor=cls.agent_a, reason="Split")

    def features(self, **params) -> dict:
        response = self.client.get(ITEMS, params)
        assert response.status_code == 200, response.content
        return {f["id"]: f for f in response.json()["features"]}


class WrittenHistoryTests(HistoryTestCase):
    def test_every_write_keeps_a_typed_version_with_who_and_why(self):
        first, second = versions_of(self.moved)
        assert (first.version, first.begin_lifespan, first.end_lifespan) == (1, T0, T1)
        assert (second.version, second.begin_lifespan, second.end_lifespan) == (2, T1, T2)
        assert first.land_use == "orchard" and first.official_area_m2 is None
        assert first.geometry.equals_exact(self.first_geometry, 1e-9)
        assert first.area_m2 == pytest.approx(10_000, abs=0.05)
        assert second.land_use == "pasture" and second.official_area_m2 == 22_000
        assert second.area_m2 == pytest.approx(22_500, abs=0.05)
        assert first.changed_by == self.agent_a and first.change_reason == ""
        assert first.ended_by == self.agent_a and first.end_reason == "Re-walked with GPS"
        assert second.change_reason == "Re-walked with GPS" and second.end_reason == "Split"
        # The database keeps one open version per parcel and never lets a version end before it begins.
        assert ParcelVersion.objects.filter(parcel=self.parcel_a, end_lifespan__isnull=True).count() == 1

    def test_the_history_table_has_a_spatial_index(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'parcels_parcelversion' "
                    "AND indexdef ILIKE '%%gist%%(geometry)%%'"
                )
            else:
                cursor.execute(
                    "SELECT 1 FROM geometry_columns WHERE f_table_name = 'parcels_parcelversion' "
                    "AND spatial_index_enabled = 1"
                )
            assert cursor.fetchone() is not None

    def test_a_record_saved_outside_the_services_gets_its_version_back_when_first_edited(self):
        ParcelVersion.objects.filter(parcel=self.parcel_b)._raw_delete(connection.alias)
        before = Parcel.objects.get(pk=self.parcel_b.pk)
        updated = parcel_update(parcel=before, land_use="fallow", reason="Fallow since 2029")
        old, new = versions_of(updated)
        assert old.land_use == "cropland" and old.end_reason == "Fallow since 2029"
        assert new.land_use == "fallow" and new.end_lifespan is None

    def test_an_import_writes_the_versions_of_its_parcels_in_the_same_transaction(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        ring = [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001], [-3, 12]]
        path = folder / "f.geojson"
        feature = {"type": "Feature", "properties": {"id": "k-1"}, "geometry": {"type": "Polygon"}}
        feature["geometry"]["coordinates"] = [ring]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
        report = import_parcels(path=path, village=self.village_a, actor=self.agent_a)
        assert report.imported == 1
        parcel = Parcel.objects.get(source_id="k-1")
        (version,) = versions_of(parcel)
        assert version.geometry.equals_exact(parcel.geometry, 1e-9)
        assert (version.number, version.area_m2, version.begin_lifespan) == (
            parcel.number,
            parcel.area_m2,
            parcel.begin_lifespan,
        )
        assert version.changed_by == self.agent_a and version.change_reason == "import"


class DatetimeQueryTests(HistoryTestCase):
    def test_an_instant_between_two_edits_gives_the_first_geometry_and_attributes(self):
        moved = self.features(datetime=z(T0 + dt.timedelta(days=30)))[str(self.moved.pk)]
        props = moved["properties"]
        assert props["version"] == 1 and props["land_use"] == "orchard"
        assert props["official_area_m2"] is None and props["area_m2"] == pytest.approx(10_000, abs=0.05)
        assert props["begin_lifespan"] == z(T0) and props["end_lifespan"] == z(T1)
        x0, y0, x1, y1 = self.first_geometry.extent
        ring = moved["geometry"]["coordinates"][0]
        assert min(p[0] for p in ring) == pytest.approx(x0) and max(p[1] for p in ring) == pytest.approx(y1)

    def test_after_the_edit_the_second_version_and_after_retirement_nothing(self):
        later = self.features(datetime=z(T1 + dt.timedelta(days=1)))[str(self.moved.pk)]["properties"]
        assert later["version"] == 2 and later["land_use"] == "pasture"
        assert str(self.moved.pk) not in self.features(datetime=z(T2 + dt.timedelta(days=1)))
        assert str(self.moved.pk) not in self.features()  # no datetime: current parcels only
        assert str(self.moved.pk) not in self.features(datetime=z(T0 - dt.timedelta(days=1)))

    def test_a_retired_parcel_is_still_returned_at_a_moment_before_its_retirement(self):
        ids = self.features(datetime=z(T2 - dt.timedelta(seconds=1)))
        assert ids[str(self.moved.pk)]["properties"]["version"] == 2
        # Half-open lifespans: at the very instant of an edit or a retirement the new state holds.
        assert self.features(datetime=z(T1))[str(self.moved.pk)]["properties"]["version"] == 2
        assert str(self.moved.pk) not in self.features(datetime=z(T2))

    def test_bbox_and_datetime_together_use_the_geometry_of_that_moment(self):
        old_place, new_place = bbox(self.first_geometry), bbox(square(8000, 0, side=150))
        between = z(T0 + dt.timedelta(days=30))
        assert list(self.features(datetime=between, bbox=old_place)) == [str(self.moved.pk)]
        assert self.features(datetime=between, bbox=new_place) == {}
        after_edit = z(T1 + dt.timedelta(days=1))
        assert self.features(datetime=after_edit, bbox=old_place) == {}
        assert list(self.features(datetime=after_edit, bbox=new_place)) == [str(self.moved.pk)]
        # The other parcels, far away, are not in either box.
        assert str(self.parcel_a.pk) not in self.features(datetime=after_edit, bbox=new_place)

    def test_an_interval_gives_each_parcel_once_as_it_last_stood_in_the_interval(self):
        before_edit = f"{z(T0 - dt.timedelta(days=1))}/{z(T1 - dt.timedelta(days=1))}"
        assert self.features(datetime=before_edit)[str(self.moved.pk)]["properties"]["version"] == 1
        across = f"{z(T0 + dt.timedelta(days=1))}/{z(T1 + dt.timedelta(days=1))}"
        response = self.client.get(ITEMS, {"datetime": across}).json()
        ids = [f["id"] for f in response["features"]]
        assert ids.count(str(self.moved.pk)) == 1
        assert self.features(datetime=across)[str(self.moved.pk)]["properties"]["version"] == 2
        # Open ends: everything up to a moment, or from a moment on (a parcel retired later included).
        assert self.features(datetime=f"../{z(T0 + dt.timedelta(days=1))}")[str(self.moved.pk)]
        since = self.features(datetime=f"{z(T1 + dt.timedelta(days=1))}/..")
        assert since[str(self.moved.pk)]["properties"]["version"] == 2
        assert str(self.moved.pk) not in self.features(datetime=f"{z(T2)}/..")
        # An interval ending before the parcel's first version does not find it; a bbox narrows it.
        assert str(self.moved.pk) not in self.features(datetime=f"../{z(T0 - dt.timedelta(days=1))}")
        assert list(self.features(datetime=across, bbox=bbox(self.first_geometry))) == []
        assert list(self.features(datetime=across, bbox=bbox(square(8000, 0, side=150)))) == [
            str(self.moved.pk)
        ]

    def test_an_interval_that_ends_before_it_begins_is_a_400(self):
        response = self.client.get(ITEMS, {"datetime": f"{z(T1)}/{z(T0)}"})
        assert response.status_code == 400 and response.json()["description"]

    def test_the_html_page_of_a_past_moment_links_each_parcel(self):
        page = self.client.get(ITEMS, {"datetime": z(T0 + dt.timedelta(days=1)), "f": "html"})
        assert f"{ITEMS}/{self.moved.pk}?f=html" in page.content.decode()

    def test_the_collection_extent_reaches_back_to_the_first_version(self):
        collection = self.client.get("/ogcapi/collections/parcels").json()
        first = collection["extent"]["temporal"]["interval"][0][0]
        assert first <= z(T0)


class SnapshotMigrationTests(HistoryTestCase):
    def test_json_snapshots_become_typed_versions(self):
        """The data migration: a parcel edited before it (a JSON snapshot of version 1, no typed rows)
        gets both versions typed, with who superseded version 1 as the maker of version 2."""
        parcel = Parcel.objects.get(pk=self.parcel_b.pk)
        ParcelVersion.objects.filter(parcel=parcel)._raw_delete(connection.alias)
        snapshot = snapshot_of(parcel)
        moment = parcel.begin_lifespan + dt.timedelta(days=5)
        VersionRecord.objects.create(
            content_type=ContentType.objects.get_for_model(Parcel),
            object_id=parcel.pk,
            version=1,
            begin_lifespan=parcel.begin_lifespan,
            end_lifespan=moment,
            snapshot=snapshot,
            actor=self.agent_b,
            reason="New survey",
        )
        Parcel.objects.filter(pk=parcel.pk).update(
            version=2, begin_lifespan=moment, land_use="fallow", geometry=square(1000, 0, side=90)
        )
        migration = importlib.import_module("landreg.parcels.migrations.0007_typed_history")
        migration.forwards(apps, connection.schema_editor())
        first, second = versions_of(parcel)
        assert (first.version, first.end_lifespan, first.land_use) == (1, moment, "cropland")
        assert first.geometry.equals_exact(parcel.geometry, 1e-9) and first.official_area_m2 is None
        assert first.accuracy_m is None and first.end_reason == "New survey"
        assert (second.version, second.begin_lifespan, second.land_use) == (2, moment, "fallow")
        assert second.changed_by == self.agent_b and second.change_reason == "New survey"
        assert second.geometry.area < first.geometry.area
        assert not VersionRecord.objects.filter(object_id=parcel.pk).exists()
        # Parcels that already had their versions were left as they were.
        assert ParcelVersion.objects.filter(parcel=self.moved).count() == 2
        # Backwards, the superseded version is a snapshot again and the typed rows go.
        migration.backwards(apps, connection.schema_editor())
        (again,) = VersionRecord.objects.filter(object_id=parcel.pk)
        assert (again.version, again.reason, again.actor) == (1, "New survey", self.agent_b)
        assert again.snapshot["land_use"] == "cropland" and not ParcelVersion.objects.exists()


class AdminEditTests(HistoryTestCase):
    def test_an_edit_in_the_administration_makes_a_new_version(self):
        from tests.browser_forms import flat, form_data

        self.mayor.is_staff = self.mayor.is_superuser = True
        self.mayor.save()
        self.client.force_login(self.mayor)
        url = f"/admin/parcels/parcel/{self.parcel_a.pk}/change/"
        data = flat(form_data(self.client.get(url).content.decode()))
        data.update(land_use="orchard", local_name="Champ du marigot", _save="Save")
        response = self.client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        old, new = versions_of(Parcel.objects.get(pk=self.parcel_a.pk))
        assert (old.land_use, old.local_name, old.end_reason) == ("cropland", "", "admin")
        assert (new.land_use, new.local_name, new.changed_by) == ("orchard", "Champ du marigot", self.mayor)
        assert Parcel.objects.get(pk=self.parcel_a.pk).version == 2


class ParcelPageTests(HistoryTestCase):
    def test_the_parcel_page_lists_its_versions_with_who_and_why_and_links_each_to_its_moment(self):
        from html import unescape

        self.client.force_login(self.agent_a)
        page = self.client.get(f"/parcels/{self.moved.pk}/").content.decode()
        history = page[page.index('class="list history"') :]
        assert "Re-walked with GPS" in history and "Split" in history and "agent_a" in history
        assert history.index("— Split") < history.index("<td>Re-walked with GPS</td>")  # latest first
        links = [unescape(part.split('"')[0]) for part in history.split('href="')[1:]]
        assert len(links) == 2
        first = self.client.get(links[-1]).content.decode()  # the oldest version is listed last
        assert self.moved.number in first
        response = self.client.get(links[-1].replace("f=html", "f=json"))
        (feature,) = response.json()["features"]
        assert feature["properties"]["version"] == 1 and feature["properties"]["land_use"] == "orchard"
