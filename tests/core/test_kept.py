"""landreg.core.db.kept: a values_list read built once per process, run with each call's values."""

import unittest
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from landreg.core.db.kept import KeptQuery, sent_together
from landreg.parcels.models import Parcel
from tests.base import RegistryTestCase


class KeptQueryTests(RegistryTestCase):
    def test_each_call_reads_with_its_own_values_what_the_queryset_reads(self):
        read = KeptQuery(
            lambda pk, number: Parcel.objects.filter(pk=pk, number=number).values_list(
                "number", "village_id"
            ),
            pk=uuid.uuid4(),
            number=f"number-{uuid.uuid4()}",
        )
        for parcel in (self.parcel_a, self.parcel_b, self.parcel_a):
            assert read.rows(pk=parcel.pk, number=parcel.number) == [(parcel.number, parcel.village_id)]
        assert read.rows(pk=self.parcel_a.pk, number=self.parcel_b.number) == []

    def test_a_value_used_twice_in_the_statement_is_replaced_in_both_places(self):
        read = KeptQuery(
            lambda pk: (
                Parcel.objects.filter(pk=pk).exclude(pk__in=[pk]).values_list("number")
                | Parcel.objects.filter(pk=pk).values_list("number")
            ),
            pk=uuid.uuid4(),
        )
        assert read.rows(pk=self.parcel_b.pk) == [(self.parcel_b.number,)]

    def test_a_flat_read_is_refused(self):
        read = KeptQuery(
            lambda pk: Parcel.objects.filter(pk=pk).values_list("number", flat=True), pk=uuid.uuid4()
        )
        with pytest.raises(ImproperlyConfigured):
            read.rows(pk=self.parcel_a.pk)

    def test_columns_come_through_the_orms_converters(self):
        read = KeptQuery(
            lambda pk: Parcel.objects.filter(pk=pk).values_list("geometry", "area_m2", "created_at"),
            pk=uuid.uuid4(),
        )
        for parcel in (self.parcel_a, self.parcel_b):
            [(geometry, area, created)] = read.rows(pk=parcel.pk)
            [(orm_geometry, orm_area, orm_created)] = Parcel.objects.filter(pk=parcel.pk).values_list(
                "geometry", "area_m2", "created_at"
            )
            assert geometry.equals_exact(orm_geometry) and geometry.srid == orm_geometry.srid
            assert (area, created) == (orm_area, orm_created) and type(area) is type(orm_area)

    def test_a_page_of_the_rows_has_its_bounds_as_parameters(self):
        read = KeptQuery(
            lambda village: (
                Parcel.objects.filter(village_id=village).order_by("number").values_list("number")
            ),
            village=uuid.uuid4(),
        )
        numbers = [
            (n,)
            for n in Parcel.objects.filter(village=self.village_a)
            .order_by("number")
            .values_list("number", flat=True)
        ]
        for offset in range(len(numbers) + 1):
            assert (
                read.rows(village=self.village_a.pk, offset=offset, limit=1) == numbers[offset : offset + 1]
            )
        sliced = KeptQuery(
            lambda village: Parcel.objects.filter(village_id=village).values_list("number")[:1],
            village=uuid.uuid4(),
        )
        with pytest.raises(ImproperlyConfigured):
            sliced.rows(village=self.village_a.pk, offset=0, limit=1)

    @unittest.skipUnless(connection.vendor == "postgresql", "built once on PostgreSQL only")
    def test_a_placeholder_the_statement_does_not_hold_is_refused(self):
        read = KeptQuery(
            lambda pk: Parcel.objects.filter(number=str(pk)).values_list("number"), pk=uuid.uuid4()
        )
        with pytest.raises(ImproperlyConfigured):
            read.rows(pk=self.parcel_a.pk)


class RowsTogetherTests(RegistryTestCase):
    """core.db.kept.rows_together: several kept reads, one round trip on PostgreSQL, each its own rows."""

    def test_each_read_answers_as_alone_converters_included_in_one_round_trip(self):
        from django.test.utils import CaptureQueriesContext

        from landreg.core.db.kept import rows_together

        shape = KeptQuery(
            lambda pk: Parcel.objects.filter(pk=pk).values_list("geometry", "area_m2"), pk=uuid.uuid4()
        )
        named = KeptQuery(
            lambda village: Parcel.objects.filter(village=village).order_by("number").values_list("number"),
            village=uuid.uuid4(),
        )
        reads = [
            (shape, {"pk": self.parcel_a.pk}),
            (named, {"village": self.village_b.pk}),
            (shape, {"pk": uuid.uuid4()}),  # none: an empty result set in its place
            (named, {"village": self.village_a.pk}),
        ]
        alone = [read.rows(**values) for read, values in reads]
        with CaptureQueriesContext(connection) as sent:
            together = rows_together(*reads)
        assert together == alone and alone[2] == [] and alone[1] == [(self.parcel_b.number,)]
        assert together[0][0][0].srid == alone[0][0][0].srid
        assert type(together[0][0][1]) is type(alone[0][0][1])
        assert len(sent) == (1 if sent_together() else len(reads))

    @unittest.skipUnless(connection.vendor == "postgresql", "prepared on PostgreSQL only")
    def test_the_reads_are_prepared_and_sent_in_one_pipeline_with_either_binding(self):
        """Each read prepared on the connection, so that PostgreSQL plans it once (core.db.planned), and all
        sent in one round trip (psycopg's pipeline): also with server-side binding (DB_PREPARE_THRESHOLD),
        where PostgreSQL refuses several statements in one text ("cannot insert multiple commands into a
        prepared statement") and each read went alone."""
        from unittest import mock

        import psycopg
        from django.test.utils import CaptureQueriesContext

        from landreg.core.db.kept import rows_together

        named = KeptQuery(
            lambda village: Parcel.objects.filter(village=village).order_by("number").values_list("number"),
            village=uuid.uuid4(),
        )
        reads = [(named, {"village": self.village_a.pk}), (named, {"village": self.village_b.pk})]
        for server_side in (False, True):
            options = {**connection.settings_dict.get("OPTIONS", {}), "server_side_binding": server_side}
            with (
                mock.patch.dict(connection.settings_dict, {"OPTIONS": options}),
                mock.patch.object(
                    psycopg.Connection, "pipeline", autospec=True, side_effect=psycopg.Connection.pipeline
                ) as pipeline,
                CaptureQueriesContext(connection) as sent,
            ):
                together = rows_together(*reads)
            assert together == [[(self.parcel_a.number,)], [(self.parcel_b.number,)]]
            assert pipeline.call_count == 1 and len(sent) == 1, server_side
            # The log shows both statements with their values, as the text sent without preparing them.
            assert sent[0]["sql"].count(self.village_a.pk.hex) == 1 and ";" in sent[0]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
        assert any('"parcels_parcel"."village_id" = $1' in text for text in prepared), prepared

    @unittest.skipUnless(connection.vendor == "postgresql", "prepared on PostgreSQL only")
    def test_behind_a_pooler_in_transaction_mode_nothing_is_prepared(self):
        """DISABLE_SERVER_SIDE_CURSORS (a pooler in transaction mode, where a prepared statement may meet
        another connection): the reads as one text whose values the client binds, still one round trip."""
        from unittest import mock

        from django.test.utils import CaptureQueriesContext

        from landreg.core.db.kept import rows_together

        named = KeptQuery(
            lambda village: Parcel.objects.filter(village=village).order_by("-number").values_list("number"),
            village=uuid.uuid4(),
        )
        reads = [(named, {"village": self.village_a.pk}), (named, {"village": self.village_b.pk})]
        with (
            mock.patch.dict(connection.settings_dict, {"DISABLE_SERVER_SIDE_CURSORS": True}),
            CaptureQueriesContext(connection) as sent,
        ):
            together = rows_together(*reads)
            assert named.rows(village=self.village_a.pk) == [(self.parcel_a.number,)]
        assert together == [[(self.parcel_a.number,)], [(self.parcel_b.number,)]]
        assert len(sent) == 2 and ";" in sent[0]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
        assert not any('ORDER BY "parcels_parcel"."number" DESC' in text for text in prepared), prepared
