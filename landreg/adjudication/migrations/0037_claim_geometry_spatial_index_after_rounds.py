"""0036 added the claim's committee round: on SpatiaLite Django remade the claims' table, which left its spatial
index disabled (the claims saved afterwards missing from it). Put it back, as 0022 and 0030 do; nothing on
PostgreSQL."""

from django.db import migrations

from landreg.core.db.spatial_indexes import restore_spatial_indexes


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0036_committee_rounds")]

    operations = [restore_spatial_indexes(("adjudication.Claim", "geometry"))]
