"""The parcels' index on their village and the versions' index on their parcel are dropped: the (village,
number) index and the unique (parcel, version) lead with the same column and serve every look-up, and each
index costs every insert and a first load's rebuild.

Written by hand: Django's AlterField(db_index=False) drops every single-column B-tree on the column, and on
PostgreSQL that took the partial unique index ``parcelversion_one_open`` (one open version per parcel) with
it. The names dropped are those Django gave the foreign keys' indexes (the same on both databases)."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [
    ("parcels_parcel_village_id_46d00d99", "parcels_parcel", "village_id"),
    ("parcels_parcelversion_parcel_id_9d809acc", "parcels_parcelversion", "parcel_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("parcels", "0011_current_village_number_index"),
        ("territory", "0003_field_labels"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}", reverse_sql=f"CREATE INDEX {name} ON {table} ({column})"
                )
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="parcel",
                    name="village",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="parcels",
                        to="territory.administrativeunit",
                        verbose_name="village",
                    ),
                ),
                migrations.AlterField(
                    model_name="parcelversion",
                    name="parcel",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="versions",
                        to="parcels.parcel",
                        verbose_name="parcel",
                    ),
                ),
            ],
        ),
    ]
