"""A secondary right's missing holder kind, stored in the submissions' reasons as the registry's English
message, now quotes with “ ” (English) where it quoted with « » (French): the reasons stored before are
rewritten to the new message, so that ``core.stored_messages.message_said`` finds it again in the catalogue
and says it in the reader's language (the old text no longer matches any message and showed as stored)."""

import re

from django.db import migrations

OLD = re.compile(
    r"\ASecondary right of « (?P<holder>.+?) »: say whether the holder is a woman, a man or a group "
    r"\(update the form in ODK Collect: « Get blank form »\)\.\Z",
    re.S,
)
NEW = (
    "Secondary right of “{holder}”: say whether the holder is a woman, a man or a group "
    "(update the form in ODK Collect: “Get blank form”)."
)
OLD_FORMAT = (
    "Secondary right of « {holder} »: say whether the holder is a woman, a man or a group "
    "(update the form in ODK Collect: « Get blank form »)."
)
NEW_PATTERN = re.compile(
    r"\ASecondary right of “(?P<holder>.+?)”: say whether the holder is a woman, a man or a group "
    r"\(update the form in ODK Collect: “Get blank form”\)\.\Z",
    re.S,
)


def _rewritten(reason, pattern, template):
    found = pattern.match(reason) if isinstance(reason, str) else None
    return template.format(holder=found["holder"]) if found else reason


def _rewrite(apps, pattern, template):
    Submission = apps.get_model("collect", "Submission")
    changed = []
    for submission in Submission.objects.exclude(reasons=[]).only("id", "reasons").iterator(chunk_size=2000):
        reasons = [_rewritten(reason, pattern, template) for reason in submission.reasons]
        if reasons != submission.reasons:
            submission.reasons = reasons
            changed.append(submission)
    Submission.objects.bulk_update(changed, ["reasons"], batch_size=500)


def forward(apps, schema_editor):
    _rewrite(apps, OLD, NEW)


def backward(apps, schema_editor):
    _rewrite(apps, NEW_PATTERN, OLD_FORMAT)


class Migration(migrations.Migration):
    dependencies = [("collect", "0005_received_label")]

    operations = [migrations.RunPython(forward, backward)]
