from django.db import migrations

from landreg.adjudication.profiles import PRESETS


def load(apps, schema_editor):
    """Give the preset profiles a mortgage's steps and its deed (adjudication.profiles.PRESETS), unless an
    administrator has already set the mortgage's own: a mortgage went through no step and needed no paper."""
    ProcedureProfile = apps.get_model("adjudication", "ProcedureProfile")
    for preset in PRESETS:
        profile = ProcedureProfile.objects.filter(code=preset["code"]).first()
        if profile is None:
            continue
        fields = []
        if "mortgage" not in profile.change_steps and "mortgage" in preset["change_steps"]:
            profile.change_steps = {**profile.change_steps, "mortgage": preset["change_steps"]["mortgage"]}
            fields.append("change_steps")
        if "mortgage" not in profile.required_documents and "mortgage" in preset["required_documents"]:
            profile.required_documents = {
                **profile.required_documents,
                "mortgage": preset["required_documents"]["mortgage"],
            }
            fields.append("required_documents")
        if fields:
            profile.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0034_claim_purpose_mortgage")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
