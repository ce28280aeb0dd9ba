"""Dispute cases: parties, what they concern, conciliation sessions, outcomes and an append-only timeline.

Every write goes through ``disputes.cases.services`` (opening, parties, documents) and
``disputes.cases.transitions`` (the moves of a case). While a case is open, ``disputes.cases.freeze`` holds
its parcels, claims and rights.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.adjudication.models import SignatureMark
from landreg.adjudication.states import HomologationRule
from landreg.core.history.append_only import AppendOnlyModel
from landreg.core.models import UUIDModel
from landreg.disputes.states import (
    STATUS_HELP,
    AgreedChange,
    DisputeKind,
    DisputeOrigin,
    DisputeRole,
    DisputeStatus,
    OutcomeKind,
    change_said,
)
from landreg.parties.models import PartyKind, Sex
from landreg.parties.role_words import role_said


class DisputeCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class DisputeCase(UUIDModel):
    number = models.CharField(_("case number"), max_length=64, unique=True)
    village = models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=DisputeKind.choices, default=DisputeKind.OTHER)
    origin = models.CharField(
        _("origin"), max_length=20, choices=DisputeOrigin.choices, default=DisputeOrigin.DIRECT
    )
    subject = models.TextField(_("subject"))
    grounds = models.TextField(_("grounds"), blank=True)
    status = models.CharField(
        pgettext_lazy("dispute case", "status"),
        max_length=20,
        choices=DisputeStatus.choices,
        default=DisputeStatus.OPEN,
        help_text=STATUS_HELP,
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    first_session_due = models.DateField(_("first session due by"), null=True, blank=True)
    conciliation_due = models.DateField(_("conciliation due by"), null=True, blank=True)
    # The day after the period in which a court may still be seized or a decision appealed (the profile's,
    # from the record of non-conciliation or the decision's date): the case may be declared final from then.
    final_from = models.DateField(_("may be declared final from"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("Set by the outcome; empty while the case is open."),
    )
    final = models.BooleanField(_("final"), default=False, help_text=_("No appeal is possible any more."))
    outcome_note = models.TextField(_("outcome"), blank=True)
    court_name = models.CharField(_("court"), max_length=200, blank=True)
    court_reference = models.CharField(_("court reference"), max_length=120, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    parcels = models.ManyToManyField(
        "parcels.Parcel", blank=True, related_name="dispute_cases", verbose_name=_("parcels")
    )
    claims = models.ManyToManyField(
        "adjudication.Claim", blank=True, related_name="dispute_cases", verbose_name=_("claims")
    )
    rights = models.ManyToManyField(
        "rights.Right", blank=True, related_name="dispute_cases", verbose_name=_("rights")
    )
    documents = models.ManyToManyField(
        "documents.Source", blank=True, related_name="dispute_cases", verbose_name=_("documents")
    )

    objects = DisputeCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute case")
        verbose_name_plural = _("dispute cases")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["village", "closed_at"])]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DisputeParty(models.Model):
    """A person in the case with their role; linked to a registered party when there is one."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(
        DisputeCase, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case")
    )
    role = models.CharField(pgettext_lazy("capacity", "role"), max_length=16, choices=DisputeRole.choices)
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    party = models.ForeignKey(
        "parties.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered party"),
    )
    represented_by = models.CharField(_("represented by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("party to a dispute")
        verbose_name_plural = _("parties to a dispute")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def role_said(self) -> str:
        """The party's role as the case's page and papers say it, agreed with the person (parties.role_words):
        « demandeuse », « héritière » for a woman; the neutral word for a man, for a family, lineage or other
        group (registered as such) and where the sex is not recorded. The sex read from the case, else from
        the registered person: the caller reads ``party`` with the row (select_related)."""
        kind = self.party.kind if self.party_id else PartyKind.NATURAL
        sex = self.sex or (self.party.sex if self.party_id else "")
        return role_said(self.role, kind=kind, sex=sex, otherwise=self.get_role_display())


class DisputeSession(UUIDModel):
    """A conciliation session: scheduled, then held with who was present and the minutes."""

    case = models.ForeignKey(
        DisputeCase, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("case")
    )
    scheduled_for = models.DateField(_("scheduled for"))
    place = models.CharField(_("place"), max_length=200)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    conciliators = models.TextField(_("conciliators present"), blank=True)
    language = models.CharField(_("language of the session"), max_length=64, blank=True)
    translation_language = models.CharField(
        pgettext_lazy("dispute session", "translated into"), max_length=64, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    # A session called off before it was held (transitions.session_cancel): when, and why. A session moved to
    # another day keeps its row (transitions.session_reschedule); its event keeps the day it had.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)

    class Meta:
        verbose_name = _("conciliation session")
        verbose_name_plural = _("conciliation sessions")
        ordering = ["scheduled_for", "created_at"]


class SessionPosition(models.Model):
    """Whether a party came to a held session, and what they said."""

    id = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(
        DisputeSession,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=pgettext_lazy("dispute session", "session"),
    )
    party = models.ForeignKey(
        DisputeParty, on_delete=models.PROTECT, related_name="positions", verbose_name=_("party")
    )
    present = models.BooleanField(_("present"))
    position = models.TextField(_("position"), blank=True)

    class Meta:
        verbose_name = _("position of a party")
        verbose_name_plural = _("positions of the parties")
        constraints = [models.UniqueConstraint(fields=["session", "party"], name="one_position_per_session")]

    def __str__(self):
        return f"{self.party.name}: {self.position}"


class DisputeOutcome(UUIDModel):
    """The signed record of an agreement, a non-conciliation or a court decision."""

    case = models.ForeignKey(
        DisputeCase, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("case")
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    decided_on = models.DateField(_("date"))
    summary = models.TextField(_("terms"))
    change = models.CharField(
        _("change to the register"), max_length=20, choices=AgreedChange.choices, default=AgreedChange.NONE
    )
    change_data = models.JSONField(
        pgettext_lazy("dispute outcome", "details of the change"), default=dict, blank=True
    )
    signatures = models.TextField(_("signatures and marks"), blank=True)
    document = models.ForeignKey(
        "documents.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    applied_at = models.DateTimeField(_("applied to the register at"), null=True, blank=True)
    # An agreement keeps the profile's rule on homologation in force when it was signed (the profile's
    # dispute_homologation): a later change of the profile does not alter a case in progress.
    homologation_rule = models.CharField(
        _("court's homologation"), max_length=16, choices=HomologationRule.choices, blank=True
    )

    class Meta:
        verbose_name = _("outcome of a dispute")
        verbose_name_plural = _("outcomes of disputes")
        ordering = ["decided_on", "created_at"]

    @property
    def change_said(self) -> str:
        """What the outcome changed in the register, as the pages and papers say it (states.change_said)."""
        return change_said(kind=self.kind, change=self.change)


class DisputeEvent(AppendOnlyModel):
    """One move of a case: append-only (``core.history.append_only``), written by the transition under the
    case's row lock."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(
        DisputeCase, on_delete=models.PROTECT, related_name="events", verbose_name=_("case")
    )
    move = models.CharField(_("move"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=DisputeStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=DisputeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    reason = models.TextField(_("note"), blank=True)
    occurred_at = models.DateTimeField(_("time"))
    audit_event = models.OneToOneField(
        "audit.AuditEvent", on_delete=models.PROTECT, related_name="+", verbose_name=_("audit event")
    )

    class Meta:
        verbose_name = _("dispute event")
        verbose_name_plural = _("dispute events")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.case.number} {self.move}"


class CourtRuling(AppendOnlyModel):
    """What a court ruled on an agreement, as the registry keeps it: the decision's date, court and reference,
    the judgement's scan (the register's proof of the court's act; rows recorded before it was required may
    have none), who recorded it and when.
    Written once under the case's row lock (``homologation``), never changed (append-only)."""

    id = models.BigAutoField(primary_key=True)
    decided_on = models.DateField(_("date of the court's decision"))
    court_name = models.CharField(_("court"), max_length=200)
    reference = models.CharField(_("reference of the decision"), max_length=120)
    document = models.ForeignKey(
        "documents.Source", on_delete=models.PROTECT, related_name="+", verbose_name=_("judgement")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.court_name} {self.reference} ({self.decided_on})"


class DisputeHomologation(CourtRuling):
    """The court's approval (homologation) of a procès-verbal of conciliation, which gives the agreement
    enforceable force. At most one per agreement (``homologation.homologate``)."""

    outcome = models.OneToOneField(
        DisputeOutcome,
        on_delete=models.PROTECT,
        related_name="homologation",
        verbose_name=_("agreement homologated"),
    )

    class Meta:
        verbose_name = _("homologation of a conciliation")
        verbose_name_plural = _("homologations of conciliations")


class HomologationRefusal(CourtRuling):
    """The court's refusal to homologate a procès-verbal of conciliation the procedure makes wait for it: the
    agreement never takes effect. At most one per agreement (``homologation.homologation_refuse``)."""

    outcome = models.OneToOneField(
        DisputeOutcome,
        on_delete=models.PROTECT,
        related_name="homologation_refusal",
        verbose_name=_("agreement refused"),
    )
    grounds = models.TextField(_("grounds of the refusal"), blank=True)

    class Meta:
        verbose_name = _("refusal to homologate a conciliation")
        verbose_name_plural = _("refusals to homologate conciliations")


# The marks a party signs a record with (those of the site record and the co-holders' consents), less a
# refusal: a party who refuses to sign has not signed.
SIGNED_MARKS = [(mark.value, mark.label) for mark in SignatureMark if mark != SignatureMark.REFUSED]


class JointWithdrawal(AppendOnlyModel):
    """The parties' joint withdrawal (désistement conjoint) of an agreement awaiting the court's homologation,
    signed by every party of the case (``marks``): the agreement never takes effect and the case closes as
    withdrawn. At most one per agreement; written once under the case's row lock
    (``joint_withdrawal.withdraw_jointly``), never changed (append-only)."""

    id = models.BigAutoField(primary_key=True)
    outcome = models.OneToOneField(
        DisputeOutcome,
        on_delete=models.PROTECT,
        related_name="joint_withdrawal",
        verbose_name=_("agreement withdrawn"),
    )
    signed_on = models.DateField(_("signed on"))
    reference = models.CharField(_("reference of the signed withdrawal"), max_length=120)
    document = models.ForeignKey(
        "documents.Source", on_delete=models.PROTECT, related_name="+", verbose_name=_("signed withdrawal")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("joint withdrawal of an agreement")
        verbose_name_plural = _("joint withdrawals of agreements")

    def __str__(self):
        return f"{self.reference} ({self.signed_on})"


class WithdrawalMark(AppendOnlyModel):
    """How one party of the case signed the joint withdrawal: signature, fingerprint or cross, and the
    reference of the mark (a captured fingerprint's, say) when there is one."""

    id = models.BigAutoField(primary_key=True)
    withdrawal = models.ForeignKey(
        JointWithdrawal, on_delete=models.PROTECT, related_name="marks", verbose_name=_("joint withdrawal")
    )
    party = models.ForeignKey(
        DisputeParty, on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    mark = models.CharField(_("signature or fingerprint"), max_length=16, choices=SIGNED_MARKS)
    mark_reference = models.CharField(_("mark reference"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("mark on a joint withdrawal")
        verbose_name_plural = _("marks on joint withdrawals")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["withdrawal", "party"], name="one_mark_per_party_and_withdrawal")
        ]

    @property
    def mark_word(self) -> str:
        """The mark as the paper and the page write it, in parentheses after the party's name: « croix », not
        the choice's explanation « croix (marque d'une personne qui n'écrit pas) » inside the parentheses."""
        return str(_("cross") if self.mark == SignatureMark.CROSS else self.get_mark_display())
