"""Parties (LADM LA_Party): natural persons, non-natural persons and group parties with their members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.core.models import LifespanQuerySet, Versioned, VersionRow
from landreg.core.search.folding import fold
from landreg.core.search.name_keys import name_key
from landreg.core.shares import ShareMixin


class PartyKind(models.TextChoices):
    NATURAL = "natural", _("natural person")
    NON_NATURAL = "non_natural", _("non-natural person")
    GROUP = "group", _("group party")


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("single")
    MARRIED_MONOGAMOUS = "married_monogamous", _("married (monogamous)")
    MARRIED_POLYGAMOUS = "married_polygamous", _("married (polygamous)")
    DE_FACTO_UNION = "de_facto_union", _("de facto union")
    WIDOWED = "widowed", _("widowed")
    DIVORCED = "divorced", _("divorced")


class IdDocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("national identity card")
    PASSPORT = "passport", _("passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    VOTER_CARD = "voter_card", _("voter card")
    CONSULAR_CARD = "consular_card", _("consular card")
    OTHER = "other", _("other document")


class GroupType(models.TextChoices):
    FAMILY = "family", _("family")
    LINEAGE = "lineage", _("lineage")
    COMMUNITY = "community", _("community")
    ASSOCIATION = "association", _("association")
    COOPERATIVE = "cooperative", _("cooperative")


class Party(Versioned):
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("village of record"),
        on_delete=models.PROTECT,
        related_name="parties",
        help_text=_("The village whose officers recorded the party; personal data stays within it."),
    )
    # Natural persons
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_is_approximate = models.BooleanField(_("date of birth is approximate"), default=False)
    birth_place = models.CharField(_("place of birth"), max_length=200, blank=True)
    id_document_type = models.CharField(
        _("ID document"), max_length=32, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("ID document number"), max_length=64, blank=True)
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    domicile = models.CharField(_("domicile"), max_length=200, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=32, choices=MaritalStatus.choices, blank=True
    )
    fingerprint_marker = models.CharField(
        _("fingerprint marker"),
        max_length=128,
        blank=True,
        help_text=_("Reference of the fingerprint captured, if any."),
    )
    # Non-natural persons and groups
    name = models.CharField(_("name"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    group_type = models.CharField(_("group type"), max_length=16, choices=GroupType.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("created by"),
    )
    # Derived from the names on every save, for search (see landreg.parties.name_search); never typed.
    search_name = models.CharField(
        max_length=520, blank=True, editable=False, verbose_name=_("name for searching")
    )
    name_key = models.CharField(
        max_length=520, blank=True, editable=False, verbose_name=_("name key (spelling variants)")
    )

    class Meta(Versioned.Meta):
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["last_name", "first_names", "name"]
        indexes = [
            models.Index(fields=["village", "kind"]),
            models.Index(fields=["last_name", "first_names"]),
        ]
        constraints = [
            *Versioned.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.NATURAL) | (~Q(last_name="") & Q(sex__in=[Sex.FEMALE, Sex.MALE])),
                name="party_natural_has_name_and_sex",
            ),
            models.CheckConstraint(
                condition=Q(kind=PartyKind.NATURAL) | ~Q(name=""), name="party_non_natural_has_name"
            ),
            models.CheckConstraint(
                condition=(Q(kind=PartyKind.GROUP) & ~Q(group_type=""))
                | (~Q(kind=PartyKind.GROUP) & Q(group_type="")),
                name="party_group_type_only_for_groups",
            ),
            models.CheckConstraint(
                condition=Q(id_document_number="") | ~Q(id_document_type=""), name="party_id_number_has_type"
            ),
            # One ID document, one current person: a second record of the same person splits their holdings.
            models.UniqueConstraint(
                fields=["id_document_type", "id_document_number"],
                condition=~Q(id_document_number="") & Q(end_lifespan__isnull=True),
                name="party_id_document_unique",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # The search columns follow the names they are made of, whatever the path that saves the party.
        self.search_name, self.name_key = search_columns(self.last_name, self.first_names, self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_name", "name_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return display_name_of(self.kind, self.last_name, self.first_names, self.name)


class PartyVersion(VersionRow):
    """Every version of a party, the current one included, with its typed fields (personal data: shown
    only where the party itself may be). Written by landreg.core.history.versioning in the transaction of each
    write; the derived search columns are not kept (they follow the names)."""

    RECORD = "party"

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="versions", verbose_name=_("party")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    village = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("village of record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_is_approximate = models.BooleanField(_("date of birth is approximate"), default=False)
    birth_place = models.CharField(_("place of birth"), max_length=200, blank=True)
    id_document_type = models.CharField(
        _("ID document"), max_length=32, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("ID document number"), max_length=64, blank=True)
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    domicile = models.CharField(_("domicile"), max_length=200, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=32, choices=MaritalStatus.choices, blank=True
    )
    fingerprint_marker = models.CharField(_("fingerprint marker"), max_length=128, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    group_type = models.CharField(_("group type"), max_length=16, choices=GroupType.choices, blank=True)

    class Meta:
        verbose_name = _("party version")
        verbose_name_plural = _("party versions")
        ordering = ["party", "version"]
        constraints = [
            models.UniqueConstraint(fields=["party", "version"], name="partyversion_once"),
            models.UniqueConstraint(
                fields=["party"], condition=Q(end_lifespan__isnull=True), name="partyversion_one_open"
            ),
            models.CheckConstraint(
                condition=Q(end_lifespan__isnull=True) | Q(end_lifespan__gte=models.F("begin_lifespan")),
                name="partyversion_lifespan_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.party_id} v{self.version}"


def display_name_of(kind: str, last_name: str, first_names: str, name: str) -> str:
    """A party's name as lists show it, from its columns (for pages that read them as values)."""
    if kind == PartyKind.NATURAL:
        return f"{last_name.upper()} {first_names}".strip()
    return name


def search_columns(last_name: str, first_names: str, name: str) -> tuple[str, str]:
    """The folded names and their spelling-tolerant key, as stored in ``search_name`` and ``name_key``."""
    names = " ".join(part for part in (last_name, first_names, name) if part)
    return fold(names), name_key(names)


class GroupMembership(ShareMixin):
    """A member of a group party, with the member's share of what the group holds."""

    id = models.BigAutoField(primary_key=True)
    group = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=pgettext_lazy("party", "group"),
    )
    member = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="group_memberships", verbose_name=_("member")
    )
    is_mandatary = models.BooleanField(
        _("mandatary"), default=False, help_text=_("The member who acts for the group under its mandate.")
    )
    begin_lifespan = models.DateTimeField(_("begin of lifespan"))
    end_lifespan = models.DateTimeField(_("end of lifespan"), null=True, blank=True)

    # Not Versioned (a change of members ends the current rows and begins new ones: the rows are their own
    # history), but read by the same lifespan rule as the registry's objects: current(), as_of(moment).
    objects = LifespanQuerySet.as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            *ShareMixin.Meta.constraints,
            models.CheckConstraint(condition=~Q(group=models.F("member")), name="membership_not_self"),
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(end_lifespan__isnull=True),
                name="membership_current_unique",
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(end_lifespan__isnull=True, is_mandatary=True),
                name="membership_one_current_mandatary",
            ),
            models.CheckConstraint(
                condition=Q(end_lifespan__isnull=True) | Q(end_lifespan__gte=models.F("begin_lifespan")),
                name="membership_lifespan_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.member} ∈ {self.group} ({self.share})"


class RepresentationBasis(models.TextChoices):
    """Why a person acts for a minor: a parent by law, or a guardian (« tuteur ») named by the family council
    or by a court."""

    FATHER = "father", pgettext_lazy("representation", "father")
    MOTHER = "mother", pgettext_lazy("representation", "mother")
    GUARDIAN_FAMILY_COUNCIL = "guardian_family_council", _("guardian appointed by the family council")
    GUARDIAN_COURT = "guardian_court", _("guardian appointed by a court judgment")


# A guardian acts by a deliberation or a judgment the register must be able to name; a parent by the law.
BASES_NEEDING_REFERENCE = {RepresentationBasis.GUARDIAN_FAMILY_COUNCIL, RepresentationBasis.GUARDIAN_COURT}


class LegalRepresentation(models.Model):
    """Who acts for a person while they are a minor: their legal representative (a parent or a guardian),
    named as the act that recorded it named them, with the basis of their power. A change of representative
    ends the current row and begins a new one: the rows are their own history (as a group's memberships).
    Whether the person is a minor on a given day is read from their birth date (parties.minority)."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="representations", verbose_name=_("person represented")
    )
    representative_name = models.CharField(_("legal representative"), max_length=200)
    basis = models.CharField(
        _("basis of the representation"), max_length=32, choices=RepresentationBasis.choices
    )
    reference = models.CharField(
        _("reference of the deliberation or judgment"),
        max_length=200,
        blank=True,
        help_text=_("Required for a guardian: the family council's minutes or the court's judgment."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    begin_lifespan = models.DateTimeField(_("begin of lifespan"))
    end_lifespan = models.DateTimeField(_("end of lifespan"), null=True, blank=True)

    objects = LifespanQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal representation of a minor")
        verbose_name_plural = _("legal representations of minors")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_lifespan__isnull=True), name="representation_one_current"
            ),
            models.CheckConstraint(condition=~Q(representative_name=""), name="representation_names_whom"),
            models.CheckConstraint(
                condition=Q(end_lifespan__isnull=True) | Q(end_lifespan__gte=models.F("begin_lifespan")),
                name="representation_lifespan_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.person} ← {self.representative_name} ({self.get_basis_display()})"

    def clean(self):
        if self.basis in BASES_NEEDING_REFERENCE and not self.reference.strip():
            raise ValidationError({"reference": GUARDIAN_NEEDS_REFERENCE})
        if self.person_id and self.person.kind != PartyKind.NATURAL:
            raise ValidationError({"person": ONLY_A_PERSON_IS_REPRESENTED})


GUARDIAN_NEEDS_REFERENCE = _(
    "A guardian acts under the family council's minutes or a court judgment: give its reference."
)
ONLY_A_PERSON_IS_REPRESENTED = _("Only a natural person has a legal representative.")
