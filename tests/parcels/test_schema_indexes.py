"""The parcels' and versions' indexes as migrated (parcels 0012): the foreign keys' own single-column
indexes are gone, covered by indexes that lead with the same column, and the rules stay enforced."""

from django.db import connection
from django.test import TestCase


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in found.items() if info["index"] or info["unique"]}


class ForeignKeyIndexTests(TestCase):
    def test_lookups_by_village_and_by_parcel_use_indexes_leading_with_the_column(self):
        parcels = indexes("parcels_parcel")
        versions = indexes("parcels_parcelversion")
        assert not [n for n, i in parcels.items() if i["columns"] == ["village_id"] and not i["unique"]]
        assert not [n for n, i in versions.items() if i["columns"] == ["parcel_id"] and not i["unique"]]
        assert any(i["columns"][:2] == ["village_id", "number"] for i in parcels.values())
        assert any(i["columns"] == ["parcel_id", "version"] and i["unique"] for i in versions.values())

    def test_one_open_version_per_parcel_is_still_enforced_by_the_database(self):
        # Django's own AlterField(db_index=False) dropped this partial unique index with the foreign key's.
        versions = indexes("parcels_parcelversion")
        assert versions["parcelversion_one_open"]["unique"]
        assert versions["parcelversion_one_open"]["columns"] == ["parcel_id"]
