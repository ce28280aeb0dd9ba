"""Kinds, origins and states of a dispute case, the roles of its parties and the kinds of outcome."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DisputeKind(models.TextChoices):
    BOUNDARY = "boundary", pgettext_lazy("dispute kind", "boundary")
    OWNERSHIP = "ownership", _("ownership")
    INHERITANCE = "inheritance", _("inheritance")
    SECONDARY_RIGHT = "secondary_right", _("secondary right (loan, grazing, passage)")
    DOUBLE_CLAIM = "double_claim", _("double claim")
    OTHER = "other", _("other")


class DisputeOrigin(models.TextChoices):
    OBJECTION = "objection", _("objection during the public notice")
    SITE_VISIT = "site_visit", _("disagreement at the site verification")
    OVERLAP = "overlap", _("overlap found at screening or import")
    DIRECT = "direct", _("opened by the land office or the dispute administrator")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONCILIATION = "conciliation", _("in conciliation")
    CONCILIATED = "conciliated", _("conciliated")
    HOMOLOGATION_PENDING = "homologation_pending", _("agreement awaiting the court's homologation")
    NOT_CONCILIATED = "not_conciliated", _("not conciliated")
    IN_COURT = "in_court", _("referred to court")
    DECIDED = "decided", _("decided by the court")
    CLOSED = "closed", _("closed")
    # In context: a case ("dossier") is "retiré", the bare "withdrawn" a claim's ("demande", "retirée"); the
    # disputes catalogue, read before the adjudication one, gave claims its masculine.
    WITHDRAWN = "withdrawn", pgettext_lazy("dispute case", "withdrawn")


STATUS_HELP = _(
    "open: opened, no session yet; in conciliation: a session is scheduled or held; conciliated: the "
    "parties agreed (signed record); agreement awaiting the court's homologation: the record is signed, but "
    "the procedure gives the agreement effect only once a court homologates it (a refusal brings the case "
    "to non-conciliation); not conciliated: no agreement, the way to the court is open; referred to court: "
    "a court is seized; decided by the court: the decision is recorded (an appeal reopens it); closed: "
    "final; withdrawn: the complainant withdrew, or all the parties together withdrew an agreement awaiting "
    "homologation. The parcels, claims and rights of a case stay frozen until its outcome (conciliated, "
    "decided, closed or withdrawn)."
)

# A case in these states holds its parcels, claims and rights frozen (``closed_at`` is empty).
OPEN_STATES = {
    DisputeStatus.OPEN,
    DisputeStatus.CONCILIATION,
    DisputeStatus.HOMOLOGATION_PENDING,
    DisputeStatus.NOT_CONCILIATED,
    DisputeStatus.IN_COURT,
}


class DisputeRole(models.TextChoices):
    CLAIMANT = "claimant", _("claimant")
    OBJECTOR = "objector", _("objector")
    NEIGHBOUR = "neighbour", _("neighbour")
    HEIR = "heir", _("heir")
    HOLDER = "holder", _("holder")
    OTHER = "other", _("other party")


class OutcomeKind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement (conciliation)")
    NON_CONCILIATION = "non_conciliation", _("non-conciliation")
    COURT_DECISION = "court_decision", _("court decision")


class AgreedChange(models.TextChoices):
    """What an agreement or a decision changes in the register (applied by ``disputes.outcomes.changes``)."""

    NONE = "none", _("nothing to change in the register")
    BOUNDARY = "boundary", _("revised boundary")
    WITHDRAW_CLAIM = "withdraw_claim", _("the claim is withdrawn")
    WITHDRAW_OBJECTION = "withdraw_objection", _("the objection is withdrawn")
    # The objector withdraws an objection, agreed at the conciliation; a court does not withdraw it, it rules
    # on it: a decision against the objection rejects it. The register is changed no more than by a
    # withdrawal (the case's closing releases the claim); only a court decision says it.
    REJECT_OBJECTION = "reject_objection", _("the objection is rejected")
    # A neighbour's disagreement at the site verification is not an objection: an objection (opposition) is
    # lodged during the public notice, in its window and not after, while the site verification comes after
    # the notice and records the neighbour's word in its procès-verbal. Agreed, the disagreement is lifted;
    # the register is changed no more than by an objection withdrawn (the case's closing releases the claim).
    LIFT_DISAGREEMENT = "lift_disagreement", _("the disagreement is lifted")
    SHARES = "shares", _("revised holders or shares")
    END_RIGHT = "end_right", _("the right ends")


# A court decision recorded with « the claim is withdrawn » before the court's choices left it out:
# withdrawing a claim is its applicant's act, never a court's (outcomes.changes.change_refusal). The register
# wrote the claim withdrawn and the chained history keeps it so: those decisions are said as what they did,
# nothing rewritten.
COURT_CLOSED_CLAIM = _("the claim is closed by the court's decision (entered in the register as withdrawn)")


def change_said(*, kind: str, change: str) -> str:
    """An outcome's change to the register as the pages, the papers and the claim's history say it."""
    if kind == OutcomeKind.COURT_DECISION and change == AgreedChange.WITHDRAW_CLAIM:
        return str(COURT_CLOSED_CLAIM)
    return str(AgreedChange(change).label)
