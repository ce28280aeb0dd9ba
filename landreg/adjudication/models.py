"""Procedure profiles (data, one per country plus a generic one) and the claims they drive."""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from landreg.adjudication.profile_rules import validate_profile
from landreg.adjudication.site.remarks import remark_said
from landreg.adjudication.states import (
    STATE_HELP,
    ClaimPurpose,
    ClaimState,
    HomologationRule,
    QuorumRule,
    RejectionReason,
)
from landreg.core.geometry import projected_area_m2
from landreg.core.history.append_only import AppendOnlyModel
from landreg.core.models import UUIDModel
from landreg.core.shares import ShareMixin
from landreg.parcels.models import LandUse, SurveyMethod
from landreg.parties.minority import OLDEST_MAJORITY_AGE
from landreg.parties.models import (
    GroupType,
    IdDocumentType,
    PartyKind,
    RepresentationBasis,
    Sex,
    search_columns,
)
from landreg.rights.models import TenureSystem
from landreg.territory.models import UnitLevel


class ProcedureProfile(models.Model):
    """The legal procedure of a country as data. Transitions read it; no country is named in code."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    country_code = models.CharField(
        _("country code"),
        max_length=8,
        blank=True,
        help_text=_("Communes of the country with this unit code use the profile unless one is assigned."),
    )
    certificate_name = models.CharField(_("certificate name"), max_length=200)
    steps = models.JSONField(
        _("steps in order"),
        help_text=_("Steps after screening, e.g. public_notice, site_verification, committee_validation."),
    )
    notice_days = models.PositiveSmallIntegerField(_("public notice length (days)"))
    overdue_after_days = models.PositiveSmallIntegerField(
        _("overdue after (days)"),
        default=30,
        help_text=_(
            "A claim waiting longer than this at a step (screening, return to the agent, site verification, "
            "committee, approval) is shown as overdue on the home page of whoever must act on it."
        ),
    )
    change_steps = models.JSONField(
        _("steps of later changes"),
        default=dict,
        blank=True,
        help_text=_(
            "Kind of change (inheritance, sale, split, merge, lease, loan, correction…) → its steps, "
            "in order. A kind not listed, or with no step, is recorded directly by the land office."
        ),
    )
    change_notice_days = models.PositiveSmallIntegerField(
        _("public notice length of a later change (days)"), default=30
    )
    required_documents = models.JSONField(
        _("required documents per step"),
        default=dict,
        blank=True,
        help_text=_("Step code → list of document types that must be attached before leaving it."),
    )
    quorum_min_votes = models.PositiveSmallIntegerField(_("quorum: minimum votes cast"), default=3)
    quorum_rule = models.CharField(
        _("approval rule"), max_length=16, choices=QuorumRule.choices, default=QuorumRule.MAJORITY
    )
    president_signature_required = models.BooleanField(
        _("president's signature required"),
        default=True,
        help_text=_("If set, only the committee president may close the vote."),
    )
    certificate_signature_required = models.BooleanField(
        _("certificate in force only once signed"),
        default=True,
        help_text=_(
            "If set, a certificate is shown as not yet in force until the signing authority has signed it."
        ),
    )
    signatory_title = models.CharField(
        _("signing authority"), max_length=120, help_text=_("Who signs, e.g. “Le Maire”.")
    )
    certificate_number_format = models.CharField(
        _("certificate numbering"),
        max_length=120,
        default="{commune}-{village}-{seq:05d}",
        help_text=_("Placeholders: {country}, {commune}, {village}, {year}, {seq}."),
    )
    certificate_language = models.CharField(
        _("certificate language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_(
            "The language of the certificates' headings, labels and code words (sex, land use…). The "
            "certificate name, the signing authority and the legal basis are printed as written here."
        ),
    )
    legal_basis = models.TextField(_("legal basis"), help_text=_("Law and articles the right rests on."))
    overlap_tolerance_m2 = models.FloatField(_("overlap tolerance (m²)"), default=5.0)
    overlap_tolerance_pct = models.FloatField(_("overlap tolerance (% of the parcel)"), default=1.0)
    neighbour_gap_m = models.FloatField(_("neighbour gap tolerance (m)"), default=5.0)
    min_parcel_area_m2 = models.FloatField(
        _("smallest parcel (m²)"),
        null=True,
        blank=True,
        help_text=_("A boundary enclosing less is refused. Empty: the registry's setting (0.1 m²)."),
    )
    max_parcel_area_m2 = models.FloatField(
        _("largest parcel (m²)"),
        null=True,
        blank=True,
        help_text=_("A boundary enclosing more is refused. Empty: the registry's setting (10,000 ha)."),
    )
    spouse_consent_required = models.BooleanField(
        _("spouse's consent required"),
        default=False,
        help_text=_(
            "If set, a sale, donation, lease or split also needs the consent of the spouse of each married "
            "holder (the co-holders of a joint or collective right always consent)."
        ),
    )
    majority_age = models.PositiveSmallIntegerField(
        _("age of majority (years)"),
        default=18,
        validators=[MinValueValidator(10), MaxValueValidator(OLDEST_MAJORITY_AGE)],
        help_text=_(
            "A holder younger than this on the day of an act is a minor: their legal representative (father, "
            "mother or guardian) is named for them, consents for them and is printed on the certificate."
        ),
    )
    conciliation_body = models.CharField(
        _("conciliation body"),
        max_length=200,
        default="Commission de conciliation",
        help_text=_("Who hears disputes first, e.g. “Commission de conciliation foncière villageoise”."),
    )
    dispute_first_session_days = models.PositiveSmallIntegerField(
        _("first conciliation session within (days)"), default=15
    )
    dispute_conciliation_days = models.PositiveSmallIntegerField(
        _("conciliation concluded within (days)"), default=45
    )
    dispute_court_days = models.PositiveSmallIntegerField(
        _("court seized within (days) after non-conciliation"),
        null=True,
        blank=True,
        help_text=_(
            "After a record of non-conciliation, a party may take the dispute to court within this period: "
            "the case can be declared final only once it is over. Empty: no period kept by the registry."
        ),
    )
    dispute_appeal_days = models.PositiveSmallIntegerField(
        _("appeal period (days)"),
        null=True,
        blank=True,
        help_text=_(
            "A court decision may be appealed within this period from its date: the case can be declared "
            "final only once it is over. Empty: no period kept by the registry."
        ),
    )
    dispute_homologation = models.CharField(
        _("court's homologation of a conciliation"),
        max_length=16,
        choices=HomologationRule.choices,
        default=HomologationRule.OPTIONAL,
        help_text=_(
            "Not part of the procedure: the registry records no homologation. Optional: the agreement takes "
            "effect when its record is signed, a court's homologation may be recorded later. Required: the "
            "signed agreement waits for the court's homologation (the land stays frozen) and takes effect "
            "only then; a refusal of the court brings the case to non-conciliation. A case keeps the rule in "
            "force when its agreement was signed."
        ),
    )
    dispute_new_notice = models.BooleanField(
        _("new public notice after an agreement that changes a claim"),
        default=True,
        help_text=_("If set, a claim whose boundary or holders an agreement revised is posted again."),
    )
    holders_public = models.BooleanField(
        _("holders' names in the public register"),
        default=False,
        help_text=_(
            "Set only where the law makes the register's holders public: the public register then shows "
            "the holders' names of each parcel (never an ID number, a birth date or a document)."
        ),
    )

    class Meta:
        verbose_name = _("procedure profile")
        verbose_name_plural = _("procedure profiles")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        validate_profile(self)
        # A country has one default profile: with two, the first by code silently became the procedure of
        # every commune of the country without one assigned (profiles._profiles_of), so a pilot profile made
        # for one commune changed the law of all the others.
        default = (
            ProcedureProfile.objects.filter(country_code=self.country_code).exclude(pk=self.pk).first()
            if self.country_code
            else None
        )
        if default is not None:
            raise ValidationError(
                {
                    "country_code": _(
                        "“%(name)s” is already the procedure of the communes of %(country)s that have "
                        "none assigned. Leave the country code empty and assign this profile to its "
                        "communes under “Procedures of communes”."
                    )
                    % {"name": default.name, "country": self.country_code}
                }
            )


class CommuneProcedure(models.Model):
    """The profile a commune uses (overrides the country default)."""

    commune = models.OneToOneField(
        "territory.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="procedure",
        verbose_name=_("commune"),
        # Only a commune has a procedure (profiles.profile_assign): the admin's list offers no other unit.
        limit_choices_to={"level": UnitLevel.COMMUNE},
    )
    profile = models.ForeignKey(
        ProcedureProfile,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("procedure profile"),
    )

    class Meta:
        verbose_name = _("procedure of a commune")
        verbose_name_plural = _("procedures of communes")

    def __str__(self):
        return f"{self.commune} → {self.profile}"


def lodged_by_office(purpose: str) -> bool:
    """Whether an application of this purpose is lodged by the land office itself: a later change (a sale, a
    lease, a correction…), where a field agent lodges a first claim. ``Claim.is_change`` and
    ``Claim.lodging_permission`` rest on it, and ``claim_state_said`` reads it from a list's values."""
    return purpose != ClaimPurpose.FIRST_REGISTRATION


def claim_state_said(*, state: str, purpose: str) -> str:
    """A claim's state as the pages say it, from its values (lists read them without the row). A lease, a loan
    or a mortgage applied waits for no certificate (none is issued for a secondary right or a restriction):
    its page said « prête pour le certificat » and the print queue had no row; the claims list and the
    person's page went on saying it. A later change returned at screening goes back to the land office's desk
    that lodged it (``Claim.lodged_by_office``), not to an agent."""
    if state == ClaimState.READY_FOR_CERTIFICATE and purpose in (
        ClaimPurpose.LEASE,
        ClaimPurpose.LOAN,
        ClaimPurpose.MORTGAGE,
    ):
        return str(_("recorded in the register"))
    if state == ClaimState.RETURNED and lodged_by_office(purpose):
        return str(_("returned to the office desk"))  # no agent lodged it
    return str(ClaimState(state).label) if state in ClaimState.values else state


class Claim(UUIDModel):
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    profile = models.ForeignKey(ProcedureProfile, verbose_name=_("procedure"), on_delete=models.PROTECT)
    state = models.CharField(
        _("state"), max_length=24, choices=ClaimState.choices, default=ClaimState.DRAFT, help_text=STATE_HELP
    )
    purpose = models.CharField(
        _("purpose"), max_length=24, choices=ClaimPurpose.choices, default=ClaimPurpose.FIRST_REGISTRATION
    )
    receipt_number = models.CharField(_("receipt number"), max_length=64, unique=True, null=True, blank=True)
    parcel_number = models.CharField(
        _("parcel number"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Reserved at screening."),
    )
    geometry = models.PolygonField(_("claimed boundary"), srid=4326)
    land_use = models.CharField(_("land use"), max_length=32, choices=LandUse.choices, default="cropland")
    survey_method = models.CharField(
        _("survey method"), max_length=16, choices=SurveyMethod.choices, default=SurveyMethod.UNKNOWN
    )
    local_name = models.CharField(_("local name / place"), max_length=200, blank=True)
    right_type = models.ForeignKey(
        "rights.RightType", verbose_name=_("right claimed"), on_delete=models.PROTECT
    )
    tenure_system = models.CharField(
        _("tenure system"), max_length=16, choices=TenureSystem.choices, default="customary"
    )
    limit_north = models.CharField(_("limit to the north"), max_length=200, blank=True)
    limit_east = models.CharField(_("limit to the east"), max_length=200, blank=True)
    limit_south = models.CharField(_("limit to the south"), max_length=200, blank=True)
    limit_west = models.CharField(_("limit to the west"), max_length=200, blank=True)
    notice_start = models.DateField(_("public notice from"), null=True, blank=True)
    notice_end = models.DateField(_("public notice until"), null=True, blank=True)
    frozen_from = models.CharField(
        max_length=24, choices=ClaimState.choices, blank=True, verbose_name=_("state before the freeze")
    )
    # A claim comes back before its committee when a dispute's agreement revised its boundary and posted its
    # notice again (notice_restart) after members had voted: the votes cast on the boundary that was are not
    # a vote on the claim that is. Each coming back after votes were cast opens a new round (transitions.
    # _advance); only the current round's votes count (committee.votes.tally), each member voting once in it.
    committee_round = models.PositiveSmallIntegerField(
        _("committee round"),
        default=1,
        editable=False,
        help_text=_(
            "Which time the claim is before its committee: one more each time it comes back after votes were "
            "cast (its boundary revised by a dispute's agreement). Only the current round's votes count."
        ),
    )
    return_reasons = models.TextField(_("reasons for return"), blank=True)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=24, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.TextField(_("rejection note"), blank=True)
    parcel = models.ForeignKey(
        "parcels.Parcel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("parcel"),
    )
    right = models.ForeignKey(
        "rights.Right",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("right registered"),
    )
    documents = models.ManyToManyField(
        "documents.Source", blank=True, related_name="claims", verbose_name=_("documents")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    # What a later change acts on and what it wrote once approved (empty for a first registration).
    subject_right = models.ForeignKey(
        "rights.Right",
        verbose_name=_("right concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_applications",
    )
    subject_parcels = models.ManyToManyField(
        "parcels.Parcel", verbose_name=_("parcels concerned"), blank=True, related_name="change_applications"
    )
    subject_party = models.ForeignKey(
        "parties.Party",
        verbose_name=_("person or group corrected"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_applications",
    )
    change_data = models.JSONField(
        _("details of the change"),
        default=dict,
        blank=True,
        help_text=_("Reason, parts of a split, corrected fields, dates and legal basis of a lease."),
    )
    transfer = models.OneToOneField(
        "Transfer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
        verbose_name=_("transfer"),
    )
    parcel_change = models.OneToOneField(
        "ParcelChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
        verbose_name=_("split or merge"),
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["village", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_end__isnull=True) | Q(notice_end__gte=models.F("notice_start")),
                name="claim_notice_ordered",
            ),
            # A later change keeps the numbers of the parcels it concerns; only first claims reserve one.
            models.CheckConstraint(
                condition=Q(purpose=ClaimPurpose.FIRST_REGISTRATION) | Q(parcel_number__isnull=True),
                name="claim_change_reserves_no_number",
            ),
        ]

    def __str__(self):
        return self.receipt_number or str(self.pk)[:8]

    @property
    def is_change(self) -> bool:
        return lodged_by_office(self.purpose)

    @property
    def change_heading(self) -> str:
        """An application for a change named by its kind and its parcels (« Vente — parcelle SAB-C-00012 »),
        as the page that drafts it is: a draft has no receipt number yet, and its page was titled by a
        fragment of its id."""
        numbers = [p.number for p in self.subject_parcels.all()]
        parcels = ngettext("parcel %(numbers)s", "parcels %(numbers)s", len(numbers)) % {
            "numbers": ", ".join(numbers)
        }
        return f"{capfirst(self.get_purpose_display())} — {parcels}"

    @property
    def state_said(self) -> str:
        """The state as the pages say it (see ``claim_state_said``)."""
        return claim_state_said(state=self.state, purpose=self.purpose)

    @property
    def lodging_permission(self) -> str:
        """Field agents lodge first claims; the land office lodges later changes."""
        return "record_transactions" if self.is_change else "record_claims"

    @property
    def lodged_by_office(self) -> bool:
        """Lodged by the land office itself (a later change), not by a field agent: a return sends it back to
        the office's desk, which completes it and submits it again."""
        return lodged_by_office(self.purpose)

    @property
    def steps(self) -> list[str]:
        """The profile's steps for what this application asks."""
        if self.is_change:
            return list(self.profile.change_steps.get(self.purpose, []))
        return list(self.profile.steps)

    @property
    def notice_days(self) -> int:
        return self.profile.change_notice_days if self.is_change else self.profile.notice_days

    @property
    def area_m2(self) -> float:
        """The claimed boundary's area, in the projected CRS of the place (as parcels compute theirs)."""
        return projected_area_m2(self.geometry)[0]

    @property
    def applicants(self):
        return [c for c in self.claimants.all() if c.role == ClaimantRole.HOLDER]


class ClaimantRole(models.TextChoices):
    HOLDER = "holder", _("claimant (future holder)")
    MEMBER = "member", _("member of the claiming group")
    MANDATARY = "mandatary", _("mandatary of the group (also a member)")
    WITNESS = "witness", _("witness")


class Claimant(ShareMixin):
    """A person named on a claim. Becomes (or is linked to) a registered party only on approval."""

    id = models.BigAutoField(primary_key=True)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="claimants", verbose_name=_("claim")
    )
    role = models.CharField(
        pgettext_lazy("capacity", "role"),
        max_length=16,
        choices=ClaimantRole.choices,
        default=ClaimantRole.HOLDER,
    )
    party = models.ForeignKey(
        "parties.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Set when the person is already registered, or on approval."),
        verbose_name=_("registered party"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices, default=PartyKind.NATURAL)
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    group_type = models.CharField(_("group type"), max_length=16, choices=GroupType.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=200, blank=True)
    id_document_type = models.CharField(
        _("ID document"), max_length=32, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("ID document number"), max_length=64, blank=True)
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    domicile = models.CharField(_("domicile"), max_length=200, blank=True)
    # A minor on the day of the act is named with their legal representative, recorded for them on approval
    # (parties.LegalRepresentation): the change application refuses a minor heir without one.
    representative_name = models.CharField(_("legal representative"), max_length=200, blank=True)
    representative_basis = models.CharField(
        _("basis of the representation"), max_length=32, choices=RepresentationBasis.choices, blank=True
    )
    representative_reference = models.CharField(
        _("reference of the deliberation or judgment"), max_length=200, blank=True
    )
    # Derived from the names on every write, as a party's (parties.models.search_columns): the header search
    # finds a claim by the name of a person not registered yet (web.search); never typed.
    search_name = models.CharField(
        max_length=520, blank=True, editable=False, verbose_name=_("name for searching")
    )
    name_key = models.CharField(
        max_length=520, blank=True, editable=False, verbose_name=_("name key (spelling variants)")
    )

    class Meta:
        verbose_name = _("claimant")
        verbose_name_plural = _("claimants")
        constraints = [
            *ShareMixin.Meta.constraints,
            # A person not yet registered becomes a party at approval, which needs the sex (and the
            # statistics count holdings by sex): it is asked when the claim is drafted.
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.NATURAL)
                | Q(party__isnull=False)
                | Q(sex__in=[Sex.FEMALE, Sex.MALE]),
                name="claimant_new_person_has_sex",
            ),
        ]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        # The search columns follow the names, whatever the path that saves the row (a bulk insert sets
        # them itself: claims.services.claimant_values).
        self.search_name, self.name_key = search_columns(self.last_name, self.first_names, self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_name", "name_key"}
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        """What the notice board may show: the name only."""
        if self.party_id:
            return self.party.display_name
        if self.kind == PartyKind.NATURAL:
            return f"{self.last_name.upper()} {self.first_names}".strip()
        return self.name


class ClaimSecondaryRight(models.Model):
    """A secondary right found on the claimed land (grazing, passage, gathering, loan…), registered beside
    the primary right when the claim is approved. Its holder is a registered party or named here."""

    id = models.BigAutoField(primary_key=True)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="secondary_rights", verbose_name=_("claim")
    )
    right_type = models.ForeignKey(
        "rights.RightType",
        verbose_name=_("secondary right"),
        on_delete=models.PROTECT,
        limit_choices_to={"is_secondary": True},
    )
    party = models.ForeignKey(
        "parties.Party",
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices, default=PartyKind.NATURAL)
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    group_type = models.CharField(_("group type"), max_length=16, choices=GroupType.choices, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    right = models.ForeignKey(
        "rights.Right",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("right registered"),
    )

    class Meta:
        verbose_name = _("secondary right claimed")
        verbose_name_plural = _("secondary rights claimed")
        constraints = [
            models.CheckConstraint(
                condition=Q(party__isnull=False)
                | (Q(kind=PartyKind.NATURAL) & ~Q(last_name="") & Q(sex__in=[Sex.FEMALE, Sex.MALE]))
                | (Q(kind=PartyKind.GROUP) & ~Q(name="") & ~Q(group_type=""))
                | (Q(kind=PartyKind.NON_NATURAL) & ~Q(name="")),
                name="claim_secondary_right_has_holder",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="claim_secondary_right_dates_ordered",
            ),
        ]

    @property
    def holder_name(self) -> str:
        if self.party_id:
            return self.party.display_name
        if self.kind == PartyKind.NATURAL:
            return f"{self.last_name.upper()} {self.first_names}".strip()
        return self.name


class ClaimEvent(AppendOnlyModel):
    """One move of a claim: append-only (``core.history.append_only``), written by the transition under the
    claim's row lock."""

    id = models.BigAutoField(primary_key=True)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events", verbose_name=_("claim"))
    move = models.CharField(_("move"), max_length=40)
    from_state = models.CharField(_("from"), max_length=24, choices=ClaimState.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=ClaimState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    reason = models.TextField(_("reason"), blank=True)
    occurred_at = models.DateTimeField(_("time"))
    # When the claim entered the state this move leaves (its previous move; empty for its first move): the
    # statistics take the time spent in each step from it without sorting every move of the commune.
    previous_at = models.DateTimeField(_("previous move"), null=True, blank=True, editable=False)
    audit_event = models.OneToOneField(
        "audit.AuditEvent", on_delete=models.PROTECT, related_name="+", verbose_name=_("audit event")
    )

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["occurred_at", "id"]
        indexes = [
            # The stays that ended in a period (time in each step), read from the index alone. Every column
            # in the key, not in INCLUDE, which Django leaves out on SQLite: there the time in each step took
            # 2.6 s for a commune of 50,000 parcels with the INCLUDE index, 0.8 s with this one.
            models.Index(
                fields=["occurred_at", "claim", "from_state", "previous_at"],
                condition=models.Q(previous_at__isnull=False),
                name="claimevent_stay_ended_key_idx",
            ),
            # The claims lodged and approved in a period (the statistics' activity per month and village):
            # those two moves only, every column the count reads in the key, so SQLite (which has no INCLUDE)
            # reads them from the index alone as PostgreSQL does.
            models.Index(
                fields=["occurred_at", "claim", "move", "from_state", "to_state"],
                condition=Q(move="submit", from_state=ClaimState.DRAFT)
                | Q(to_state=ClaimState.READY_FOR_CERTIFICATE),
                name="claimevent_lodged_approved_idx",
            ),
        ]


class Objection(UUIDModel):
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="objections", verbose_name=_("claim")
    )
    objector_name = models.CharField(_("objector"), max_length=200)
    objector_id_reference = models.CharField(
        _("objector's ID reference"), max_length=120, help_text=_("How the objector was identified.")
    )
    objector_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("objector's account"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    grounds = models.TextField(_("grounds"))
    lodged_on = models.DateField(_("lodged on"))
    documents = models.ManyToManyField(
        "documents.Source", blank=True, related_name="objections", verbose_name=_("documents")
    )
    dispute = models.OneToOneField(
        "disputes.DisputeCase",
        on_delete=models.PROTECT,
        related_name="objection",
        verbose_name=_("dispute case"),
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["lodged_on"]

    def __str__(self):
        return f"{self.objector_name} → {self.claim}"

    @property
    def is_open(self) -> bool:
        return self.dispute.is_open


class AttendeeRole(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    NEIGHBOUR = "neighbour", _("neighbour")
    NOTABLE = "notable", _("notable")
    CUSTOMARY_AUTHORITY = "customary_authority", _("customary authority")
    COMMITTEE_MEMBER = "committee_member", _("committee member")


class SignatureMark(models.TextChoices):
    SIGNATURE = "signature", _("signature")
    FINGERPRINT = "fingerprint", _("fingerprint")
    CROSS = "cross", _("cross (mark of a person who does not write)")
    REFUSED = "refused", _("refused to sign")


class AttendanceMark(models.TextChoices):
    """How a person called to the site verification stands on its record: the marks of ``SignatureMark``,
    or absent (called but did not come: the record says so, and an absence is no agreement and no
    objection)."""

    SIGNATURE = "signature", _("signature")
    FINGERPRINT = "fingerprint", _("fingerprint")
    CROSS = "cross", _("cross (mark of a person who does not write)")
    REFUSED = "refused", _("refused to sign")
    ABSENT = "absent", _("absent (called, did not come)")


class Direction(models.TextChoices):
    NORTH = "N", _("north")
    EAST = "E", _("east")
    SOUTH = "S", _("south")
    WEST = "W", _("west")


class SiteVisit(UUIDModel):
    """The procès-verbal of the contradictory site verification."""

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="site_visits", verbose_name=_("claim")
    )
    visit_date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    language = models.CharField(_("language of the hearing"), max_length=64)
    translated = models.BooleanField(_("translated"), default=False)
    translation_language = models.CharField(_("translated into"), max_length=64, blank=True)
    notes = models.TextField(_("observations"), blank=True)
    documents = models.ManyToManyField(
        "documents.Source", blank=True, related_name="site_visits", verbose_name=_("documents")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    dispute = models.OneToOneField(
        "disputes.DisputeCase",
        verbose_name=_("boundary dispute opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="site_visit",
        help_text=_(
            "The case opened because someone present disagreed with the limits (the record's outcome)."
        ),
    )

    class Meta:
        verbose_name = _("site verification record")
        verbose_name_plural = _("site verification records")
        ordering = ["visit_date"]

    @property
    def present(self) -> list:
        return [a for a in self.attendees.all() if a.mark != AttendanceMark.ABSENT]


class SiteAttendee(models.Model):
    id = models.BigAutoField(primary_key=True)
    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("site visit")
    )
    role = models.CharField(pgettext_lazy("capacity", "role"), max_length=24, choices=AttendeeRole.choices)
    name = models.CharField(_("name"), max_length=200)
    neighbour_parcel = models.ForeignKey(
        "parcels.Parcel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("neighbour's parcel"),
    )
    direction = models.CharField(_("side"), max_length=1, choices=Direction.choices, blank=True)
    agrees = models.BooleanField(_("agrees with the limits"))
    remark = models.TextField(_("remark"), blank=True)
    mark = models.CharField(_("signature or fingerprint"), max_length=16, choices=AttendanceMark.choices)
    mark_reference = models.CharField(_("mark reference"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    @property
    def remark_said(self) -> str:
        """The remark in the reader's language when it is one the registry proposed (site.remarks)."""
        return remark_said(self.remark)


class VoteDecision(models.TextChoices):
    APPROVE = "approve", _("approve")
    REJECT = "reject", _("reject")


class CommitteeVote(models.Model):
    id = models.BigAutoField(primary_key=True)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="votes", verbose_name=_("claim"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("committee member"),
    )
    decision = models.CharField(_("decision"), max_length=8, choices=VoteDecision.choices)
    reason = models.TextField(_("reason"))
    cast_at = models.DateTimeField(_("cast at"))
    round = models.PositiveSmallIntegerField(
        _("committee round"), default=1, help_text=_("The claim's committee round the vote was cast in.")
    )

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "member", "round"], name="vote_once_per_member_and_round"
            )
        ]


class TransferKind(models.TextChoices):
    INHERITANCE = "inheritance", _("inheritance")
    SALE = "sale", _("sale")
    DONATION = "donation", _("donation")


class Transfer(UUIDModel):
    """A later change of holders: the old right ends, a new one begins; both stay in the history."""

    kind = models.CharField(pgettext_lazy("change", "kind"), max_length=16, choices=TransferKind.choices)
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.PROTECT, related_name="+", verbose_name=_("parcel")
    )
    old_right = models.OneToOneField(
        "rights.Right", on_delete=models.PROTECT, related_name="transfer_out", verbose_name=_("old right")
    )
    new_right = models.OneToOneField(
        "rights.Right", on_delete=models.PROTECT, related_name="transfer_in", verbose_name=_("new right")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    reason = models.TextField(_("reason"))
    documents = models.ManyToManyField(
        "documents.Source", blank=True, related_name="transfers", verbose_name=_("documents")
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")


class ParcelChangeKind(models.TextChoices):
    SPLIT = "split", _("split")
    MERGE = "merge", _("merge")


class ParcelChange(UUIDModel):
    """A split or merge: the old parcels are retired, the new ones carry copies of their current rights."""

    kind = models.CharField(pgettext_lazy("change", "kind"), max_length=8, choices=ParcelChangeKind.choices)
    old_parcels = models.ManyToManyField("parcels.Parcel", related_name="+", verbose_name=_("old parcels"))
    new_parcels = models.ManyToManyField("parcels.Parcel", related_name="+", verbose_name=_("new parcels"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    reason = models.TextField(_("reason"))
    documents = models.ManyToManyField(
        "documents.Source", blank=True, related_name="parcel_changes", verbose_name=_("documents")
    )

    class Meta:
        verbose_name = _("split or merge")
        verbose_name_plural = _("splits and merges")


class ConsentRole(models.TextChoices):
    CO_HOLDER = "co_holder", _("co-holder")
    SPOUSE = "spouse", _("spouse of a holder")


class ChangeConsent(models.Model):
    """A co-holder's (or a holder's spouse's) consent to a sale, donation, lease or split, with their mark.

    Recorded by the land office on the application; the latest record of a person counts. Without the
    agreement of every co-holder the application cannot be submitted (``changes.consents``).
    """

    id = models.BigAutoField(primary_key=True)
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="consents", verbose_name=_("claim")
    )
    role = models.CharField(pgettext_lazy("capacity", "role"), max_length=16, choices=ConsentRole.choices)
    party = models.ForeignKey(
        "parties.Party",
        verbose_name=_("co-holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    for_holder = models.ForeignKey(
        "parties.Party",
        verbose_name=_("spouse of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    agrees = models.BooleanField(_("consents"))
    # A co-holder who is a minor on the day does not consent alone: their legal representative gives (and
    # marks) the consent for them, named here as the representation recorded for them then.
    representative_name = models.CharField(_("given by the legal representative"), max_length=200, blank=True)
    representative_basis = models.CharField(
        _("basis of the representation"), max_length=32, choices=RepresentationBasis.choices, blank=True
    )
    mark = models.CharField(
        _("signature, fingerprint or cross"), max_length=16, choices=SignatureMark.choices
    )
    mark_reference = models.CharField(_("mark reference"), max_length=128, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=ConsentRole.CO_HOLDER) & Q(party__isnull=False))
                | (Q(role=ConsentRole.SPOUSE) & Q(for_holder__isnull=False)),
                name="consent_names_whom",
            ),
            # A refusal to sign is no consent.
            models.CheckConstraint(condition=Q(agrees=False) | ~Q(mark="refused"), name="consent_is_marked"),
        ]
