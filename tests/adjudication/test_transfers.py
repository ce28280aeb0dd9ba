from landreg.adjudication.changes.transfers import right_transfer
from landreg.adjudication.exceptions import MissingDocumentsError, TransferError
from landreg.adjudication.models import Transfer
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError, ShareError
from landreg.documents.services import source_attach
from landreg.rights.models import Right
from landreg.rights.services import HolderShare
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person


class InheritanceTests(AdjudicationTestCase):
    profile_code = "bf-apfr"
    direct_changes = True

    def setUp(self):
        super().setUp()
        self.heirs = [
            make_person(self.village_a, last_name="Kabore", first_names=name, sex=sex)
            for name, sex in [("Awa", "F"), ("Issa", "M"), ("Rasmata", "F")]
        ]
        self.attestation = source_attach(
            source_type="customary_attestation", document_date=clock.today(), village=self.village_a
        )

    def shares(self, *fractions):
        return [HolderShare(party=p, share=s) for p, s in zip(self.heirs, fractions, strict=True)]

    def test_heirs_take_the_right_with_their_shares_and_the_old_right_becomes_history(self):
        transfer = right_transfer(
            right=self.right_a,
            kind="inheritance",
            new_holders=self.shares("1/2", "1/4", "1/4"),
            actor=self.registrar,
            reason="Décès de OUÉDRAOGO Aminata le 2 janvier 2030",
            documents=[self.attestation],
        )
        old, new = Right.objects.get(pk=self.right_a.pk), transfer.new_right
        assert not old.is_current and old.end_lifespan == clock.now()
        assert new.is_current and new.parcel == self.parcel_a and new.begin_lifespan == clock.now()
        assert sorted(str(h.share) for h in new.holders.all()) == ["1/2", "1/4", "1/4"]
        assert list(self.parcel_a.rights.current()) == [new]
        assert self.attestation.rights.get() == new

    def test_the_documents_the_profile_requires_must_be_given(self):
        with self.assertRaisesMessage(MissingDocumentsError, "customary attestation"):
            right_transfer(
                right=self.right_a,
                kind="inheritance",
                new_holders=self.shares("1/3", "1/3", "1/3"),
                actor=self.registrar,
                reason="Décès",
            )
        assert self.parcel_a.rights.current().get() == self.right_a

    def test_shares_that_do_not_add_up_leave_the_right_untouched(self):
        with self.assertRaises(ShareError):
            right_transfer(
                right=self.right_a,
                kind="inheritance",
                new_holders=self.shares("1/2", "1/4", "1/8"),
                actor=self.registrar,
                reason="Décès",
                documents=[self.attestation],
            )
        assert Right.objects.get(pk=self.right_a.pk).is_current
        assert not Transfer.objects.exists()

    def test_an_ended_right_cannot_be_transferred_again(self):
        args = {
            "kind": "inheritance",
            "actor": self.registrar,
            "reason": "Décès",
            "documents": [self.attestation],
        }
        right_transfer(right=self.right_a, new_holders=self.shares("1/3", "1/3", "1/3"), **args)
        with self.assertRaises(TransferError):
            right_transfer(right=self.right_a, new_holders=self.shares("1/3", "1/3", "1/3"), **args)

    def test_only_the_registrar_of_the_commune_records_transfers(self):
        for actor in (self.agent_a, self.member_a, self.mayor, self.stranger):
            with self.assertRaises(PermissionDeniedError):
                right_transfer(
                    right=self.right_a,
                    kind="inheritance",
                    new_holders=self.shares("1/3", "1/3", "1/3"),
                    actor=actor,
                    reason="Décès",
                    documents=[self.attestation],
                )

    def test_a_sale_needs_a_deed(self):
        with self.assertRaisesMessage(MissingDocumentsError, "deed"):
            right_transfer(
                right=self.right_a,
                kind="sale",
                new_holders=[HolderShare(party=self.heirs[0])],
                actor=self.registrar,
                reason="Vente",
            )
