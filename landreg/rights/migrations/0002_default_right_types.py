from django.db import migrations

from landreg.rights.codelists import RIGHT_TYPES


def load(apps, schema_editor):
    RightType = apps.get_model("rights", "RightType")
    for code, kind, label_fr, label_en, is_secondary, ladm_code in RIGHT_TYPES:
        RightType.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "label_fr": label_fr,
                "label_en": label_en,
                "is_secondary": is_secondary,
                "ladm_code": ladm_code,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
