"""Claimants chosen from the register take their party's kind: a registered family or lineage was stored as
"natural" (the form's default), so the group checks at drafting and submission never saw it as a group."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def kind_of_party(apps, schema_editor):
    Claimant = apps.get_model("adjudication", "Claimant")
    Party = apps.get_model("parties", "Party")
    party_kind = Party.objects.filter(pk=OuterRef("party_id")).values("kind")[:1]
    Claimant.objects.filter(party__isnull=False).exclude(kind=Subquery(party_kind)).update(
        kind=Subquery(party_kind)
    )


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0032_minors_and_representatives"), ("parties", "0001_initial")]

    operations = [migrations.RunPython(kind_of_party, migrations.RunPython.noop)]
