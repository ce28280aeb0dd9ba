"""On PostgreSQL a GIN trigram index over a claimant's folded names, as over a party's (parties 0003): the
header search finds a part of a name written on a claim (« ouedr », « draog ») by a LIKE on them, beside the
word similarity of the key (0026's index; landreg.web.search.sql)."""

from django.db import migrations

INDEX = "claimant_search_name_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite reads the folded names with LIKE, no index (landreg.parties.name_search)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON adjudication_claimant USING gin (search_name gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0027_typographic_apostrophes")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
