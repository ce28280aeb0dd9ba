"""landreg.core.kept: a values_list read built once per process, run with each call's values."""

import unittest
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from landreg.core.kept import KeptQuery
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

    @unittest.skipUnless(connection.vendor == "postgresql", "built once on PostgreSQL only")
    def test_a_column_the_database_gives_in_another_form_is_refused(self):
        read = KeptQuery(lambda pk: Parcel.objects.filter(pk=pk).values_list("geometry"), pk=uuid.uuid4())
        with pytest.raises(ImproperlyConfigured):
            read.rows(pk=self.parcel_a.pk)

    @unittest.skipUnless(connection.vendor == "postgresql", "built once on PostgreSQL only")
    def test_a_placeholder_the_statement_does_not_hold_is_refused(self):
        read = KeptQuery(
            lambda pk: Parcel.objects.filter(number=str(pk)).values_list("number"), pk=uuid.uuid4()
        )
        with pytest.raises(ImproperlyConfigured):
            read.rows(pk=self.parcel_a.pk)
