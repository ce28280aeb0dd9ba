"""Search columns on parties: the folded names and their spelling-tolerant key, filled for every existing
party; on PostgreSQL the pg_trgm extension and GIN trigram indexes over both, for word-similarity search."""

from django.db import migrations, models

from landreg.core.search.folding import fold
from landreg.core.search.name_keys import name_key

TRIGRAM_INDEXES = {
    "party_search_name_trgm": "search_name",
    "party_name_key_trgm": "name_key",
}


def fill_search_columns(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    batch = []
    for party in Party.objects.only("last_name", "first_names", "name").iterator(chunk_size=2000):
        names = " ".join(part for part in (party.last_name, party.first_names, party.name) if part)
        party.search_name, party.name_key = fold(names), name_key(names)
        batch.append(party)
        if len(batch) == 2000:
            Party.objects.bulk_update(batch, ["search_name", "name_key"])
            batch = []
    Party.objects.bulk_update(batch, ["search_name", "name_key"])


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches the key with LIKE and a Python distance (landreg.core.search.name_keys)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON parties_party USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("parties", "0002_party_id_document_unique")]

    operations = [
        migrations.AddField(
            model_name="party",
            name="name_key",
            field=models.CharField(blank=True, editable=False, max_length=520),
        ),
        migrations.AddField(
            model_name="party",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=520),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
