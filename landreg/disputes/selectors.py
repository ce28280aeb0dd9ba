"""Reads of dispute cases, scoped to the villages where the user handles cases or may open one."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from landreg.accounts.selectors import units_covered
from landreg.adjudication.models import Claimant, ClaimantRole
from landreg.core import clock
from landreg.core.search.name_keys import name_key
from landreg.disputes.models import DisputeCase, DisputeParty
from landreg.disputes.states import DisputeStatus
from landreg.parties.models import Party, PartyKind
from landreg.rights.models import RightHolder

# Who hears and manages cases (their moves are the transitions' to check).
HANDLING = ("manage_disputes", "conciliate")
# Who may open a case (services.OPEN_PERMISSIONS: the land office, which registers and screens) follows it
# read-only: the registrar who opened one was sent to its page and got 404.
FOLLOWING = (*HANDLING, "record_transactions", "screen_claims")


def _cases_of(user, codenames) -> QuerySet[DisputeCase]:
    villages = None
    for codename in codenames:
        covered = units_covered(user, codename)
        villages = covered if villages is None else villages | covered
    return DisputeCase.objects.filter(village__in=villages.values("pk")).select_related("village")


def cases_visible_to(user) -> QuerySet[DisputeCase]:
    """Cases of the villages where the user handles cases or may open one."""
    return _cases_of(user, FOLLOWING)


def cases_handled_by(user) -> QuerySet[DisputeCase]:
    """Cases of the villages where the user hears or manages cases: their work, not only what they see."""
    return _cases_of(user, HANDLING)


def overdue_q(today=None) -> Q:
    """Open cases past a deadline of the profile: no session held by the first-session date, or not
    conciliated by the conciliation date (only while conciliation is still the way: before court)."""
    today = today or clock.today()
    no_session = Q(first_session_due__lt=today) & ~Q(sessions__held_on__isnull=False)
    late = Q(conciliation_due__lt=today, status__in=["open", "conciliation"])
    return Q(closed_at__isnull=True) & (no_session | late)


def to_finalise_q(today=None) -> Q:
    """Cases a court decided or conciliation failed on, whose period to go to court or to appeal (the
    profile's) is over: to be declared final, which ends the case (after non-conciliation, its freeze)."""
    today = today or clock.today()
    return Q(
        final=False,
        status__in=[DisputeStatus.DECIDED, DisputeStatus.NOT_CONCILIATED],
        final_from__lte=today,
    )


def open_cases_for(user) -> list[DisputeCase]:
    """Open cases, overdue first, then oldest first (the home page of the dispute administrator)."""
    today = clock.today()
    visible = cases_visible_to(user).open()
    overdue = set(visible.filter(overdue_q(today)).values_list("pk", flat=True))
    cases = list(visible.order_by("opened_at"))
    for case in cases:
        case.overdue = case.pk in overdue
        case.age_days = (today - case.opened_at.date()).days
    return sorted(cases, key=lambda c: (not c.overdue, c.opened_at))


def with_late_first(cases: QuerySet[DisputeCase], today=None) -> QuerySet[DisputeCase]:
    """``late_first`` annotated: 0 for an overdue case, 1 otherwise (one subquery, to sort or filter by)."""
    late = DisputeCase.objects.filter(overdue_q(today)).values("pk")
    first = Case(When(pk__in=late, then=Value(0)), default=Value(1), output_field=IntegerField())
    return cases.annotate(late_first=first)


def people_of_case(case: DisputeCase, *, with_its_parties: bool = False) -> QuerySet[Party]:
    """Current registered persons of the case's village whom its land names: holders of its rights and of the
    current rights on its parcels, registered claimants of its claims. A short list to pick a party from
    (never every person of the village, thousands in a large one). ``with_its_parties``: also the registered
    persons who are parties of the case, such as a customary claimant contesting a holding: whom an agreement
    on the holders may name."""
    # Rights the register has not closed, past their term or not (not rights.models.in_force_on): a dispute is
    # often about just such a right (a loan the lender wants back, a tenant who stays after the lease's term),
    # and its holder is a party to pick until the register closes it.
    holders = RightHolder.objects.filter(
        Q(right__in=case.rights.values("pk"))
        | Q(right__parcel__in=case.parcels.values("pk"), right__end_lifespan__isnull=True)
    ).values("party")
    claimants = Claimant.objects.filter(claim__in=case.claims.values("pk"), party__isnull=False).values(
        "party"
    )
    named = Q(pk__in=holders) | Q(pk__in=claimants)
    if with_its_parties:
        named |= Q(pk__in=case.parties.filter(party__isnull=False).values("party"))
    return (
        Party.objects.current()
        .filter(village=case.village_id)
        .filter(named)
        .order_by("last_name", "first_names", "name", "pk")
    )


def groups_claiming_by_name(case: DisputeCase) -> dict[str, tuple[str, str]]:
    """The families, lineages and other groups that claim on the case's claims without being registered (a
    group typed on the claim form), by their name's key: their kind and group type. A party of the case
    known only by such a name is that group, not a person: the agreement registers it as the group."""
    return {
        name_key(name): (kind, group_type)
        for name, kind, group_type in Claimant.objects.filter(
            claim__in=case.claims.values("pk"), party__isnull=True, role=ClaimantRole.HOLDER
        )
        .exclude(kind=PartyKind.NATURAL)
        .values_list("name", "kind", "group_type")
        if name_key(name)
    }


def claiming_groups_among(newcomers) -> dict[str, tuple[str, str]]:
    """``groups_claiming_by_name`` as read by ``parties_to_identify`` for its ``newcomers`` (the case's
    parties it returned): what the identification of those parties needs, without reading it again."""
    return {name_key(item.name): item.claiming_group for item in newcomers if item.claiming_group}


def parties_to_identify(case: DisputeCase) -> list[tuple[DisputeParty, list[Party]]]:
    """The case's parties known only by name (a customary claimant written on the case, not registered), each
    with the current persons of the case's village whose name reads the same, spelling variants included
    (parties.models.search_columns): an agreement that names such a party a holder offers these namesakes
    before registering them as a new person. Each is marked ``is_group`` when it is a family or lineage that
    claims on the case's claims without being registered (a group typed on the claim form): the agreement then
    asks no year of birth nor ID document of it, which only a natural person has."""
    newcomers = list(case.parties.filter(party__isnull=True).select_related("case__village"))
    keys = {item.pk: name_key(item.name) for item in newcomers}
    groups = groups_claiming_by_name(case)
    for item in newcomers:
        item.claiming_group = groups.get(keys[item.pk])  # (kind, group type), or None for a person
        item.is_group = item.claiming_group is not None
    namesakes: dict[str, list[Party]] = {}
    found = (
        Party.objects.current()
        .filter(village=case.village_id, kind=PartyKind.NATURAL, name_key__in=set(keys.values()) - {""})
        .select_related("village")
        .order_by("last_name", "first_names", "pk")
    )
    for person in found:
        namesakes.setdefault(person.name_key, []).append(person)
    return [(item, namesakes.get(keys[item.pk], [])) for item in newcomers]


def persons_named(village, parcels, name: str, sex: str = "") -> tuple[list[Party], set]:
    """The current persons of ``village`` whose name reads as ``name`` (spelling variants included, as the
    agreement's « Qui est … ? » finds namesakes), less those of another sex when ``sex`` is said, and the ids
    of those among them who hold a current right on ``parcels``: whom a party typed on a new case may be."""
    key = name_key(name)
    if village is None or not key:
        return [], set()
    found = (
        Party.objects.current()
        .filter(village=village, kind=PartyKind.NATURAL, name_key=key)
        .select_related("village")
        .order_by("last_name", "first_names", "pk")
    )
    people = [p for p in found if not sex or not p.sex or p.sex == sex]
    # Not closed by the register, in force or past its term, as people_of_case reads it: a borrower whose loan
    # is over still holds the parcel a dispute is about until the register closes the loan.
    holding = set(
        RightHolder.objects.filter(
            right__parcel__in=[p.pk for p in parcels],
            right__end_lifespan__isnull=True,
            party__in=[p.pk for p in people],
        ).values_list("party", flat=True)
    )
    return people, holding


@dataclass(frozen=True)
class TypedParty:
    """Whom a party typed by name on a new case may be (``party_typed``): the village's current persons who
    bear the name, and the ids of those among them who hold the case's parcels."""

    people: list
    holding: set

    @property
    def linked(self) -> Party | None:
        """The one holder of the parcels who bears the name, no other person of the village bearing it: no one
        else the party could be, linked at once."""
        if len(self.people) == 1 and self.people[0].pk in self.holding:
            return self.people[0]
        return None

    @property
    def to_ask(self) -> bool:
        """Registered persons bear the name, and none is the party for sure: who the party is must be said
        (the page asks « Qui est … ? », the API answers 400 naming them)."""
        return bool(self.people) and self.linked is None


def party_typed(village, parcels, name: str, sex: str = "") -> TypedParty:
    """The one rule for a party typed by name on a new case, for the page and the API alike: linked to the
    one holder of ``parcels`` who bears the name, no one else of the village bearing it; asked about where
    several persons of the village bear it (or one who holds none of the parcels); unregistered where none
    does."""
    return TypedParty(*persons_named(village, parcels, " ".join(name.split()), sex))
