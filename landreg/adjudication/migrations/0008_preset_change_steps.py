from django.db import migrations

from landreg.adjudication.profiles import PRESETS


def load(apps, schema_editor):
    """Give the preset profiles the steps of later changes, unless an administrator has already set some."""
    ProcedureProfile = apps.get_model("adjudication", "ProcedureProfile")
    for preset in PRESETS:
        profile = ProcedureProfile.objects.filter(code=preset["code"], change_steps={}).first()
        if profile is not None:
            profile.change_steps = preset["change_steps"]
            profile.change_notice_days = preset["change_notice_days"]
            profile.save(update_fields=["change_steps", "change_notice_days"])


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0007_later_change_applications")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
