"""Personal data of one village never reaches a visitor or a user of another village (brief, December).

On the demo commune (two villages, claims, certificates, disputes), an identity paper and a field photo of
Sabtenga-Centre, each role granted on Sabtenga-Nord alone, and an anonymous visitor walk every link from the
home page and every list the API, the OGC API, the exports and the registers answer: no ID number, birth
date or fingerprint marker of a person of Centre appears in any page, JSON, CSV, PDF or archive; and the
addresses of Centre's parties, documents, claims, disputes and certificates answer 403 or 404 (an anonymous
visitor is sent to the login page, or told 401 by the API).
"""

import datetime as dt
import io
import json
import re
import zipfile
from collections import deque

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, TestCase

from landreg.accounts.models import User
from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.adjudication.models import Claim, Claimant
from landreg.certificates.models import Certificate
from landreg.collect.models import Submission, SubmissionAttachment
from landreg.disputes.models import DisputeCase
from landreg.documents.models import Source, SourceType
from landreg.documents.services import source_attach
from landreg.parcels import topology  # noqa: F401 - shapely loaded before a command imports it: else a crash
from landreg.parties.models import Party, PartyKind
from landreg.territory.models import AdministrativeUnit
from tests.browser_forms import links, same_site_path

MAX_PAGES = 120  # per user: the demo's menus, lists, a few detail pages of each kind
SKIP = ("/static/", "/logout", "/i18n/", "/api/docs", "/api/schema", "/basemap/", "/tiles/", "/jsi18n/")
# JPEG magic, then bytes that are no one's business: an identity paper's scan.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def texts(body: bytes) -> str:
    """What a response says, whatever its form: a PDF's text, each member of a zip archive, else the bytes."""
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(texts(archive.read(name)) for name in archive.namelist())
    text = body.decode("utf-8", "replace")
    if text[:1] in "[{":
        try:  # JSON may escape what it writes
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def date_forms(day: dt.date) -> set[str]:
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    return {
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day} {months[day.month - 1]} {day.year}",
        f"{'1er' if day.day == 1 else day.day} {months[day.month - 1]} {day.year}",
        day.strftime("%d.%m.%Y"),
    }


class PersonalDataStaysInItsVillageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        quiet = io.StringIO()
        call_command("load_demo", quiet=True, stdout=quiet)
        centre_people = Party.objects.filter(village__code="SAB-C", kind=PartyKind.NATURAL)
        for n, pk in enumerate(centre_people.values_list("pk", flat=True)[:20]):  # the demo has no marks
            Party.objects.filter(pk=pk).update(fingerprint_marker=f"EMPREINTE-CENTRE-{n:03d}")
        call_command("load_adjudication_demo", stdout=quiet)
        call_command("load_disputes_demo", stdout=quiet)
        call_command("issue_certificate", "--approved-claims", "--signer", "maire", stdout=quiet)
        cls.centre = AdministrativeUnit.objects.get(code="SAB-C")
        cls.nord = AdministrativeUnit.objects.get(code="SAB-N")
        person = Party.objects.filter(village=cls.centre, kind=PartyKind.NATURAL).first()
        cls.id_paper = source_attach(
            source_type=SourceType.ID_DOCUMENT,
            document_date=dt.date(2025, 3, 1),
            village=cls.centre,
            reference="CNIB-CENTRE",
            file=ContentFile(JPEG, name="cnib.jpg"),
            parties=[person],
        )
        submission = Submission.objects.create(
            instance_id="uuid:centre-photo",
            form_id="claim",
            agent=User.objects.get(username="agent_centre"),
            village=cls.centre,
            xml="<data/>",
        )
        cls.photo = SubmissionAttachment.objects.create(
            submission=submission,
            name="id-photo.jpg",
            file=ContentFile(JPEG, name="id-photo.jpg"),
            content_type="image/jpeg",
            size=len(JPEG),
        )
        cls.users = {None: None}
        for role in Role:
            user = User.objects.create_user(username=f"nord_{role.value}", password="pw-nord")
            role_grant(user=user, role=role, unit=cls.nord)
            cls.users[user.username] = user
        cls.users["agent_nord"] = User.objects.get(username="agent_nord")

    def secrets(self) -> dict[str, str]:
        """Centre's personal data as it may be written: each ID number, fingerprint marker and birth date."""
        found = {}
        # A person of Nord born the same day as one of Centre: that day is not Centre's secret.
        elsewhere = set(Party.objects.exclude(village=self.centre).values_list("birth_date", flat=True))
        for party in Party.objects.filter(village=self.centre, kind=PartyKind.NATURAL):
            if party.id_document_number:
                found[party.id_document_number] = f"ID number of {party}"
            if party.fingerprint_marker:
                found[party.fingerprint_marker] = f"fingerprint of {party}"
            if party.birth_date and party.birth_date not in elsewhere:
                for written in date_forms(party.birth_date):
                    found[written] = f"birth date of {party}"
        assert len(found) > 20, found
        return found

    def seeds(self) -> list[str]:
        """Lists and downloads not always linked from a page: the APIs, exports and registers."""
        urls = [
            "/",
            "/api/v1/parcels/",
            "/api/v1/claims/",
            "/api/v1/certificates/",
            "/api/v1/certificates/queue/",
            "/api/v1/disputes/",
            "/api/v1/disputes/figures/",
            "/api/v1/disputes/reminders/",
            "/ogcapi/collections/parcels/items?limit=1000",
            "/ogcapi/collections/parcels/items?limit=1000&f=json",
            "/registre/",
            "/registre/carte/",
            "/registre/villages/SAB-C/",
            "/registers/",
            "/certificates/all/export.csv",
            "/collect/",
            "/adjudication/affichage/SAB-C/",
            "/adjudication/affichage/SAB-C/pdf/",
            "/statistics/",
            "/statistics/report.pdf",
        ]
        for fmt in ("csv", "geojson", "gpkg", "shp", "ladm"):
            urls.append(f"/parcels/export/{fmt}/")
            urls.append(f"/parcels/export/{fmt}/?unit=SAB-C")
        for village in ("SAB-C", "SAB-N"):
            for kind in ("possessions", "transactions", "conciliations"):
                for fmt in ("csv", "pdf"):
                    urls.append(f"/registers/{village}/{kind}/{fmt}/?start=2000-01-01&end=2030-12-31")
        for certificate in Certificate.objects.filter(village=self.centre):
            urls.append(f"/verify/{certificate.token}")
            urls.append(f"/api/v1/certificates/verify/{certificate.token}/")
        for parcel in self.centre.parcels.all()[:5]:
            urls.append(f"/registre/parcelles/{parcel.pk}/")
        return urls

    def centre_addresses(self) -> list[str]:
        """Direct addresses of Centre's own objects, as someone guessing or given an id would type them."""
        urls = []
        for party in Party.objects.filter(village=self.centre)[:5]:
            urls.append(f"/admin/parties/party/{party.pk}/change/")
        # the person's page (web.people) of a holder, of a family holding and of a claimant
        claimant = Claimant.objects.filter(claim__village=self.centre, party__isnull=False).first()
        group = Party.objects.filter(village=self.centre, kind=PartyKind.GROUP).first()
        holder = Party.objects.filter(
            village=self.centre, kind=PartyKind.NATURAL, holdings__isnull=False
        ).first()
        urls += [f"/people/{party.pk}/" for party in (holder, group, claimant.party)]
        for source in Source.objects.filter(village=self.centre).exclude(file=""):
            urls.append(f"/documents/{source.pk}/file/")
        urls.append(f"/collect/attachments/{self.photo.pk}/")
        assert f"/documents/{self.id_paper.pk}/file/" in urls
        for claim in Claim.objects.filter(village=self.centre)[:6]:
            urls += [
                f"/adjudication/claims/{claim.pk}/",
                f"/adjudication/claims/{claim.pk}/edit/",
                f"/adjudication/claims/{claim.pk}/consents/",
                f"/adjudication/claims/{claim.pk}/papers/receipt.pdf",
                f"/adjudication/claims/{claim.pk}/papers/committee-minutes.pdf",
                f"/api/v1/claims/{claim.pk}/",
                f"/admin/adjudication/claim/{claim.pk}/change/",
            ]
        for case in DisputeCase.objects.filter(village=self.centre):
            urls += [f"/disputes/{case.pk}/", f"/api/v1/disputes/{case.pk}/"]
        for certificate in Certificate.objects.filter(village=self.centre):
            urls += [
                f"/certificates/{certificate.pk}/",
                f"/api/v1/certificates/{certificate.pk}/",
                f"/admin/certificates/certificate/{certificate.pk}/change/",
            ]
        assert any("/disputes/" in u for u in urls) and any("/certificates/" in u for u in urls), urls
        return urls

    def walk(self, browser: Client) -> dict[str, bytes]:
        """Every address reached (GET, same site) from the seeds, with the body it answered."""
        seen, queue, bodies = set(), deque(self.seeds()), {}
        while queue and len(seen) < MAX_PAGES:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = browser.get(url)
            if response.status_code != 200:
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            bodies[url] = body
            kind = response.get("Content-Type", "")
            if "html" in kind:
                found = links(body.decode())
            elif "json" in kind:
                found = re.findall(r'"(?:href|url|next)":\s*"([^"]+)"', body.decode())
            else:
                found = []
            for href in found:
                target = self.same_site(url, href)
                if target and target not in seen:
                    queue.append(target)
        return bodies

    def same_site(self, base: str, href: str) -> str | None:
        return same_site_path(base, href, SKIP)

    def test_no_centre_personal_data_reaches_a_visitor_or_a_user_of_nord(self):
        secrets = self.secrets()
        leaks, walked = [], {}
        for username, user in self.users.items():
            browser = Client(raise_request_exception=False)
            if user:
                browser.force_login(user)
            bodies = self.walk(browser)
            walked[username] = len(bodies)
            for url, body in bodies.items():
                text = texts(body)
                for secret, what in secrets.items():
                    if secret in text:
                        leaks.append(f"{username or 'anonymous'} GET {url}: {what} ({secret})")
        assert not leaks, "\n".join(sorted(set(leaks))[:60])
        assert walked["agent_nord"] >= 50 and walked[None] >= 20, walked

    def test_the_same_walk_finds_centre_personal_data_for_centre_field_agent(self):
        """The walk and its reading of PDFs, archives and JSON do see personal data where it is shown."""
        browser = Client(raise_request_exception=False)
        browser.force_login(User.objects.get(username="agent_centre"))
        assert browser.get(f"/collect/attachments/{self.photo.pk}/").status_code == 200
        assert browser.get(f"/documents/{self.id_paper.pk}/file/").status_code == 200
        secrets, found = self.secrets(), set()
        for url, body in self.walk(browser).items():
            text = texts(body)
            found |= {what.split(" of ")[0] for secret, what in secrets.items() if secret in text}
        assert found >= {"ID number", "birth date"}, found

    def test_direct_addresses_of_centre_objects_are_refused_to_a_visitor_and_to_nord(self):
        addresses = self.centre_addresses()
        opened = []
        for username, user in self.users.items():
            browser = Client(raise_request_exception=False)
            if user:
                browser.force_login(user)
            for url in addresses:
                response = browser.get(url)
                status = response.status_code
                # The admin sends to its index ("does not exist") an object outside the user's scope.
                away = status == 302 and (
                    "/login/" in response["Location"] or response["Location"] == "/admin/"
                )
                if not (status in (403, 404) or away or (user is None and status == 401)):
                    opened.append(f"{username or 'anonymous'} GET {url}: {status} {response.get('Location')}")
        assert not opened, "\n".join(opened)
