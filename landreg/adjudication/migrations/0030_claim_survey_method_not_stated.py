# A claim recorded by a door that did not ask its survey method is « method not stated », no longer a GPS
# walk. Claims recorded so far keep what they hold. SpatiaLite remakes the table for the new default: its
# spatial index is rebuilt after (see core.db.spatial_indexes).

from django.db import migrations, models

from landreg.core.db.spatial_indexes import restore_spatial_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("adjudication", "0029_english_quotes_in_help_texts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="survey_method",
            field=models.CharField(
                choices=[
                    ("gps", "GPS walk"),
                    ("gnss_rtk", "GNSS RTK survey"),
                    ("imagery", "drawn on imagery"),
                    ("sketch", "sketch / drawn by hand"),
                    ("total_station", "total station"),
                    ("imported", "imported from another system"),
                    ("unknown", "method not stated"),
                ],
                default="unknown",
                max_length=16,
                verbose_name="survey method",
            ),
        ),
        restore_spatial_indexes(("adjudication.Claim", "geometry")),
    ]
