from django.db import migrations, models
from django.db.models import Count


def refuse_duplicate_id_documents(apps, schema_editor):
    """Name the people recorded twice rather than fail on the constraint with a bare integrity error."""
    party = apps.get_model("parties", "Party")
    twice = (
        party.objects.filter(end_lifespan__isnull=True)
        .exclude(id_document_number="")
        .values("id_document_type", "id_document_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if twice.exists():
        listed = ", ".join(f"{d['id_document_type']} {d['id_document_number']}" for d in twice[:20])
        raise RuntimeError(
            "ID documents held by more than one current party: " + listed + ". Correct the numbers "
            "(a correction keeps the old version) or retire the duplicate records, then migrate. A demo "
            "database loaded before this migration repeats ID numbers: `make clean-demo` then `make demo`."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicate_id_documents, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="party",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("id_document_number", ""), _negated=True), ("end_lifespan__isnull", True)
                ),
                fields=("id_document_type", "id_document_number"),
                name="party_id_document_unique",
            ),
        ),
    ]
