# The claims' spatial index on SpatiaLite: disabled since 0006 remade the table (see core.spatial_indexes).

from django.db import migrations

from landreg.core.spatial_indexes import restore_spatial_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("adjudication", "0020_claimevent_lodged_approved_idx"),
    ]

    operations = [
        restore_spatial_indexes(("adjudication.Claim", "geometry")),
    ]
