"""The preset profiles' French texts with the typographic apostrophe (’), as every French text of the
interface (the certificate prints the signatory's title); a text an administrator changed since is kept."""

from django.db import migrations

RENAMED = [
    ("name", "Côte d'Ivoire — certificat foncier", "Côte d’Ivoire — certificat foncier"),
    ("signatory_title", "L'autorité signataire", "L’autorité signataire"),
]


def forward(apps, schema_editor):
    ProcedureProfile = apps.get_model("adjudication", "ProcedureProfile")
    for field, old, new in RENAMED:
        ProcedureProfile.objects.filter(**{field: old}).update(**{field: new})


def backward(apps, schema_editor):
    ProcedureProfile = apps.get_model("adjudication", "ProcedureProfile")
    for field, old, new in RENAMED:
        ProcedureProfile.objects.filter(**{field: new}).update(**{field: old})


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0026_claimant_search_columns")]

    operations = [migrations.RunPython(forward, backward)]
