"""The people of each demo claim as the agent's form records them (landreg/demo/claims.py says who claims
how).

Most claimants are typed with the civil status the form asks for (sex, date and place of birth, identity
document, profession, domicile) and are registered as persons when their claim is approved. Beside them, as
a village's claims are: a woman already in the register, chosen on the form; a family claiming as a
collective holding through its mandatary, each member with a share, with the mandate attached; and a child
heir named with her legal representative.
"""

import datetime as dt

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.core import clock
from landreg.demo.claims import FAMILY, FAMILY_MEMBERS, REGISTERED, DemoClaim, civil_status
from landreg.documents.services import source_attach
from landreg.parties.models import GroupType, MaritalStatus, PartyKind
from landreg.parties.services import party_create


def claimants_of(demo: DemoClaim, village) -> list[ClaimantInput]:
    if demo.holding == REGISTERED:
        return [ClaimantInput(party=_registered(demo, village))]
    if demo.holding == FAMILY:
        return [
            ClaimantInput(
                kind=PartyKind.GROUP, name=f"Famille {demo.last_name}", group_type=GroupType.FAMILY
            ),
            *(_member(demo, index, village) for index in range(len(FAMILY_MEMBERS))),
        ]
    return [
        ClaimantInput(
            last_name=demo.last_name,
            first_names=demo.first_names,
            sex=demo.sex,
            extra=civil_status(demo.last_name),
        )
    ]


def documents_of(demo: DemoClaim, village) -> list:
    """The application form; for a family, the mandate naming its mandatary and members too."""
    documents = [source_attach(source_type="application_form", document_date=clock.today(), village=village)]
    if demo.holding == FAMILY:
        documents.append(
            source_attach(
                source_type="mandate",
                document_date=clock.today(),
                village=village,
                reference=f"MANDAT-FAMILLE-{demo.last_name.upper()}",
            )
        )
    return documents


def _registered(demo: DemoClaim, village):
    """A woman the land office registered already (for an earlier act), chosen on the claim's form."""
    return party_create(
        kind=PartyKind.NATURAL,
        village=village,
        last_name=demo.last_name,
        first_names=demo.first_names,
        sex=demo.sex,
        marital_status=MaritalStatus.WIDOWED,
        **civil_status(demo.last_name),
    )


def _member(demo: DemoClaim, index: int, village) -> ClaimantInput:
    first, sex, share, born = FAMILY_MEMBERS[index]
    mandatary = first == demo.first_names
    return ClaimantInput(
        last_name=demo.last_name,
        first_names=first,
        sex=sex,
        share=share,
        role=ClaimantRole.MANDATARY if mandatary else ClaimantRole.MEMBER,
        extra={
            "birth_date": dt.date(born, 1 + index * 4, 12),
            "birth_place": village.name,
            "profession": "cultivateur" if sex == "M" else "cultivatrice",
            "domicile": village.name,
        },
    )
