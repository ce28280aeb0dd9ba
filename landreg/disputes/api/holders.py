"""The holders an agreement or a court decision sets (change ``shares``), as the API takes them: a registered
person by id, or a party of the case by name, as the page's form does (« Qui est … ? »).

A holder named (with sex, and a year of birth if known) is, in order:
- the registered person of the case's land or parties of that name (selectors.people_of_case), as the form
  reads a holder's line;
- else the case's party known only by name: linked to the namesake of the village it is (``party``, or the
  one namesake whose sex and year of birth do not tell them apart), or registered as a new person of the
  village when no namesake fits or ``new_person`` says so. Several namesakes that fit are a 400 listing them,
  so that the client says which (the page asks the same question). Linked or registered by
  services.dispute_party_identify, the page's service, in the move's transaction: a refused move registers
  no one.

A party registered as a new person may come with what the office knows of them, as the page's form takes it:
their domicile and, for a user who may see the personal data of the case's village, their ID document (type
and number; one a registered person of the village already has is refused). Given for anyone else (a
registered person, a namesake), they are refused rather than dropped.

Every row is read while the body is validated, before anything is written: a request with a fault in any
row changes nothing, and the response names the fault of each row, whether of its fields or of whom it names.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from landreg.core import clock
from landreg.core.search.name_keys import name_key
from landreg.disputes.cases.services import dispute_party_identify
from landreg.disputes.models import DisputeCase, DisputeParty
from landreg.disputes.selectors import claiming_groups_among, parties_to_identify, people_of_case
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import IdDocumentType, Party, Sex


@extend_schema_serializer(component_name="DisputeAgreedHolder")
class HolderIn(serializers.Serializer):
    party = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A registered person: one the case's land or parties name, or, with ``name``, the namesake "
        "of the village who is that party of the case.",
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A party of the case by name, “NAME First names”, when not given by id: matched with "
        "the registered person of that name, or registered as a new person of the case's village.",
    )
    sex = serializers.ChoiceField(
        choices=Sex.choices, required=False, allow_blank=True, default="", help_text="Required with name."
    )
    birth_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1880,
        help_text="With name, if known: tells namesakes apart where the user may see the village's personal "
        "data (else the namesakes are listed and one is named by id); kept as an approximate date of birth "
        "for a person registered.",
    )
    new_person = serializers.BooleanField(
        required=False,
        default=False,
        help_text="With name: register the party as a new person of the village even though registered "
        "persons bear the same name (none of them is this party).",
    )
    share = serializers.CharField(max_length=20, required=False, default="1", help_text="e.g. 1/2")
    domicile = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="For a party registered as a new person by this outcome only, if known: where they live.",
    )
    id_document_type = serializers.ChoiceField(
        choices=IdDocumentType.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="For a party registered as a new person by this outcome only, with id_document_number: the "
        "kind of their ID document. Only for a user who may see the personal data of the case's village "
        "(view_personal_data), as the page offers it.",
    )
    id_document_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text="With id_document_type: the number of the new person's ID document. Refused when a "
        "registered person of the village has it (name them by id if it is them), and without "
        "view_personal_data on the case's village.",
    )

    def validate_birth_year(self, value):
        if value is not None and value > clock.today().year:
            raise serializers.ValidationError(_("The year of birth is in the future."))
        return value

    def validate(self, attrs):
        name = " ".join(attrs["name"].split())
        if attrs["party"] is None and not name:
            message = _("Give the registered person's id (party) or the party's name.")
            raise serializers.ValidationError(message)
        if name and not attrs["sex"]:
            raise serializers.ValidationError({"sex": [_("Give the sex of the party named.")]})
        if attrs["new_person"] and (attrs["party"] is not None or not name):
            raise serializers.ValidationError(
                {"new_person": [_("A new person is registered from a name, without an id (party).")]}
            )
        number = attrs["id_document_number"].strip()
        attrs = {
            **attrs,
            "name": name,
            "domicile": " ".join(attrs["domicile"].split()),
            "id_document_type": attrs["id_document_type"] if number else "",
            "id_document_number": number,
        }
        lookup = _lookup(self.context)
        if number:
            _check_id_document(attrs, self.context["case"], lookup[2])
        # Who the row names, read in the same pass as the fields: each row's fault in one response.
        holder = _read(attrs, *lookup)
        _details_only_for_a_new_person(attrs, holder)
        return {**attrs, "holder": holder}


def _check_id_document(row: dict, case: DisputeCase, labels: PartyLabels) -> None:
    """An ID document given for a new person: by a user who may see the village's personal data (the page
    offers it to them only), with its kind, and not one a registered person of the village has."""
    if not labels.personal_at(case.village.path):
        message = _("Only a user who may see the personal data of the case's village records an ID document.")
        raise serializers.ValidationError({"id_document_number": [message]})
    if not row["id_document_type"]:
        raise serializers.ValidationError({"id_document_type": [_("Say which document the number is from.")]})
    taken = Party.objects.current().filter(
        village=case.village_id,
        id_document_type=row["id_document_type"],
        id_document_number=row["id_document_number"],
    )
    if taken.exists():
        message = _(
            "A person of the village is registered with this ID document: if it is them, give their id."
        )
        raise serializers.ValidationError({"id_document_number": [message]})


def _details_only_for_a_new_person(row: dict, holder: "_Holder") -> None:
    """The domicile and ID document describe a person registered now; given for a registered person or a
    namesake, they would be dropped without a word: refused instead."""
    registered_now = holder.case_party is not None and holder.namesake is None
    typed = [field for field in ("domicile", "id_document_number") if row[field]]
    if typed and not registered_now:
        message = _(
            "Only for a party registered as a new person of the village by this agreement or decision."
        )
        raise serializers.ValidationError({field: [message] for field in typed})


@extend_schema_serializer(component_name="DisputeAgreedChange")
class ChangeDataIn(serializers.Serializer):
    geometry = serializers.JSONField(
        required=False, help_text="For change boundary: the agreed boundary, a GeoJSON geometry or WKT."
    )
    holders = HolderIn(
        many=True, required=False, help_text="For change shares: the holders and their shares."
    )


@dataclass(frozen=True)
class _Holder:
    share: str
    person: Party | None = None  # registered already, named by the case's land or parties
    case_party: DisputeParty | None = None  # else the case's party known only by name, identified as...
    namesake: Party | None = None  # ...this namesake, or (None) a person registered now
    sex: str = ""
    birth_year: int | None = None
    domicile: str = ""
    id_document_type: str = ""
    id_document_number: str = ""


def _fits(person: Party, sex: str, birth_year: int | None, labels: PartyLabels) -> bool:
    """Nothing known of ``person`` tells them apart from the party described. The year of birth counts only
    where the user may see the village's personal data: else a match or a refusal would tell them a
    person's year of birth, which their lists never show (the 400 then lists the namesakes as they may
    see them, and the client names one by id)."""
    same_sex = not person.sex or person.sex == sex
    born = person.birth_date if labels.personal_at(person.village.path) else None
    return same_sex and (birth_year is None or born is None or born.year == birth_year)


def _by_name(row: dict, people: list[Party], newcomers, labels: PartyLabels) -> _Holder:
    key = name_key(row["name"])
    named = [p for p in people if p.name_key == key and _fits(p, row["sex"], row["birth_year"], labels)]
    if row["party"] is None and not row["new_person"] and len(named) == 1:
        return _Holder(row["share"], person=named[0])
    found = [(party, namesakes) for party, namesakes in newcomers if name_key(party.name) == key]
    if row["party"] is not None:
        chosen = [p for p in named if p.pk == row["party"]]
        if chosen:
            return _Holder(row["share"], person=chosen[0])
    if len(found) != 1:
        names = ", ".join(sorted({p.display_name for p in people})) or "—"
        raise serializers.ValidationError(
            {
                "name": [
                    _(
                        "Not found among the registered persons of this land: %(unknown)s. "
                        "Registered persons: %(names)s."
                    )
                    % {"unknown": row["name"], "names": names}
                ]
            }
        )
    case_party, namesakes = found[0]
    if case_party.sex and case_party.sex != row["sex"]:
        raise serializers.ValidationError({"sex": [_("The case records this party with another sex.")]})
    fitting = [p for p in namesakes if _fits(p, row["sex"], row["birth_year"], labels)]
    if row["party"] is not None:
        chosen = [p for p in namesakes if p.pk == row["party"]]
        if not chosen:
            message = _("Not a registered person of the village of this name.")
            raise serializers.ValidationError({"party": [message]})
        return _Holder(row["share"], case_party=case_party, namesake=chosen[0])
    if row["new_person"] or not fitting:
        return _Holder(
            row["share"],
            case_party=case_party,
            sex=row["sex"],
            birth_year=row["birth_year"],
            domicile=row["domicile"],
            id_document_type=row["id_document_type"],
            id_document_number=row["id_document_number"],
        )
    if len(fitting) == 1:
        return _Holder(row["share"], case_party=case_party, namesake=fitting[0])
    listed = "; ".join(f"{labels(p)} [{p.pk}]" for p in fitting)
    raise serializers.ValidationError(
        {
            "party": [
                _(
                    "Several registered persons of the village bear this name: %(people)s. Give the id "
                    "(party) of the one who is this party, or new_person true to register them as a new "
                    "person."
                )
                % {"people": listed}
            ]
        }
    )


def _read(row: dict, people: list[Party], newcomers, labels: PartyLabels) -> _Holder:
    if row["name"]:
        return _by_name(row, people, newcomers, labels)
    person = next((p for p in people if p.pk == row["party"]), None)
    if person is None:
        raise serializers.ValidationError(
            {"party": [_("Not a registered person of this land nor of the case's parties.")]}
        )
    return _Holder(row["share"], person=person)


def _lookup(context: dict) -> tuple:
    """The case's people and its parties known only by name with their namesakes, and the user's labels: read
    once for all the rows (kept in the serializer's context, which the rows share)."""
    if "holder_lookup" not in context:
        case, user = context["case"], context["user"]
        people = list(people_of_case(case, with_its_parties=True).select_related("village"))
        context["holder_lookup"] = (people, parties_to_identify(case), PartyLabels(user))
    return context["holder_lookup"]


def agreed_holders(*, case: DisputeCase, actor, rows: list[dict]) -> list[dict]:
    """The rows ``HolderIn`` validated (with the case and the user in its context) as the outcome takes them,
    ``{"party", "share"}``: parties of the case known only by name linked to their person or registered. Call
    it inside the move's transaction. The groups claiming on the case's claims are those the rows' validation
    read once (``_lookup``, parties_to_identify), not again by the service for each party it registers."""
    named = [row["holder"] for row in rows]
    groups = claiming_groups_among(h.case_party for h in named if h.case_party is not None)
    holders = []
    for holder in named:
        person = holder.person or dispute_party_identify(
            case=case,
            actor=actor,
            case_party=holder.case_party,
            person=holder.namesake,
            sex=holder.sex,
            birth_year=holder.birth_year,
            domicile=holder.domicile,
            id_document_type=holder.id_document_type,
            id_document_number=holder.id_document_number,
            claiming_groups=groups,
        )
        holders.append({"party": str(person.pk), "share": holder.share})
    return holders
