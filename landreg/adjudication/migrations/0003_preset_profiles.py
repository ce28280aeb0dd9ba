from django.db import migrations

from landreg.adjudication.profiles import PRESETS


def load(apps, schema_editor):
    ProcedureProfile = apps.get_model("adjudication", "ProcedureProfile")
    # Only the fields this migration's model has: later migrations fill the fields they add.
    known = {f.name for f in ProcedureProfile._meta.get_fields()}
    for preset in PRESETS:
        data = {k: v for k, v in preset.items() if k in known}
        # Presets are created once; an administrator's later edits are never overwritten.
        ProcedureProfile.objects.get_or_create(code=data.pop("code"), defaults=data)


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
