"""PostgreSQL computes a register row's hash exactly as rows.py does (rows_sql), or says it cannot (NULL)."""

import datetime as dt
import decimal

import pytest
from django.db import connection, transaction

from landreg.audit.rows import register_models, row_hashes
from landreg.audit.rows_sql import float_text_setting, row_hash_sql
from landreg.parcels.models import Parcel
from tests.base import RegistryTestCase

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL computes these hashes")


def sql_hashes(model) -> dict[str, str | None]:
    expression = row_hash_sql(model, "r")
    with transaction.atomic(), connection.cursor() as cursor:
        float_text_setting(cursor)
        cursor.execute(
            f"SELECT r.{model._meta.pk.column}::text, {expression} FROM {model._meta.db_table} r"  # noqa: S608
        )
        return dict(cursor.fetchall())


class RowHashSqlTests(RegistryTestCase):
    def _set(self, **values):
        Parcel.objects.filter(pk=self.parcel_a.pk).update(**values)

    def test_every_register_table_it_handles_hashes_as_python(self):
        handled = [m for m in register_models() if row_hash_sql(m, "r") is not None]
        assert Parcel in handled
        compared = 0
        for model in handled:
            pks = list(model._base_manager.values_list("pk", flat=True))
            assert sql_hashes(model) == row_hashes(model, pks), model
            compared += bool(pks)
        assert compared >= 3  # parcels, parties, rights at least

    def test_awkward_values_hash_as_python(self):
        names = ['quote " and \\ backslash', "line\nbreak\ttab\x01\x1f\x7f", "Réo — 𝔘nicode ✓", "", "/"]
        areas = [1234.0, 0.1, 123456.789, 1e-4, 0.000123, 99999999999999.98, 1 / 3, 2.5e14]
        accuracies = [decimal.Decimal("1.50"), decimal.Decimal("10.00"), decimal.Decimal("0.00"), None]
        moments = [
            dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            dt.datetime(2026, 1, 2, 3, 4, 5, 120, tzinfo=dt.UTC),
            dt.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        ]
        cases = list(zip(names, areas, accuracies * 2, moments * 3, strict=False))
        for name, area, accuracy, moment in cases:
            self._set(
                local_name=name, official_area_m2=area, accuracy_m=accuracy, created_at=moment, land_use=""
            )
            expected = row_hashes(Parcel, [self.parcel_a.pk])
            assert sql_hashes(Parcel)[str(self.parcel_a.pk)] == expected[str(self.parcel_a.pk)], (name, area)

    def test_floats_python_writes_otherwise_are_left_to_python(self):
        for area in (5e-5, 1e15, 3.5e16):
            self._set(official_area_m2=area)
            assert sql_hashes(Parcel)[str(self.parcel_a.pk)] is None, area
        self._set(official_area_m2=None)
        assert sql_hashes(Parcel)[str(self.parcel_a.pk)] is not None

    def test_values_every_row_has_given_once_hash_as_python(self):
        moment = dt.datetime(2026, 1, 2, 3, 4, 5, 120, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        self._set(local_name="l'ouest à 100 %", created_at=moment, land_use="", accuracy_m=None)
        parcel = Parcel.objects.get(pk=self.parcel_a.pk)
        given = {
            name: getattr(parcel, name)
            for name in ("local_name", "created_at", "village_id", "version", "land_use", "end_lifespan")
        }
        given["created_by_id"] = None
        given["accuracy_m"] = None  # a decimal: PostgreSQL's rounding, never a constant
        given["area_m2"] = parcel.area_m2
        expression = row_hash_sql(Parcel, "r", constants=given)
        assert "l''ouest à 100 %%" in expression and 'to_char((r."created_at"' not in expression
        with transaction.atomic(), connection.cursor() as cursor:
            float_text_setting(cursor)
            cursor.execute(
                f"SELECT {expression} FROM {Parcel._meta.db_table} r WHERE r.id = %s",  # noqa: S608
                [parcel.pk],
            )
            assert cursor.fetchone()[0] == row_hashes(Parcel, [parcel.pk])[str(parcel.pk)]
