"""The adjudication cast plus the commune's conciliation committee, and helpers that walk a case."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from landreg.accounts.roles import Role
from landreg.core import clock
from landreg.disputes.cases import transitions as dt_moves
from landreg.disputes.cases.services import PartyInput, dispute_file
from landreg.disputes.cases.transitions import PositionInput
from landreg.documents.services import source_attach
from tests.adjudication.helpers import AdjudicationTestCase, make_user


class DisputeTestCase(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.conciliator = make_user("conciliator", Role.CONCILIATION_COMMITTEE, cls.commune)

    def file_case(self, village=None, actor=None, subject="Litige", **details):
        """A case opened directly by the dispute administrator, with the holder and a contender as parties."""
        details.setdefault(
            "parties",
            [
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", "ZONGO Paul", "M"),
            ],
        )
        return dispute_file(
            actor=actor or self.disputes, village=village or self.village_a, subject=subject, **details
        )

    def held_session(self, case, actor=None):
        """Schedule a session a week ahead, travel there and record it with every party present."""
        actor = actor or self.conciliator
        session = dt_moves.session_schedule(
            case=case,
            actor=actor,
            scheduled_for=clock.today() + dt.timedelta(days=7),
            place="Maison du village",
        )
        self.travel(7)
        return dt_moves.session_hold(
            case=case,
            actor=actor,
            session=session,
            held_on=clock.today(),
            conciliators="Naaba Kiiba, SAWADOGO Issa",
            language="mooré",
            translation_language="français",
            minutes="Les parties ont été entendues.",
            positions=[PositionInput(p.pk, True, f"Position de {p.name}") for p in case.parties.all()],
        )

    def court_decision(self, village=None, scanned=True):
        """The court's judgement, with its scan (the register records a court's act only with its proof) or,
        ``scanned=False``, a paper's reference alone."""
        return source_attach(
            source_type="court_decision",
            document_date=clock.today(),
            village=village or self.village_a,
            reference="TGI Koudougou 12/2030",
            file=judgement_scan() if scanned else None,
        )


JUDGEMENT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def judgement_scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("jugement.pdf", JUDGEMENT_PDF, content_type="application/pdf")
