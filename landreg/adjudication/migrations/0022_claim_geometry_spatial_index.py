# The claims' spatial index on SpatiaLite: disabled since 0006 remade the table (see core.db.spatial_indexes).

from django.db import migrations

from landreg.core.db.spatial_indexes import restore_spatial_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("adjudication", "0021_claimevent_stay_ended_key_idx"),
    ]

    operations = [
        restore_spatial_indexes(("adjudication.Claim", "geometry")),
    ]
