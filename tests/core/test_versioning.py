import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from landreg.core import clock
from landreg.core.exceptions import RetiredRecordError, VersionedDeletionError
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_retire, parcel_update
from landreg.parties.services import party_update
from tests.base import RegistryTestCase, versions_of
from tests.geometries import square


class VersioningTests(RegistryTestCase):
    def test_an_edit_keeps_the_previous_version_with_its_lifespan(self):
        later = clock.now() + dt.timedelta(days=3)
        with clock.frozen_at(later):
            updated = parcel_update(
                parcel=self.parcel_a, geometry=square(0, 0, side=120), reason="GPS re-walk"
            )
        assert updated.version == 2
        assert updated.begin_lifespan == later
        assert updated.area_m2 == pytest.approx(14_400, abs=0.05)
        old, current = versions_of(updated)
        assert (old.version, current.version) == (1, 2)
        assert old.end_lifespan == later == current.begin_lifespan and current.end_lifespan is None
        assert old.end_reason == "GPS re-walk" == current.change_reason
        assert old.area_m2 == pytest.approx(10_000, abs=0.05)
        assert old.geometry.equals_exact(self.parcel_a.geometry, 1e-9)
        assert current.geometry.equals_exact(updated.geometry, 1e-9)

    def test_party_edits_are_versioned_too(self):
        party = party_update(party=self.holder_a, domicile="Koudougou", reason="moved")
        assert party.version == 2
        first, second = versions_of(party)
        assert (first.domicile, second.domicile) == ("", "Koudougou")
        assert first.end_reason == "moved" == second.change_reason

    def test_records_are_never_deleted(self):
        with pytest.raises(VersionedDeletionError):
            self.parcel_a.delete()
        with pytest.raises(VersionedDeletionError):
            Parcel.objects.filter(pk=self.parcel_a.pk).delete()
        assert Parcel.objects.filter(pk=self.parcel_a.pk).exists()

    def test_a_retired_parcel_keeps_its_row_and_cannot_be_edited(self):
        retired = parcel_retire(parcel=self.parcel_a, reason="split")
        assert retired.end_lifespan is not None
        assert not Parcel.objects.current().filter(pk=retired.pk).exists()
        with pytest.raises(RetiredRecordError):
            parcel_update(parcel=retired, land_use="orchard", reason="late edit")

    def test_the_database_refuses_a_lifespan_that_ends_before_it_begins(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Parcel.objects.filter(pk=self.parcel_a.pk).update(
                end_lifespan=self.parcel_a.begin_lifespan - dt.timedelta(1)
            )

    def test_as_of_finds_what_was_current_at_a_moment(self):
        with clock.frozen_at(self.parcel_a.begin_lifespan + dt.timedelta(days=10)):
            parcel_retire(parcel=self.parcel_a, reason="merge")
        assert (
            Parcel.objects.as_of(self.parcel_a.begin_lifespan + dt.timedelta(days=1))
            .filter(pk=self.parcel_a.pk)
            .exists()
        )
        assert (
            not Parcel.objects.as_of(self.parcel_a.begin_lifespan + dt.timedelta(days=11))
            .filter(pk=self.parcel_a.pk)
            .exists()
        )
