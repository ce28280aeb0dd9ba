"""SpatiaLite keeps every spatial index up to date after the migrations: Django's remaking of a table (for an
altered column) left the claims' index disabled, so the claims saved afterwards were missing from it."""

import pytest
from django.apps import apps
from django.contrib.gis.db.models import GeometryField
from django.db import connection

from landreg.core.db.spatial_indexes import disabled_spatial_indexes
from tests.adjudication.helpers import AdjudicationTestCase

pytestmark = pytest.mark.skipif(
    not getattr(connection.ops, "spatialite", False),
    reason="PostgreSQL's GiST indexes are kept by the database",
)


def indexed_columns() -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.local_fields
        if isinstance(field, GeometryField) and field.spatial_index and model._meta.managed
    ]


def rtree_rowids(table: str, column: str, extent=None) -> set[int]:
    sql, params = f'SELECT pkid FROM "idx_{table}_{column}"', []  # noqa: S608 - names from the models
    if extent:
        minx, miny, maxx, maxy = extent
        sql += " WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s"
        params = [maxx, minx, maxy, miny]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


class SpatialIndexTests(AdjudicationTestCase):
    def test_no_geometry_column_is_left_with_a_disabled_index(self):
        assert indexed_columns()
        assert disabled_spatial_indexes(connection) == []

    def test_claims_saved_through_the_service_are_found_in_the_index(self):
        from landreg.adjudication.models import Claim

        near, far = self.draft(east=100), self.draft(east=5_000)
        rowids = dict(Claim.objects.extra(select={"rowid": "rowid"}).values_list("pk", "rowid"))  # noqa: S610
        assert rtree_rowids("adjudication_claim", "geometry") == set(rowids.values())
        assert rtree_rowids("adjudication_claim", "geometry", near.geometry.extent) == {rowids[near.pk]}
        # A changed boundary moves in the index too.
        far.geometry = near.geometry
        far.save(update_fields=["geometry"])
        assert rtree_rowids("adjudication_claim", "geometry", near.geometry.extent) == set(rowids.values())
