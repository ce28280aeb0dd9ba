"""What an agent must correct, sent back to the device with the next form download or sync.

Two kinds of records wait for the agent: ODK submissions the registry could not make a draft of (kept with
their reasons, `needs_correction`), and claims the land office returned at screening with its reasons. The
parcel survey carries them as a media file, `corrections.csv` (columns `name`, `label`, `reasons`), listed
in the form's manifest with its hash, so ODK Collect downloads it again when it changes; the form offers
them in a `select_one_from_file` question and shows the chosen one's reasons with `pulldata`. The sync API
lists the returned claims in each answer (`returned`).
"""

import csv
import io
import uuid
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from landreg.accounts.selectors import granted_paths
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.collect.instance import InstanceError, parse_instance
from landreg.collect.models import Submission, SubmissionState, SyncRecord
from landreg.core.db.id_lists import PrefixedBy
from landreg.core.db.kept import KeptQuery
from landreg.core.stored_messages import message_said
from landreg.territory.models import AdministrativeUnit, UnitLevel

FILENAME = "corrections.csv"


@dataclass(frozen=True)
class Correction:
    name: str  # the choice's value in the form: the submission's instanceID, or the claim's id
    label: str  # what the agent recognises the record by
    reasons: str


def returned_claims(*, agent, villages):
    """The claims this agent drafted that screening returned to them, with the land office's reasons."""
    return (
        Claim.objects.filter(created_by=agent, village__in=villages, state=ClaimState.RETURNED)
        # What the corrections and the sync's answer print of a claim: not its geometry nor its village
        # (every column of both was read and turned into objects on every sync pull).
        .only("local_name", "receipt_number", "return_reasons")
        .order_by("created_at", "pk")
    )


def corrections_for(*, agent, village) -> list[Correction]:
    held = Submission.objects.filter(
        agent=agent, village=village, state=SubmissionState.NEEDS_CORRECTION
    ).order_by("received_at", "pk")
    found = []
    for submission in held:
        try:
            local_name = parse_instance(submission.xml.encode()).local_name
        except InstanceError:
            local_name = ""
        received = date_format(localtime(submission.received_at), "SHORT_DATE_FORMAT")  # 05/12/2026
        label = _("%(name)s, sent on %(date)s") % {"name": local_name or _("record"), "date": received}
        # Sentences, each with its full stop (joined by « ; » they read « … Sabtenga-Centre.; Le contour … »).
        reasons = " ".join(message_said(reason) for reason in submission.reasons)
        found.append(Correction(submission.instance_id, label, reasons))
    for claim in returned_claims(agent=agent, villages=[village]):
        label = " — ".join(part for part in (claim.local_name, claim.receipt_number) if part) or str(claim.pk)
        found.append(Correction(str(claim.pk), label, claim.return_reasons))
    return found


def corrections_csv(*, agent, village) -> bytes:
    """The media file the form reads (UTF-8; a header row even when there is nothing to correct)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "label", "reasons"])
    for item in corrections_for(agent=agent, village=village):
        writer.writerow([item.name, item.label, item.reasons])
    return out.getvalue().encode("utf-8")


# The returned claims as the sync lists them (returned_claims' id and reasons, in the villages where the agent
# may record claims: villages_covered): every pull reads them, usually to find none, so the statement is built
# once per process on PostgreSQL (core.db.kept) and sent with the pull's other first read (collect.api). The
# placeholders: an account id no registry reaches, a path no unit has.
def _returned(agent, villages):
    return returned_claims(agent=agent, villages=villages).values_list("pk", "return_reasons")


def _villages_under(paths):
    return AdministrativeUnit.objects.filter(PrefixedBy("path", paths), level=UnitLevel.VILLAGE).values("pk")


_RETURNED = KeptQuery(
    lambda agent, paths: _returned(agent, _villages_under(paths)),
    agent=2**62 + 11,
    paths=[f"/{uuid.uuid4()}/"],
)
# A superuser's: in every village.
_RETURNED_ANYWHERE = KeptQuery(
    lambda agent: _returned(agent, AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE).values("pk")),
    agent=2**62 + 11,
)


def returned_read(agent) -> tuple[KeptQuery, dict] | None:
    """The kept read of the agent's returned claims (id, reasons) in the villages where they may record
    claims, as ``returned_claims(agent=agent, villages=villages_covered(agent, "record_claims"))``; None
    where they may record claims in no village (nothing to read)."""
    if agent.is_authenticated and agent.is_active and agent.is_superuser:
        return _RETURNED_ANYWHERE, {"agent": agent.pk}
    paths = granted_paths(agent, "record_claims")
    return (_RETURNED, {"agent": agent.pk, "paths": sorted(paths)}) if paths else None


def returned_with_client_ids(*, agent, claims: list[tuple]) -> list[dict]:
    """The returned claims as the sync API lists them: the claim's id, the device's id for it when it came
    through the sync API, and the reasons, from the claims' (id, reasons) as ``returned_read`` reads them: a
    sync pull builds no claim objects."""
    if not claims:  # the usual answer of a sync pull: no statement, nor the building of one, for the ids
        return []
    ids = dict(
        SyncRecord.objects.filter(agent=agent, claim__in=[pk for pk, _reasons in claims]).values_list(
            "claim_id", "client_id"
        )
    )
    return [
        {"claim_id": str(pk), "client_id": ids.get(pk), "return_reasons": reasons} for pk, reasons in claims
    ]
