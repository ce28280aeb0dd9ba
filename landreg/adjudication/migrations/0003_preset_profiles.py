from django.db import migrations

from landreg.adjudication.profiles import PRESETS


def load(apps, schema_editor):
    ProcedureProfile = apps.get_model("adjudication", "ProcedureProfile")
    for preset in PRESETS:
        data = dict(preset)
        # Presets are created once; an administrator's later edits are never overwritten.
        ProcedureProfile.objects.get_or_create(code=data.pop("code"), defaults=data)


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
