# The topology findings' spatial index on SpatiaLite: disabled since a migration remade the table (see
# core.db.spatial_indexes).

from django.db import migrations

from landreg.core.db.spatial_indexes import restore_spatial_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("parcels", "0008_current_number_index"),
    ]

    operations = [
        restore_spatial_indexes(("parcels.TopologyFinding", "location")),
    ]
