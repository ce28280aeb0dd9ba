import datetime as dt
from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction

from landreg.core.exceptions import ShareError
from landreg.rights.exceptions import RightError
from landreg.rights.models import Right, RightHolder, RightType
from landreg.rights.services import HolderShare, right_register
from tests.base import RegistryTestCase, make_person


class RightTests(RegistryTestCase):
    def register(self, holders, right_type="customaryType", **extra):
        extra.setdefault("legal_basis", "Loi 034-2009/AN, art. 36")
        extra.setdefault("tenure_system", "customary")
        return right_register(parcel=self.parcel_a, right_type=right_type, holders=holders, **extra)

    def test_the_code_list_covers_formal_customary_and_secondary_rights_and_restrictions(self):
        codes = set(RightType.objects.values_list("code", flat=True))
        for code in [
            "ownership",
            "customaryType",
            "commonOwnership",
            "usufruct",
            "lease",
            "grazing",
            "loan",
            "sharecropping",
            "passage",
            "servitude",
            "mortgage",
            "noBuilding",
            "adminPublicServitude",
        ]:
            assert code in codes
        assert RightType.objects.get(code="loan").is_secondary
        assert RightType.objects.get(code="mortgage").kind == "restriction"

    def test_joint_holders_share_a_right_in_exact_thirds(self):
        people = [make_person(self.village_a, "Zongo", name) for name in ["Awa", "Mariam", "Salif"]]
        right = self.register([HolderShare(p, "1/3") for p in people])
        assert sorted(h.share for h in right.holders.all()) == [Fraction(1, 3)] * 3

    def test_shares_that_do_not_add_up_to_one_are_refused_and_nothing_is_written(self):
        other = make_person(self.village_a, "Zongo", "Issa", "M")
        before = Right.objects.count()
        with pytest.raises(ShareError):
            self.register([HolderShare(self.holder_a, "1/2"), HolderShare(other, "1/3")])
        assert Right.objects.count() == before

    def test_secondary_rights_overlap_the_primary_right_on_the_same_parcel(self):
        herder = make_person(self.village_a, "Diallo", "Hamado", "M")
        self.register([HolderShare(herder)], right_type="grazing", description="after harvest")
        self.register([HolderShare(herder)], right_type="passage", tenure_system="formal")
        assert self.parcel_a.rights.filter(end_lifespan__isnull=True).count() == 3

    def test_an_unknown_right_type_is_refused(self):
        with pytest.raises(RightError, match="code list"):
            self.register([HolderShare(self.holder_a)], right_type="freehold-ish")

    def test_a_right_needs_its_legal_basis(self):
        with pytest.raises(RightError, match="legal basis"):
            self.register([HolderShare(self.holder_a)], legal_basis="  ")

    def test_a_holder_appears_once_per_right(self):
        with pytest.raises(RightError):
            self.register([HolderShare(self.holder_a, "1/2"), HolderShare(self.holder_a, "1/2")])

    def test_the_end_date_cannot_precede_the_start_date(self):
        with pytest.raises(RightError):
            self.register(
                [HolderShare(self.holder_a)], start_date=dt.date(2025, 1, 1), end_date=dt.date(2024, 1, 1)
            )

    def test_the_database_refuses_a_share_above_one(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            RightHolder.objects.filter(right=self.right_a).update(share_numerator=3, share_denominator=2)

    def test_the_database_refuses_a_zero_denominator(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            RightHolder.objects.filter(right=self.right_a).update(share_denominator=0)

    def test_the_database_refuses_reversed_right_dates(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Right.objects.filter(pk=self.right_a.pk).update(
                start_date=dt.date(2025, 1, 1), end_date=dt.date(2020, 1, 1)
            )


class RightHistoryTests(RegistryTestCase):
    def test_ending_a_right_keeps_it_with_its_lifespan(self):
        from landreg.rights.services import right_end

        ended = right_end(right=self.right_a, reason="inheritance")
        assert ended.end_lifespan is not None
        assert not Right.objects.current().filter(pk=ended.pk).exists()
        assert Right.objects.filter(pk=ended.pk).exists()
