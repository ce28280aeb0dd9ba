"""Opening dispute cases, naming their parties and attaching evidence. The moves are in ``transitions``;
``run_move`` dispatches one to its transition, the same way for the pages and the API."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.search.name_keys import name_key
from landreg.disputes.cases import transitions as moves
from landreg.disputes.exceptions import CaseClosedError, DisputeError
from landreg.disputes.models import DisputeCase, DisputeEvent, DisputeParty
from landreg.disputes.selectors import groups_claiming_by_name
from landreg.disputes.states import OPEN_STATES, DisputeKind, DisputeOrigin, DisputeRole, DisputeStatus
from landreg.documents.models import Source
from landreg.documents.services import source_attach_once
from landreg.parties.models import Party, PartyKind, Sex
from landreg.parties.services import party_create
from landreg.rights.models import RightHolder, RRRKind, in_force_on
from landreg.territory.models import AdministrativeUnit, UnitLevel


@dataclass(frozen=True)
class PartyInput:
    role: str
    name: str
    sex: str = ""
    party: object = None
    represented_by: str = ""


# Who may open a case directly: the dispute administrator, and the land office (registrar) of the village.
OPEN_PERMISSIONS = ("manage_disputes", "record_transactions", "screen_claims")


def may_open(user, village: AdministrativeUnit) -> bool:
    return any(has_unit_perm(user, codename, village) for codename in OPEN_PERMISSIONS)


def _commune_of(village: AdministrativeUnit) -> AdministrativeUnit:
    return village.ancestor_at(UnitLevel.COMMUNE) or village


def _deadlines(village: AdministrativeUnit) -> tuple[dt.date | None, dt.date | None]:
    from landreg.adjudication.profiles import NoProcedureError, profile_for

    try:
        profile = profile_for(village)
    except NoProcedureError:
        return None, None
    today = clock.today()
    return (
        today + dt.timedelta(days=profile.dispute_first_session_days),
        today + dt.timedelta(days=profile.dispute_conciliation_days),
    )


def _check_parties(parties: Sequence[PartyInput]) -> None:
    for p in parties:
        if p.role not in DisputeRole.values or not p.name.strip():
            raise DisputeError(_("Each party needs a name and a role from the list."))


@transaction.atomic
def dispute_open(
    *,
    village: AdministrativeUnit,
    subject: str,
    opened_by=None,
    kind: str = DisputeKind.OTHER,
    origin: str = DisputeOrigin.DIRECT,
    grounds: str = "",
    parties: Sequence[PartyInput] = (),
    parcels: Iterable = (),
    claims: Iterable = (),
    rights: Iterable = (),
    documents: Iterable = (),
) -> DisputeCase:
    """Open a case. The caller has checked who may open it (see ``dispute_file`` for the direct way)."""
    if kind not in DisputeKind.values or origin not in DisputeOrigin.values:
        raise DisputeError(_("Choose the type and origin of the case from the lists."))
    if not subject.strip():
        raise DisputeError(_("Say what the dispute is about."))
    _check_parties(parties)
    # Numbering per commune under the commune's row lock: two cases opened at once never share a number.
    commune = AdministrativeUnit.objects.select_for_update().get(pk=_commune_of(village).pk)
    prefix = f"LIT-{commune.code}-{clock.today().year}-"
    count = DisputeCase.objects.filter(number__startswith=prefix).count()
    first_due, conciliation_due = _deadlines(village)
    case = DisputeCase.objects.create(
        number=f"{prefix}{count + 1:04d}",
        village=village,
        kind=kind,
        origin=origin,
        subject=subject,
        grounds=grounds,
        opened_at=clock.now(),
        opened_by=opened_by if getattr(opened_by, "pk", None) else None,
        first_session_due=first_due,
        conciliation_due=conciliation_due,
    )
    case.parcels.add(*parcels)
    case.claims.add(*claims)
    case.rights.add(*rights)
    case.documents.add(*documents)
    DisputeParty.objects.bulk_create(
        DisputeParty(
            case=case, role=p.role, name=p.name, sex=p.sex, party=p.party, represented_by=p.represented_by
        )
        for p in parties
    )
    audit = audit_record(
        action="dispute.open",
        obj=case,
        actor=opened_by,
        payload={
            "number": case.number,
            "kind": kind,
            "origin": origin,
            "parcels": sorted(p.number for p in case.parcels.all()),
            "claims": sorted(str(c.pk) for c in case.claims.all()),
            "rights": sorted(str(r.pk) for r in case.rights.all()),
        },
    )
    DisputeEvent.objects.create(
        case=case,
        move="open",
        from_status=DisputeStatus.OPEN,
        to_status=DisputeStatus.OPEN,
        actor=case.opened_by,
        reason=subject,
        occurred_at=audit.occurred_at,
        audit_event=audit,
    )
    return case


def holders_joining(
    *, parcels: Sequence, rights: Sequence, parties: Sequence[PartyInput]
) -> list[PartyInput]:
    """The current holders of the land a case is opened on, as parties (role holder) linked to their person:
    the holders of the primary rights in force on ``parcels`` and of the ``rights`` in force named. A family,
    lineage or other group that holds the land joins as the group (its members are the register's, not the
    case's parties), a person with the sex the register records. A holder named among ``parties`` already
    (the typed holder linked to them, in any role) or holding more than one of the rights joins once."""
    primary = Q(
        right__parcel__in=[p.pk for p in parcels],
        right__right_type__kind=RRRKind.RIGHT,
        right__right_type__is_secondary=False,
    )
    found = (
        RightHolder.objects.filter(primary | Q(right__in=[r.pk for r in rights]))
        .filter(in_force_on(clock.today(), prefix="right__"))
        .select_related("party")
        .order_by("right__parcel__number", "right_id", "id")
    )
    named = {p.party.pk for p in parties if p.party is not None}
    joining = []
    for holder in found:
        person = holder.party
        if person.pk in named:
            continue
        named.add(person.pk)
        sex = person.sex if person.kind == PartyKind.NATURAL else ""
        joining.append(PartyInput(DisputeRole.HOLDER, person.display_name, sex, person))
    return joining


def dispute_file(
    *,
    actor,
    village: AdministrativeUnit,
    subject: str,
    kind: str = DisputeKind.OTHER,
    grounds: str = "",
    parties: Sequence[PartyInput] = (),
    parcels: Iterable = (),
    rights: Iterable = (),
    claims: Iterable = (),
) -> DisputeCase:
    """Open a case directly on registered parcels or rights, or on claims (overlap found at screening). The
    current holders of those parcels and rights are parties of the case from its opening
    (``holders_joining``), besides those named: the case concerns their land."""
    if not may_open(actor, village):
        raise PermissionDeniedError(_("You may not open dispute cases in this village."))
    parcels, rights, claims = list(parcels), list(rights), list(claims)
    if not (parcels or rights or claims):
        raise DisputeError(_("Name the parcel, right or claim the dispute concerns."))
    if not parties:
        raise DisputeError(_("Name the parties to the dispute."))
    if any(p.village_id != village.pk for p in parcels) or any(c.village_id != village.pk for c in claims):
        raise DisputeError(_("A case concerns land of one village."))
    return dispute_open(
        village=village,
        opened_by=actor,
        subject=subject,
        kind=kind,
        grounds=grounds,
        parties=[*parties, *holders_joining(parcels=parcels, rights=rights, parties=parties)],
        parcels=parcels,
        rights=rights,
        claims=claims,
    )


def _open_case_locked(case: DisputeCase, actor) -> DisputeCase:
    """The case re-read under its row lock, for a change to its file: two sends of the same party or
    document take turns, so the second finds the first's row. Parties and evidence join a case while it is
    open (in court too: an heir may intervene); once an outcome has closed it, the file is what the outcome
    rests on."""
    require_case_perm(actor, case, "conciliate")
    locked = DisputeCase.objects.select_for_update(of=("self",)).select_related("village").get(pk=case.pk)
    if locked.status not in OPEN_STATES:
        raise CaseClosedError(
            _("The case is “%(status)s”: its file takes no new party or document.")
            % {"status": locked.get_status_display()}
        )
    return locked


def parties_may_join(case: DisputeCase) -> bool:
    """Whether a party may still join the case: while it is open, but not once its agreement is signed and
    awaits the court's homologation. The court homologates the procès-verbal the parties signed: a party who
    joined afterwards would be bound by an agreement they never signed (if they have a claim, it is a new
    case, or this one once the court refuses the agreement). Documents still come in then (the request to
    the court, its summons)."""
    return case.status in OPEN_STATES and case.status != DisputeStatus.HOMOLOGATION_PENDING


@transaction.atomic
def dispute_party_add(*, case: DisputeCase, actor, data: PartyInput) -> tuple[DisputeParty, bool]:
    """A party who joins the case after it was opened (an heir, a neighbour, a representative). The same
    party sent again (a retry) is the one added already (``False``), not a second one."""
    locked = _open_case_locked(case, actor)
    if not parties_may_join(locked):
        raise CaseClosedError(
            _(
                "The agreement is signed and awaits the court's homologation: no party joins the case any "
                "more, the court homologates the record its parties signed. Documents may still be "
                "attached."
            )
        )
    data = PartyInput(
        role=data.role,
        name=" ".join(data.name.split()),
        sex=data.sex or "",
        party=data.party,
        represented_by=" ".join(data.represented_by.split()),
    )
    _check_parties([data])
    if data.sex not in ("", *Sex.values):
        raise DisputeError(_("Choose the sex from the list."))
    if data.party is not None and (
        data.party.village_id != locked.village_id or data.party.end_lifespan is not None
    ):
        raise DisputeError(_("The registered person must be a current person of the case's village."))
    same = locked.parties.filter(
        role=data.role, name=data.name, sex=data.sex, party=data.party, represented_by=data.represented_by
    ).first()
    if same is not None:
        return same, False
    party = DisputeParty.objects.create(
        case=locked,
        role=data.role,
        name=data.name,
        sex=data.sex,
        party=data.party,
        represented_by=data.represented_by,
    )
    audit_record(action="dispute.party", obj=locked, actor=actor, payload={"role": data.role, "id": party.pk})
    return party, True


@transaction.atomic
def dispute_attach_documents(*, case: DisputeCase, actor, documents: Iterable) -> None:
    """Documents already recorded (sources of the case's village) added to the case's file."""
    locked = _open_case_locked(case, actor)
    documents = list(documents)
    if any(d.village_id != locked.village_id for d in documents):
        raise DisputeError(_("Attach documents of the case's village."))
    locked.documents.add(*documents)
    audit_record(
        action="dispute.documents",
        obj=locked,
        actor=actor,
        payload={"documents": [str(d.pk) for d in documents]},
    )


@transaction.atomic
def dispute_document_add(
    *,
    case: DisputeCase,
    actor,
    source_type: str,
    document_date: dt.date,
    reference: str = "",
    description: str = "",
    file: File | None = None,
) -> tuple[Source, bool]:
    """A document brought to the case (signed minutes, a witness's statement, a sketch, a scan): the one in
    the file already if the same type, date, reference and bytes were sent before (``False``), else a new
    source of the case's village, checked (documents.content) and attached (``True``)."""
    locked = _open_case_locked(case, actor)
    if document_date > clock.today():
        raise DisputeError(_("A document is dated the day it was made, not later."))
    source, added = source_attach_once(
        among=locked.documents.all(),
        source_type=source_type,
        document_date=document_date,
        village=locked.village,
        reference=reference,
        description=description,
        file=file,
        recorded_by=actor,
    )
    if added:
        dispute_attach_documents(case=locked, actor=actor, documents=[source])
    return source, added


def names_of(name: str) -> tuple[str, str]:
    """A name as the case writes it, « ŊABA Ɓintu Fatɛ », as the register keeps a person (parties.models.
    display_name_of): the leading words in capitals are the last name, the others the first names; a name
    with no word in capitals is all last name."""
    words = name.split()
    capitals = next((i for i, word in enumerate(words) if not word.isupper()), len(words)) or len(words)
    return " ".join(words[:capitals]), " ".join(words[capitals:])


@transaction.atomic
def dispute_party_identify(
    *,
    case: DisputeCase,
    actor,
    case_party: DisputeParty,
    person: Party | None = None,
    sex: str = "",
    birth_year: int | None = None,
    domicile: str = "",
    id_document_type: str = "",
    id_document_number: str = "",
    claiming_groups: Mapping[str, tuple[str, str]] | None = None,
) -> Party:
    """The registered person a party of the case known only by name is (an agreement or a court decision names
    them a holder): ``person``, a namesake of the village the user recognised as them, or else a person of the
    case's village registered now with the name and sex the case gives (``sex`` where the case gives none),
    and what the office knows of them (``birth_year``, when told, as an approximate date of birth;
    ``domicile``; the ID document). The case's party is linked to them; one linked already keeps their person
    (a retry registers no one twice). ``claiming_groups``: the case's ``selectors.groups_claiming_by_name``
    when the caller read them in this request (the page asked who each party is from them), else read here:
    the agreement's post read them twice, and once more for each party it named."""
    locked = _open_case_locked(case, actor)
    case_party = locked.parties.select_for_update().get(pk=case_party.pk)
    if case_party.party_id is not None:
        return case_party.party
    registered = person is None
    if person is not None and (person.village_id != locked.village_id or person.end_lifespan is not None):
        raise DisputeError(_("The registered person must be a current person of the case's village."))
    if person is None and claiming_groups is None:
        claiming_groups = groups_claiming_by_name(locked)
    group = claiming_groups.get(name_key(case_party.name)) if person is None else None
    if group is not None:
        # A family or lineage claiming on the case's claim: registered as that group (its members are the
        # office's to add, as for a group registered at the desk), never as a person bearing its name.
        kind, group_type = group
        person = party_create(
            kind=kind,
            village=locked.village,
            created_by=actor,
            name=case_party.name,
            group_type=group_type,
            domicile=domicile,
        )
    elif person is None:
        last_name, first_names = names_of(case_party.name)
        person = party_create(
            kind=PartyKind.NATURAL,
            village=locked.village,
            created_by=actor,
            last_name=last_name,
            first_names=first_names,
            sex=case_party.sex or sex,
            birth_date=dt.date(birth_year, 1, 1) if birth_year else None,
            birth_date_is_approximate=bool(birth_year),
            domicile=domicile,
            id_document_type=id_document_type,
            id_document_number=id_document_number,
        )
    case_party.party = person
    case_party.save(update_fields=["party"])
    audit_record(
        action="dispute.party_identify",
        obj=locked,
        actor=actor,
        payload={"id": case_party.pk, "party": str(person.pk), "registered": registered},
    )
    return person


def require_case_perm(actor, case: DisputeCase, codename: str) -> None:
    """The dispute administrator may do everything the conciliation body does."""
    if has_unit_perm(actor, codename, case.village) or has_unit_perm(actor, "manage_disputes", case.village):
        return
    raise PermissionDeniedError(_("You may not act on dispute cases of this village."))


def _session_of(case: DisputeCase, pk):
    session = case.sessions.filter(pk=pk).first()
    if session is None:
        raise DisputeError(_("This session is not one of the case's; reload the case."))
    return session


def run_move(*, move: str, case: DisputeCase, actor, data: Mapping):
    """One move of the case, for the pages and the API alike: each transition takes its own named fields
    from ``data``, what the move's form or input serializer validated. The caller gives, read its own way,
    ``positions`` (PositionInput rows of a held session) and ``document`` (the court decision's Source)."""
    if move == "session_schedule":
        return moves.session_schedule(
            case=case, actor=actor, scheduled_for=data["scheduled_for"], place=data["place"]
        )
    if move == "session_reschedule":
        return moves.session_reschedule(
            case=case,
            actor=actor,
            session=_session_of(case, data["session"]),
            scheduled_for=data["scheduled_for"],
            place=data["place"],
            reason=data["reason"],
        )
    if move == "session_cancel":
        return moves.session_cancel(
            case=case, actor=actor, session=_session_of(case, data["session"]), reason=data["reason"]
        )
    if move == "session_hold":
        session = _session_of(case, data["session"])
        return moves.session_hold(
            case=case,
            actor=actor,
            session=session,
            held_on=data["held_on"],
            conciliators=data["conciliators"],
            language=data["language"],
            translation_language=data["translation_language"],
            minutes=data["minutes"],
            positions=data["positions"],
        )
    if move == "agree":
        return moves.agree(
            case=case,
            actor=actor,
            decided_on=data["decided_on"],
            summary=data["summary"],
            signatures=data["signatures"],
            change=data["change"],
            change_data=data["change_data"],
        )
    if move == "non_conciliation":
        return moves.non_conciliation(
            case=case,
            actor=actor,
            decided_on=data["decided_on"],
            summary=data["summary"],
            signatures=data["signatures"],
        )
    if move == "refer":
        return moves.refer(
            case=case,
            actor=actor,
            court_name=data["court_name"],
            court_reference=data["court_reference"],
            referred_on=data.get("referred_on") or clock.today(),
        )
    if move == "decide":
        return moves.decide(
            case=case,
            actor=actor,
            decided_on=data["decided_on"],
            summary=data["summary"],
            document=data["document"],
            change=data["change"],
            change_data=data["change_data"],
        )
    if move == "appeal":
        return moves.appeal(
            case=case, actor=actor, court_name=data["court_name"], court_reference=data["court_reference"]
        )
    if move == "finalise":
        return moves.finalise(case=case, actor=actor, reason=data["reason"])
    if move == "withdraw":
        return moves.withdraw(case=case, actor=actor, reason=data["reason"])
    raise DisputeError(_("Unknown move."))
