"""States of a claim and the steps a procedure profile may list, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """Steps a profile orders between screening and the ready-for-certificate state."""

    PUBLIC_NOTICE = "public_notice", _("public notice")
    SITE_VERIFICATION = "site_verification", _("site verification")
    COMMITTEE_VALIDATION = "committee_validation", _("committee validation")
    AUTHORITY_APPROVAL = "authority_approval", _("authority approval")


class ClaimPurpose(models.TextChoices):
    """What an application asks for: a first registration, or a change to what is registered."""

    FIRST_REGISTRATION = "first_registration", _("first registration")
    INHERITANCE = "inheritance", _("inheritance")
    SALE = "sale", _("sale")
    DONATION = "donation", _("donation")
    SPLIT = "split", _("split of a parcel")
    MERGE = "merge", _("merge of parcels")
    LEASE = "lease", _("lease")
    LOAN = "loan", _("loan of land")
    MORTGAGE = "mortgage", _("mortgage")
    CORRECTION = "correction", _("correction of an error")


# Later changes a profile may put through a procedure (ProcedureProfile.change_steps), and the ones among
# them that name new holders (heirs, buyer, donee, lessee, borrower, the creditor of a mortgage).
CHANGE_KINDS = [p for p in ClaimPurpose.values if p != ClaimPurpose.FIRST_REGISTRATION]
TRANSFER_KINDS = [ClaimPurpose.INHERITANCE, ClaimPurpose.SALE, ClaimPurpose.DONATION]
KINDS_WITH_NEW_HOLDERS = [*TRANSFER_KINDS, ClaimPurpose.LEASE, ClaimPurpose.LOAN, ClaimPurpose.MORTGAGE]

# Steps whose documents a profile may require, including the application itself.
DOCUMENT_STEPS = ["application", *Step.values, *CHANGE_KINDS]


class ClaimState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    SCREENING = "screening", _("screening")
    RETURNED = "returned", _("returned to the agent")
    PUBLIC_NOTICE = "public_notice", _("public notice")
    SITE_VERIFICATION = "site_verification", _("site verification")
    COMMITTEE_VALIDATION = "committee_validation", _("committee validation")
    AUTHORITY_APPROVAL = "authority_approval", _("authority approval")
    READY_FOR_CERTIFICATE = "ready_for_certificate", _("ready for certificate")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    FROZEN = "frozen", _("frozen")


STATE_HELP = _(
    "draft: being recorded by the agent; submitted: lodged, receipt issued, awaiting screening; screening: "
    "being checked by the land office; returned: sent back to the agent with reasons; public notice: "
    "posted, objections accepted until the end date; site verification: the committee checks on site; "
    "committee validation: members vote; authority approval: awaiting the signing authority; ready for "
    "certificate: approved, the right is registered; rejected: refused with a coded reason; withdrawn: "
    "the applicant withdrew; frozen: held by a court case."
)

FINAL_STATES = {ClaimState.READY_FOR_CERTIFICATE, ClaimState.REJECTED, ClaimState.WITHDRAWN}


class RejectionReason(models.TextChoices):
    DUPLICATE = "duplicate", _("duplicate of another claim")
    OVERLAP = "overlap", _("overlaps a recorded parcel")
    NO_RIGHT = "no_right", _("the claimed right is not established")
    OBJECTION_UPHELD = "objection_upheld", _("an objection was upheld")
    COMMITTEE_VOTE = "committee_vote", _("the committee voted against")
    AUTHORITY_REFUSAL = "authority_refusal", _("refused by the signing authority")
    PUBLIC_LAND = "public_land", _("public or protected land")
    OTHER = "other", _("other reason")


class HomologationRule(models.TextChoices):
    """Whether the court's homologation of a procès-verbal of conciliation is part of the procedure."""

    NONE = "none", _("not part of the procedure")
    OPTIONAL = "optional", _("optional: the agreement takes effect when signed")
    REQUIRED = "required", _("required before the agreement takes effect")


class QuorumRule(models.TextChoices):
    MAJORITY = "majority", _("more than half of the votes cast approve")
    TWO_THIRDS = "two_thirds", _("at least two thirds of the votes cast approve")
    UNANIMITY = "unanimity", _("every vote cast approves")
