"""The fixed cast of users and places every permission test reads from.

Commune "Test commune" (TC-C) holds village A (TC-A) and village B (TC-B). The cast:
agent_a (field agent of A), member_a (committee member of A), agent_b (field agent of B),
mayor (signing authority of the commune), stranger (no role at all).
"""

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from landreg.accounts.models import User
from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims.services import ClaimantInput
from landreg.audit.models import AuditEvent
from landreg.core.history.versioning import history_model
from landreg.core.models import VersionRecord
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import party_create
from landreg.rights.services import HolderShare, right_register
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.geometries import square


def make_territory():
    country = unit_create(level=UnitLevel.COUNTRY, code="TC", name="Testland")
    region = unit_create(level=UnitLevel.REGION, code="TC-R", name="Test region", parent=country)
    commune = unit_create(level=UnitLevel.COMMUNE, code="TC-C", name="Test commune", parent=region)
    village_a = unit_create(level=UnitLevel.VILLAGE, code="TC-A", name="Village A", parent=commune)
    village_b = unit_create(level=UnitLevel.VILLAGE, code="TC-B", name="Village B", parent=commune)
    return country, region, commune, village_a, village_b


def make_user(username: str, role=None, unit=None) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username)
    if role is not None:
        role_grant(user=user, role=role, unit=unit)
    return user


def draft_inheritance(*, registrar, right, heir, reason: str = "Décès"):
    """An application for the inheritance of ``right`` by ``heir``, who takes the whole share."""
    return change_draft(
        actor=registrar,
        kind="inheritance",
        right=right,
        new_holders=[ClaimantInput(party=heir, share="1")],
        data={"reason": reason},
    )


def make_person(village, last_name="Ouédraogo", first_names="Aminata", sex=Sex.FEMALE, **fields):
    return party_create(
        kind=PartyKind.NATURAL,
        village=village,
        last_name=last_name,
        first_names=first_names,
        sex=sex,
        **fields,
    )


class RegistryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village_a, cls.village_b = make_territory()
        cls.agent_a = make_user("agent_a", Role.FIELD_AGENT, cls.village_a)
        cls.member_a = make_user("member_a", Role.COMMITTEE_MEMBER, cls.village_a)
        cls.agent_b = make_user("agent_b", Role.FIELD_AGENT, cls.village_b)
        cls.mayor = make_user("mayor", Role.SIGNING_AUTHORITY, cls.commune)
        cls.stranger = make_user("stranger")
        cls.parcel_a = parcel_record(village=cls.village_a, geometry=square(0, 0), survey_method="gps")
        cls.parcel_b = parcel_record(village=cls.village_b, geometry=square(1000, 0), survey_method="gps")
        cls.holder_a = make_person(
            cls.village_a, id_document_type="national_id", id_document_number="B12345678", birth_place="Réo"
        )
        cls.right_a = right_register(
            parcel=cls.parcel_a,
            right_type="customaryType",
            holders=[HolderShare(party=cls.holder_a)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )


def record_shared_holding(village, geometry, people):
    """A parcel held in thirds by two people and a lineage (a collective holder): a right of three holders."""
    parcel = parcel_record(village=village, geometry=geometry, survey_method="gps")
    lineage = party_create(
        kind=PartyKind.GROUP, village=village, name="Lignage Ɓɔɔ", group_type=GroupType.LINEAGE
    )
    right_register(
        parcel=parcel,
        right_type="customaryType",
        holders=[*(HolderShare(party=person, share="1/3") for person in people), HolderShare(lineage, "1/3")],
        tenure_system="customary",
        legal_basis="Loi 034-2009/AN, art. 36",
    )
    return parcel


def events_for(obj):
    """The audit chain's events about ``obj``."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def versions_of(obj) -> list:
    """Every version of ``obj``, oldest first: typed rows (the current one last) where its model has a
    history table, otherwise the JSON snapshots of its past versions."""
    history = history_model(type(obj))
    if history is not None:
        return list(history.objects.filter(**{f"{history.RECORD}_id": obj.pk}).order_by("version"))
    return list(
        VersionRecord.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    )
