"""Load the demo commune: two villages, real parcel shapes, parties, rights and one user per role.

Safe to run again: existing units, parcels and users are kept; nothing is duplicated.
"""

import datetime as dt
import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from landreg.accounts.models import User
from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.demo.guide import guide_lines
from landreg.demo.people import FAMILY_NAMES, MEN, MEN_PROFESSIONS, WOMEN, WOMEN_PROFESSIONS
from landreg.documents.services import source_attach
from landreg.parcels.models import LandUse, Parcel, SurveyMethod
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, IdDocumentType, MaritalStatus, Party, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.models import TenureSystem
from landreg.rights.services import HolderShare, right_register
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.territory.services import unit_get_or_create

PARCELS_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "parcels.geojson"
CUSTOMARY_BASIS = "Loi n°034-2009/AN portant régime foncier rural, art. 36 ; possession foncière coutumière"
LOAN_BASIS = "Loi n°034-2009/AN, art. 37 : prêt coutumier de terre rurale"
GRAZING_BASIS = "Usage coutumier reconnu par la charte foncière locale de Sabtenga"

# (username, role, unit code, first name, last name)
DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMINISTRATOR, "BF", "Awa", "Sanou"),
    ("agent_centre", Role.FIELD_AGENT, "SAB-C", "Boukary", "Zida"),
    ("agent_nord", Role.FIELD_AGENT, "SAB-N", "Mariam", "Kouanda"),
    ("membre_centre", Role.COMMITTEE_MEMBER, "SAB-C", "Issa", "Sorgho"),
    # The BF profile's quorum needs three votes: with the president, four members can vote.
    ("membre_centre2", Role.COMMITTEE_MEMBER, "SAB-C", "Ɓibata", "Kaboré"),
    ("membre_centre3", Role.COMMITTEE_MEMBER, "SAB-C", "Oumarou", "Traoré"),
    ("president_centre", Role.COMMITTEE_PRESIDENT, "SAB-C", "Salif", "Nana"),
    # Sabtenga-Nord's committee: as many logins as the quorum, so a claim its agent lodges can be validated.
    ("membre_nord", Role.COMMITTEE_MEMBER, "SAB-N", "Habibou", "Kiemtoré"),
    ("membre_nord2", Role.COMMITTEE_MEMBER, "SAB-N", "Noufou", "Bonkoungou"),
    ("president_nord", Role.COMMITTEE_PRESIDENT, "SAB-N", "Alimata", "Zongo"),
    ("conciliation", Role.CONCILIATION_COMMITTEE, "SAB", "Pauline", "Some"),
    ("maire", Role.SIGNING_AUTHORITY, "SAB", "Adama", "Kinda"),
    ("guichet", Role.REGISTRAR, "SAB", "Rasmata", "Belem"),
    ("litiges", Role.DISPUTE_ADMINISTRATOR, "SAB", "Karim", "Ouattara"),
    ("programme", Role.PROGRAMME_OFFICER, "SAB", "Fatimata", "Ouédraogo"),
]


class Command(BaseCommand):
    help = "Load the demo commune (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet=False, **options):
        if not PARCELS_FILE.exists():
            raise CommandError(f"Missing {PARCELS_FILE}")
        password = os.environ.get("LANDREG_DEMO_PASSWORD", "demo-landreg")
        with transaction.atomic():
            features = json.loads(PARCELS_FILE.read_text())["features"]
            villages = self._territory(features)
            created = self._parcels_and_rights(features, villages)
            self._users(password)
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo loaded: {created} parcels with their parties and rights.")
            )
        else:
            self.stdout.write("Demo data already present: kept as it is.")
        if not quiet:
            # Who is who, each village's committee against its quorum, and a claim at each step once
            # load_adjudication_demo has run (make demo prints it just before serving).
            self.stdout.write("\n" + "\n".join(guide_lines(DEMO_USERS, password)))

    def _territory(self, features) -> dict[str, AdministrativeUnit]:
        bf = unit_get_or_create(code="BF", level=UnitLevel.COUNTRY, name="Burkina Faso")
        region = unit_get_or_create(
            code="BF-DEMO", level=UnitLevel.REGION, name="Région de démonstration", parent=bf
        )
        shapes = {}
        for f in features:
            shapes.setdefault(f["properties"]["village"], []).append(GEOSGeometry(json.dumps(f["geometry"])))
        hulls = {
            code: MultiPolygon(*geoms, srid=4326).convex_hull.buffer(0.002) for code, geoms in shapes.items()
        }
        commune_shape = hulls["SAB-C"].union(hulls["SAB-N"]).convex_hull
        # The villages share the commune without overlapping (territory/overlaps.py): the two hulls cover
        # each other's parcels, so Sabtenga-Centre is its hull less Sabtenga-Nord's parcels, and
        # Sabtenga-Nord its hull less Sabtenga-Centre. Each village keeps every one of its parcels.
        parcels = {code: MultiPolygon(*geoms, srid=4326).unary_union for code, geoms in shapes.items()}
        centre = hulls["SAB-C"].difference(parcels["SAB-N"])
        boundaries = {"SAB-C": centre, "SAB-N": hulls["SAB-N"].difference(centre)}
        commune = unit_get_or_create(
            code="SAB",
            level=UnitLevel.COMMUNE,
            name="Sabtenga (commune fictive)",
            parent=region,
            boundary=commune_shape,
        )
        names = {"SAB-C": "Sabtenga-Centre", "SAB-N": "Sabtenga-Nord"}
        return {
            code: unit_get_or_create(
                code=code,
                level=UnitLevel.VILLAGE,
                name=names[code],
                parent=commune,
                boundary=boundaries[code],
            )
            for code in names
        }

    def _parcels_and_rights(self, features, villages) -> int:
        created = 0
        for index, f in enumerate(features):
            props = f["properties"]
            if Parcel.objects.filter(source_id=props["source_id"]).exists():
                continue
            village = villages[props["village"]]
            parcel = parcel_record(
                village=village,
                geometry=GEOSGeometry(json.dumps(f["geometry"]), srid=4326),
                survey_method=SurveyMethod.GPS if index % 3 else SurveyMethod.IMAGERY,
                accuracy_m="2.50" if index % 3 else "1.00",
                land_use=[LandUse.RAINFED_CROPLAND, LandUse.ORCHARD, LandUse.FALLOW, LandUse.PASTURE][
                    index % 4
                ],
                official_area_m2=props["official_area_m2"] or None,
                source_id=props["source_id"],
            )
            self._rights_for(parcel, index)
            created += 1
        return created

    def _next_id_number(self) -> str:
        # One number per person (a person's ID document is unique): the index of a parcel names several.
        if not hasattr(self, "_serial"):
            self._serial = Party.objects.count()
        self._serial += 1
        return f"B{10_000_000 + self._serial * 7919}"

    def _person(self, village, index: int, sex: str, **extra):
        first = (WOMEN if sex == Sex.FEMALE else MEN)[index % 10]
        return party_create(
            kind=PartyKind.NATURAL,
            village=village,
            last_name=FAMILY_NAMES[index % len(FAMILY_NAMES)],
            first_names=first,
            sex=sex,
            birth_date=dt.date(1950 + index % 45, 1 + index % 12, 1 + index % 28),
            birth_place=village.name,
            id_document_type=IdDocumentType.NATIONAL_ID,
            id_document_number=self._next_id_number(),
            profession=(WOMEN_PROFESSIONS if sex == Sex.FEMALE else MEN_PROFESSIONS)[index % 3],
            domicile=village.name,
            marital_status=extra.pop("marital_status", MaritalStatus.MARRIED_MONOGAMOUS),
            **extra,
        )

    def _rights_for(self, parcel, index: int) -> None:
        village, pattern = parcel.village, index % 5
        if pattern == 0:  # a woman, sole holder
            holders = [
                HolderShare(
                    party=self._person(village, index, Sex.FEMALE, marital_status=MaritalStatus.WIDOWED)
                )
            ]
        elif pattern == 1:  # spouses, joint holders in equal shares
            holders = [
                HolderShare(party=self._person(village, index, Sex.MALE), share="1/2"),
                HolderShare(party=self._person(village, index + 3, Sex.FEMALE), share="1/2"),
            ]
        elif pattern == 2:  # a family group with its mandatary
            family = party_create(
                kind=PartyKind.GROUP,
                village=village,
                group_type=GroupType.FAMILY,
                name=f"Famille {FAMILY_NAMES[index % len(FAMILY_NAMES)]}",
            )
            members = [
                MemberShare(member=self._person(village, index, Sex.MALE), share="1/3", is_mandatary=True),
                MemberShare(member=self._person(village, index + 1, Sex.FEMALE), share="1/3"),
                MemberShare(
                    member=self._person(village, index + 2, Sex.FEMALE, marital_status=MaritalStatus.SINGLE),
                    share="1/3",
                ),
            ]
            group_set_members(group=family, members=members)
            source_attach(
                source_type="mandate",
                document_date=dt.date(2025, 3, 1),
                village=village,
                reference=f"MANDAT-{parcel.number}",
                parties=[family],
            )
            holders = [HolderShare(party=family)]
        elif pattern == 3:  # a man, sole holder
            holders = [
                HolderShare(
                    party=self._person(
                        village, index, Sex.MALE, marital_status=MaritalStatus.MARRIED_POLYGAMOUS
                    )
                )
            ]
        else:  # co-wives and husband, polygamous household, unequal shares
            holders = [
                HolderShare(
                    party=self._person(
                        village, index, Sex.MALE, marital_status=MaritalStatus.MARRIED_POLYGAMOUS
                    ),
                    share="1/2",
                ),
                HolderShare(
                    party=self._person(
                        village, index + 4, Sex.FEMALE, marital_status=MaritalStatus.MARRIED_POLYGAMOUS
                    ),
                    share="1/4",
                ),
                HolderShare(
                    party=self._person(
                        village, index + 5, Sex.FEMALE, marital_status=MaritalStatus.MARRIED_POLYGAMOUS
                    ),
                    share="1/4",
                ),
            ]
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=holders,
            tenure_system=TenureSystem.CUSTOMARY,
            legal_basis=CUSTOMARY_BASIS,
            start_date=dt.date(1990 + index % 30, 1, 1),
        )
        if index % 4 == 1:  # a land loan to a migrant farmer: a secondary right on the same land
            borrower = self._person(village, index + 7, Sex.FEMALE if index % 8 == 1 else Sex.MALE)
            right_register(
                parcel=parcel,
                right_type="loan",
                holders=[HolderShare(party=borrower)],
                tenure_system=TenureSystem.CUSTOMARY,
                legal_basis=LOAN_BASIS,
                start_date=dt.date(2023, 5, 1),
                end_date=dt.date(2028, 4, 30),
            )
        if index % 6 == 2:  # seasonal grazing for the herders' association after harvest
            herders = (
                party_create(
                    kind=PartyKind.GROUP,
                    village=village,
                    group_type=GroupType.ASSOCIATION,
                    name=f"Association des éleveurs de {village.name}",
                )
                if index < 6
                else None
            )
            herders = (
                herders
                or parcel.village.parties.filter(
                    kind=PartyKind.GROUP, group_type=GroupType.ASSOCIATION
                ).first()
            )
            if herders is not None:
                right_register(
                    parcel=parcel,
                    right_type="grazing",
                    holders=[HolderShare(party=herders)],
                    tenure_system=TenureSystem.CUSTOMARY,
                    legal_basis=GRAZING_BASIS,
                    description="Vaine pâture de novembre à mai",
                )

    def _users(self, password: str) -> None:
        for username, role, unit_code, first, last in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(password)
                user.save()
            role_grant(user=user, role=role, unit=AdministrativeUnit.objects.get(code=unit_code))
