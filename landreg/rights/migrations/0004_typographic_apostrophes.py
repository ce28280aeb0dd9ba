"""The default code list's French labels with the typographic apostrophe (’), as every French text of the
interface; a label an administrator changed since is left as they wrote it."""

from django.db import migrations

RENAMED = [
    ("waterrights", "Droit d'eau", "Droit d’eau"),
    ("monumentMaintenance", "Entretien d'ouvrage", "Entretien d’ouvrage"),
    ("waterwayMaintenance", "Entretien de cours d'eau", "Entretien de cours d’eau"),
]


def forward(apps, schema_editor):
    RightType = apps.get_model("rights", "RightType")
    for code, old, new in RENAMED:
        RightType.objects.filter(code=code, label_fr=old).update(label_fr=new)


def backward(apps, schema_editor):
    RightType = apps.get_model("rights", "RightType")
    for code, old, new in RENAMED:
        RightType.objects.filter(code=code, label_fr=new).update(label_fr=old)


class Migration(migrations.Migration):
    dependencies = [("rights", "0003_field_labels")]

    operations = [migrations.RunPython(forward, backward)]
