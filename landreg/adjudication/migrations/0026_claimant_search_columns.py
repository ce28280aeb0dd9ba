"""Search columns on claimants, as on parties (parties 0003): the folded names and their spelling-tolerant
key, filled for every existing claimant; on PostgreSQL a GIN trigram index over the key, for the header
search's word-similarity match of a claimant's name (web.search.sql)."""

from django.db import migrations, models

from landreg.core.search.folding import fold
from landreg.core.search.name_keys import name_key

INDEX = "claimant_name_key_trgm"


def fill_search_columns(apps, schema_editor):
    Claimant = apps.get_model("adjudication", "Claimant")
    batch = []
    for claimant in Claimant.objects.only("last_name", "first_names", "name").iterator(chunk_size=2000):
        names = " ".join(part for part in (claimant.last_name, claimant.first_names, claimant.name) if part)
        claimant.search_name, claimant.name_key = fold(names), name_key(names)
        batch.append(claimant)
        if len(batch) == 2000:
            Claimant.objects.bulk_update(batch, ["search_name", "name_key"])
            batch = []
    Claimant.objects.bulk_update(batch, ["search_name", "name_key"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches the key with LIKE and a Python distance (landreg.core.search.name_keys)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON adjudication_claimant USING gin (name_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0025_profile_dispute_homologation")]

    operations = [
        migrations.AddField(
            model_name="claimant",
            name="name_key",
            field=models.CharField(
                blank=True, editable=False, max_length=520, verbose_name="name key (spelling variants)"
            ),
        ),
        migrations.AddField(
            model_name="claimant",
            name="search_name",
            field=models.CharField(
                blank=True, editable=False, max_length=520, verbose_name="name for searching"
            ),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
