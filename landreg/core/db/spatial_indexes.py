"""SpatiaLite's R*Tree spatial indexes put back in working order after Django remade their table.

For most changes of a column (AlterField, RemoveField…) Django's SpatiaLite schema editor remakes the
table: it builds ``new__<table>`` with its spatial index, copies the rows, drops the old table and renames
the new one. On the rename it recovers the geometry column (``RecoverGeometryColumn``) and renames the
``idx_`` table, but leaves the index disabled (``geometry_columns.spatial_index_enabled = 0``) and without
the triggers that keep it up to date: the rows saved after that never reach the index, which stays as the
copy left it (empty for a table that was empty then). A migration after such a change rebuilds the index
with ``restore_spatial_indexes``; ``disabled_spatial_indexes`` lists the columns that need it (the tests
check that none does after the migrations). PostgreSQL's GiST indexes are not concerned.
"""

from django.db import migrations


def disabled_spatial_indexes(connection) -> list[tuple[str, str]]:
    """(table, column) of the geometry columns whose spatial index SpatiaLite does not keep up to date."""
    if not getattr(connection.ops, "spatialite", False):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f_table_name, f_geometry_column FROM geometry_columns WHERE spatial_index_enabled = 0"
        )
        return [(table.lower(), column.lower()) for table, column in cursor.fetchall()]


def restore_spatial_index(connection, table: str, column: str) -> None:
    """Rebuild the spatial index of ``table.column`` from its rows, with the triggers that keep it."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "idx_{table}_{column}"')
        cursor.execute("SELECT CreateSpatialIndex(%s, %s)", [table, column])
        cursor.execute("SELECT RecoverSpatialIndex(%s, %s)", [table, column])


def restore_spatial_indexes(*fields: tuple[str, str]) -> migrations.RunPython:
    """A migration operation that rebuilds, on SpatiaLite, the spatial indexes of the ``fields`` given as
    ("app_label.Model", "field name") whose index is disabled; nothing on other databases."""

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        disabled = set(disabled_spatial_indexes(connection))
        for model_name, field_name in fields:
            model = apps.get_model(model_name)
            table, column = model._meta.db_table, model._meta.get_field(field_name).column
            if (table.lower(), column.lower()) in disabled:
                restore_spatial_index(connection, table, column)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)
