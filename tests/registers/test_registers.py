"""The land office's registers read from records made here: a family (collective) holding with its members
and certificate, a sale, a lease, a split, a conciliation reached and a case still open; printed and
exported through the links the registers page renders, and only to those who may read them."""

import csv
import datetime as dt
import io
from urllib.parse import urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landreg.adjudication.changes.later_life import parcel_split, secondary_right_grant
from landreg.adjudication.changes.transfers import right_transfer
from landreg.certificates.issuing.services import certificate_issue
from landreg.core import clock
from landreg.disputes.cases import transitions as dispute_moves
from landreg.disputes.cases.services import PartyInput
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_record
from landreg.parties.models import PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person
from tests.browser_forms import form_with_field, links
from tests.certificates.base import pdf_text
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

YEAR_2030 = {"start": "2030-01-01", "end": "2030-12-31"}


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


class RegisterTestCase(DisputeTestCase):
    direct_changes = True

    def documents(self, kind):
        return [
            source_attach(
                source_type=t, document_date=clock.today(), village=self.village_a, reference=f"{t}-1"
            )
            for t in self.profile.required_documents.get(kind, [])
        ]

    def setUp(self):
        super().setUp()  # 7 January 2030
        # A family holding: the group, its members with their shares and mandatary, its right and certificate.
        self.family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, group_type="family", name="Famille Ɓaŋré"
        )
        self.mother = make_person(
            self.village_a,
            "Ɓaŋré",
            "Ɛlisabɛt",
            "F",
            id_document_type="national_id",
            id_document_number="B55501234",
        )
        self.son = make_person(self.village_a, "Ŋoma", "Issa", "M")
        group_set_members(
            group=self.family,
            members=[
                MemberShare(member=self.mother, share="1/2", is_mandatary=True),
                MemberShare(member=self.son, share="1/2"),
            ],
        )
        self.family_parcel = parcel_record(
            village=self.village_a, geometry=square(2000, 0), survey_method="gps", local_name="Tanghin"
        )
        self.family_right = right_register(
            parcel=self.family_parcel,
            right_type="customaryType",
            holders=[HolderShare(self.family)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        self.certificate, _ = certificate_issue(right=self.family_right, actor=self.registrar)
        # 6 February: holder_a sells parcel A to a buyer.
        self.travel(30)
        self.buyer = make_person(
            self.village_a,
            "Kaboré",
            "Ɛmile",
            "M",
            id_document_type="national_id",
            id_document_number="B77700011",
        )
        self.sale = right_transfer(
            right=self.right_a,
            kind="sale",
            new_holders=[HolderShare(self.buyer)],
            actor=self.registrar,
            reason="Acte de vente n°12 du 5 février 2030",
            documents=self.documents("sale"),
        )
        # 8 March: the buyer leases the parcel out; the next day a parcel of holder_a is split.
        self.travel(30)
        self.tenant = make_person(self.village_a, "Traoré", "Ŋaara", "F")
        secondary_right_grant(
            parcel=self.parcel_a,
            kind="lease",
            holders=[HolderShare(self.tenant)],
            actor=self.registrar,
            legal_basis="Bail du 1er mars 2030",
            start_date=dt.date(2030, 3, 1),
            end_date=dt.date(2035, 2, 28),
            documents=self.documents("lease"),
        )
        self.travel(1)  # 9 March
        self.split_parcel = self.parcel_held(4000)
        self.split = parcel_split(
            parcel=self.split_parcel,
            parts=[
                square(4000, 0, 50).union(square(4000, 50, 50)),
                square(4050, 0, 50).union(square(4050, 50, 50)),
            ],
            actor=self.registrar,
            reason="Partage entre enfants, PV n°3",
            documents=self.documents("split"),
        )
        # Two dispute cases: one conciliated (12 March → 19 March), one still open.
        self.travel(3)
        disputed = self.parcel_held(3000)
        self.case = self.file_case(
            subject="Limite ouest contestée",
            kind="boundary",
            parcels=[disputed],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("neighbour", "ƁOUGMA Ŋaaba", "M", represented_by="Ɓila Zongo"),
            ],
        )
        self.held_session(self.case)
        self.outcome = dispute_moves.agree(
            case=self.case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="La limite suit la haie de karité.",
            signatures="Empreintes des deux parties",
        )
        self.open_case = self.file_case(
            subject="Héritage disputé", kind="inheritance", parcels=[self.family_parcel]
        )
        # Village B has its own register, never shown with village A's.
        right_register(
            parcel=self.parcel_b,
            right_type="customaryType",
            holders=[HolderShare(make_person(self.village_b, "Sawadogo", "Rasmata"))],
            tenure_system="customary",
            legal_basis="x",
        )

    def registers_page(self, user, **filters) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse("registers:list"), filters)
        assert response.status_code == 200
        return response.content.decode()

    def download_links(self, html: str) -> dict[tuple[str, str, str], str]:
        """{(village code, register, format): href} of the links the page renders."""
        found = {}
        for href in links(html):
            parts = urlparse(href).path.strip("/").split("/")
            if parts[0] == "registers" and len(parts) == 4:
                found[tuple(parts[1:])] = href
        return found

    def follow(self, href: str):
        response = self.client.get(href)
        assert response.status_code == 200, (href, response.status_code)
        return response

    def register(self, user, kind, fmt="csv", village="TC-A", **period):
        html = self.registers_page(user, village=village, **(period or YEAR_2030))
        return self.follow(self.download_links(html)[(village, kind, fmt)])


class PossessionsRegisterTests(RegisterTestCase):
    def test_each_primary_right_of_the_village_is_an_entry_numbered_in_the_order_it_was_written(self):
        header, *rows = csv_rows(self.register(self.registrar, "possessions").content)
        assert header[:3] == ["N° d’ordre", "Date d’inscription", "Parcelle"]
        # Entry 1 (holder_a's right, written when the register was opened) lies before 2030.
        numbers = [(r[0], r[2]) for r in rows]
        assert numbers == [
            ("2", self.family_parcel.number),
            ("3", self.parcel_a.number),  # the buyer's right
            ("4", self.split_parcel.number),  # the parcel split on 9 March
            ("5", "TC-A-00004"),  # its two parts carry the right on
            ("6", "TC-A-00005"),
            ("7", "TC-A-00006"),  # the disputed parcel
        ], numbers
        assert self.parcel_b.number not in str(rows)  # village B keeps its own register

    def test_a_collective_holding_lists_its_members_shares_mandatary_and_certificate(self):
        _header, family, *_ = csv_rows(self.register(self.registrar, "possessions").content)
        assert family[1] == "07/01/2030" and family[3] == "Tanghin"
        assert family[4].replace("\u00a0", " ") == "1 ha 00 a 00 ca"
        holders = family[6].split("\n")
        assert holders[0] == "Famille Ɓaŋré (1)"
        assert "ƁAŊRÉ Ɛlisabɛt — carte nationale d’identité B55501234 (1/2), mandataire" in holders[1]
        assert "ŊOMA Issa (1/2)" in holders[2]
        assert family[7] == f"{self.certificate.number} du 07/01/2030"

    def test_a_sold_right_says_when_it_ended_and_the_new_one_how_it_came(self):
        _header, *rows = csv_rows(
            self.register(self.registrar, "possessions", start="2026-01-01", end="2030-12-31").content
        )
        sold, bought = rows[0], rows[2]
        assert sold[0] == "1" and "OUÉDRAOGO Aminata" in sold[6]
        assert sold[8] == "Fin le 06/02/2030 (vente)"
        assert "KABORÉ Ɛmile" in bought[6] and bought[8] == "Par vente inscrite le 06/02/2030"

    def test_the_period_keeps_the_entry_numbers_of_the_whole_register(self):
        _header, *rows = csv_rows(
            self.register(self.registrar, "possessions", start="2030-02-01", end="2030-02-28").content
        )
        assert [(r[0], r[1]) for r in rows] == [("3", "06/02/2030")]

    def test_the_register_reads_its_period_s_entries_and_never_the_parcels_shapes(self):
        # A village's register holds thousands of entries: the ones before the period are counted (their
        # numbers go on), not read, and no parcel's geometry is read for a table of texts.
        with CaptureQueriesContext(connection) as statements:
            _header, *rows = csv_rows(
                self.register(self.registrar, "possessions", start="2030-02-01", end="2030-02-28").content
            )
        assert [r[0] for r in rows] == ["3"]
        read = [q["sql"] for q in statements.captured_queries]
        assert not [sql for sql in read if '"geometry"' in sql and '"rights_right"' in sql], read
        rights_read = [sql for sql in read if sql.startswith('SELECT "rights_right"."id"')]
        assert len(rights_read) == 1 and '"rights_right"."created_at" >=' in rights_read[0], rights_read


class TransactionsRegisterTests(RegisterTestCase):
    def test_the_sale_the_lease_and_the_split_with_the_holders_before_and_after(self):
        header, *rows = csv_rows(self.register(self.registrar, "transactions").content)
        assert header == [
            "N° d’ordre",
            "Date d’inscription",
            "Transaction",
            "Parcelles",
            "Titulaires avant",
            "Titulaires après",
            "Période",
            "Référence",
        ]
        sale, lease, split = rows
        assert sale[:4] == ["1", "06/02/2030", "vente", self.parcel_a.number]
        assert sale[4].startswith("OUÉDRAOGO Aminata — carte nationale d’identité B12345678 (1)")
        assert sale[5] == "KABORÉ Ɛmile — carte nationale d’identité B77700011 (1)"
        assert sale[7] == "Acte de vente n°12 du 5 février 2030"
        assert lease[:4] == ["2", "08/03/2030", "Bail", self.parcel_a.number]
        assert lease[4].startswith("KABORÉ Ɛmile") and lease[5] == "TRAORÉ Ŋaara (1)"
        assert lease[6] == "01/03/2030 – 28/02/2035"
        assert split[2] == "division"
        assert split[3] == f"{self.split_parcel.number} → TC-A-00004, TC-A-00005"
        assert split[4].startswith("OUÉDRAOGO Aminata") and split[5].startswith("OUÉDRAOGO Aminata")

    def test_a_period_keeps_the_numbers_of_the_whole_register_and_reads_only_its_own_entries(self):
        with CaptureQueriesContext(connection) as statements:
            _header, *rows = csv_rows(
                self.register(self.registrar, "transactions", start="2030-03-09", end="2030-12-31").content
            )
        assert [(r[0], r[1], r[2]) for r in rows] == [("3", "09/03/2030", "division")], rows
        # The sale (6 February) and the lease (8 March) before the period are counted, not read.
        read = [q["sql"] for q in statements.captured_queries]
        transfers_read = [sql for sql in read if sql.startswith('SELECT "adjudication_transfer"."id"')]
        assert transfers_read and all('"recorded_at" >=' in sql for sql in transfers_read), transfers_read
        _header, *rows = csv_rows(
            self.register(self.registrar, "transactions", start="2030-03-01", end="2030-03-08").content
        )
        assert [(r[0], r[2]) for r in rows] == [("2", "Bail")], rows

    def test_each_lease_names_its_grantor_and_the_statements_do_not_grow_with_the_leases(self):
        def leases_register():
            href = self.download_links(self.registers_page(self.registrar, village="TC-A", **YEAR_2030))[
                ("TC-A", "transactions", "csv")
            ]
            with CaptureQueriesContext(connection) as statements:
                _header, *rows = csv_rows(self.follow(href).content)
            return [r for r in rows if r[2] in ("Bail", "Prêt")], len(statements.captured_queries)

        leases_register()  # what a first request reads once (the session, the user's grants)
        leases, one_lease = leases_register()
        assert len(leases) == 1
        for at in (5000, 6000, 7000):
            parcel = self.parcel_held(at)
            secondary_right_grant(
                parcel=parcel,
                kind="loan",
                holders=[HolderShare(make_person(self.village_a, "Ɓila", f"Ŋuna {at}", "F"))],
                actor=self.registrar,
                legal_basis=f"Prêt {at}",
                start_date=dt.date(2030, 4, 1),
                documents=self.documents("loan"),
            )
        leases, four_leases = leases_register()
        assert four_leases == one_lease, (one_lease, four_leases)
        assert leases[0][4].startswith("KABORÉ Ɛmile")  # the buyer, who held the parcel on 8 March
        for loan in leases[1:]:
            assert loan[4].startswith("OUÉDRAOGO Aminata") and "Ŋuna" in loan[5], loan


class ConciliationsRegisterTests(RegisterTestCase):
    def test_each_case_with_its_parties_sessions_and_outcome(self):
        header, conciliated, still_open = csv_rows(self.register(self.disputes, "conciliations").content)
        assert header[2:] == ["Dossier", "Parcelles", "Parties", "Séances tenues", "Issue", "Termes"]
        assert conciliated[0] == "1" and conciliated[1] == "12/03/2030"
        assert conciliated[2] == f"{self.case.number}\nlimites\nLimite ouest contestée"
        assert conciliated[4].split("\n") == [
            "OUÉDRAOGO Aminata (titulaire)",
            "ƁOUGMA Ŋaaba (voisin) — représenté par Ɓila Zongo",
        ]
        assert conciliated[5] == "19/03/2030, Maison du village"
        assert conciliated[6] == "accord (conciliation) — 19/03/2030"
        assert conciliated[7].startswith("La limite suit la haie de karité.")
        assert (
            still_open[2].startswith(self.open_case.number)
            and still_open[6] == "ouvert"
            and still_open[5] == "—"
        )

    def test_the_change_to_the_register_is_said_once_and_only_where_there_is_one(self):
        # Before: each outcome's terms ended « Modification du registre : rien à changer au registre », on
        # every row (a non-conciliation, an agreement that changes nothing), again for each outcome of a case.
        parcel = self.parcel_held(6000)
        case = self.file_case(
            subject="Prêt contesté", kind="secondary_right", rights=[parcel.rights.current().get()]
        )
        self.held_session(case)
        dispute_moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Les parties maintiennent."
        )
        dispute_moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI",
            court_reference="RG 1",
            referred_on=clock.today(),
        )
        dispute_moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Le droit prend fin.",
            document=self.court_decision(),
            change="end_right",
        )
        _header, conciliated, still_open, decided = csv_rows(
            self.register(self.disputes, "conciliations").content
        )
        assert conciliated[7] == "La limite suit la haie de karité.", conciliated[7]
        assert still_open[7] == "—"
        assert decided[6].split("\n")[0].startswith("non-conciliation — "), decided[6]
        assert decided[7].split("\n") == [
            "Les parties maintiennent.",
            "Le droit prend fin.",
            "Modification du registre\u202f: le droit prend fin",
        ], decided[7]
        text = pdf_text(self.register(self.disputes, "conciliations", fmt="pdf").content)
        assert "rien à changer" not in text and text.count("Modification du registre") == 1, text

    def test_a_period_counts_the_cases_opened_before_it_and_numbers_on(self):
        with CaptureQueriesContext(connection) as statements:
            _header, *rows = csv_rows(
                self.register(self.disputes, "conciliations", start="2030-03-15", end="2030-12-31").content
            )
        assert [(r[0], r[2].split("\n")[0]) for r in rows] == [("2", self.open_case.number)], rows
        cases_read = [
            q["sql"]
            for q in statements.captured_queries
            if q["sql"].startswith('SELECT "disputes_disputecase"."id"')
        ]
        assert cases_read and all('"opened_at" >=' in sql for sql in cases_read), cases_read

    def test_the_printed_extract_counts_its_entries_in_french_singular_and_plural(self):
        # Before: « 1 inscription(s) dans la période », the plural left to the reader.
        one = pdf_text(
            self.register(
                self.disputes, "conciliations", fmt="pdf", start="2030-03-15", end="2030-12-31"
            ).content
        )
        assert " : 1 inscription dans la période." in one, one
        both = pdf_text(self.register(self.disputes, "conciliations", fmt="pdf").content)
        assert " : 2 inscriptions dans la période." in both, both
        assert "(s)" not in one + both


class PrintedRegisterTests(RegisterTestCase):
    def test_the_pdf_names_the_register_village_commune_and_period_and_prints_every_entry(self):
        response = self.register(self.registrar, "possessions", fmt="pdf")
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "REGISTRE DES POSSESSIONS FONCIÈRES RURALES" in text
        assert "Village : Village A — Commune : Test commune — Période : du 01/01/2030 au 31/12/2030" in text
        # Names and ID numbers whole: a table cell never cuts a word.
        for word in ["Famille Ɓaŋré", "ƁAŊRÉ Ɛlisabɛt", "B55501234", "ŊOMA Issa", self.certificate.number]:
            assert word in text, word
        assert "page 1 / 1" in text

    def test_a_long_register_repeats_its_heading_on_every_numbered_page(self):
        from landreg.registers.kinds import Register, RegisterKind
        from landreg.registers.pdf import register_pdf

        rows = [
            [
                str(n),
                "07/01/2030",
                f"TC-A-{n:05d}",
                "Tanghin",
                "1 ha 00 a 00 ca",
                "Possession coutumière",
                f"ƁAŊRÉ Ɛlisabɛt {n}\nŊOMA Issa",
                "—",
                "",
            ]
            for n in range(1, 121)
        ]
        register = Register(
            RegisterKind.POSSESSIONS,
            self.village_a,
            self.commune,
            dt.date(2030, 1, 1),
            dt.date(2030, 12, 31),
            [
                "N° d’ordre",
                "Date",
                "Parcelle",
                "Lieu-dit",
                "Superficie",
                "Droit",
                "Titulaires",
                "Certificat",
                "Obs.",
            ],
            rows,
        )
        from pypdf import PdfReader

        pages = [
            " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(register_pdf(register))).pages
        ]
        assert len(pages) >= 3
        for number, page in enumerate(pages, start=1):
            assert page.count("REGISTRE DES POSSESSIONS FONCIÈRES RURALES") == 1, number
            assert "Village : Village A" in page and "Lieu-dit" in page, number
            assert f"page {number} / {len(pages)}" in page, number
        assert all(f"TC-A-{n:05d}" in " ".join(pages) for n in range(1, 121))


class RegisterAccessTests(RegisterTestCase):
    def test_the_registrar_finds_every_register_of_the_commune_s_villages_and_follows_each_link(self):
        html = self.registers_page(self.registrar)
        found = self.download_links(html)
        kinds = ("possessions", "transactions", "conciliations")
        assert set(found) == {(v, k, f) for v in ("TC-A", "TC-B") for k in kinds for f in ("pdf", "csv")}
        for (_village, _kind, fmt), href in found.items():
            response = self.follow(href)
            assert response["Content-Type"].startswith({"pdf": "application/pdf", "csv": "text/csv"}[fmt])

    def test_the_filters_are_submitted_as_the_page_renders_them(self):
        html = self.registers_page(self.registrar)
        form = form_with_field(html, "village")
        response = self.client.get(
            reverse("registers:list"), form.data(village="TC-B", start="2030-03-01", end="2030-03-31")
        )
        found = self.download_links(response.content.decode())
        assert {k[0] for k in found} == {"TC-B"}
        assert found[("TC-B", "possessions", "csv")].endswith("?start=2030-03-01&end=2030-03-31")

    def test_a_period_that_ends_before_it_starts_is_refused_with_a_reason(self):
        html = self.registers_page(self.registrar, start="2030-03-01", end="2030-02-01")
        assert "La période se termine avant de commencer." in html and not self.download_links(html)
        self.client.force_login(self.registrar)
        url = reverse("registers:download", args=["TC-A", "possessions", "csv"])
        assert self.client.get(url, {"start": "2030-03-01", "end": "2030-02-01"}).status_code == 400

    def test_another_village_s_agent_neither_sees_nor_downloads_village_a_s_registers(self):
        assert {k[0] for k in self.download_links(self.registers_page(self.agent_b))} == {"TC-B"}
        for kind in ("possessions", "transactions", "conciliations"):
            url = reverse("registers:download", args=["TC-A", kind, "pdf"])
            assert self.client.get(url, YEAR_2030).status_code == 404

    def test_a_committee_member_reads_names_but_no_id_document_and_no_conciliation(self):
        found = self.download_links(self.registers_page(self.member_a, village="TC-A", **YEAR_2030))
        assert {k[1] for k in found} == {"possessions", "transactions"}
        body = self.follow(found[("TC-A", "possessions", "csv")]).content.decode("utf-8-sig")
        assert "ƁAŊRÉ Ɛlisabɛt" in body and "B55501234" not in body
        body = self.follow(found[("TC-A", "transactions", "csv")]).content.decode("utf-8-sig")
        assert "KABORÉ Ɛmile" in body and "B77700011" not in body and "B12345678" not in body
        url = reverse("registers:download", args=["TC-A", "conciliations", "csv"])
        assert self.client.get(url, YEAR_2030).status_code == 404

    def test_the_conciliation_committee_reads_the_register_of_conciliations(self):
        found = self.download_links(self.registers_page(self.conciliator, village="TC-A", **YEAR_2030))
        assert ("TC-A", "conciliations", "pdf") in found
        assert "Limite ouest contestée" in pdf_text(
            self.follow(found[("TC-A", "conciliations", "pdf")]).content
        )

    def test_a_user_without_a_role_keeps_no_register_and_a_visitor_is_asked_to_log_in(self):
        html = self.registers_page(self.stranger)
        assert not self.download_links(html) and "Vous ne tenez aucun registre." in html
        url = reverse("registers:download", args=["TC-A", "possessions", "csv"])
        assert self.client.get(url).status_code == 404
        self.client.logout()
        assert self.client.get(reverse("registers:list")).status_code == 302
        assert self.client.get(url).status_code == 302
