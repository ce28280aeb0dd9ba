"""ODK Collect's path through the OpenRosa server: form list, form, manifest, HEAD and POST of a record with
its photos, a duplicate sent again, records the server cannot make a draft of kept with their reasons."""

import base64
import csv as csv_module
import hashlib
import io
import re
import uuid
from html import unescape
from unittest import mock

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from landreg.adjudication.models import Claim, ClaimantRole
from landreg.adjudication.states import ClaimState
from landreg.collect.models import Submission, SubmissionState
from landreg.collect.xforms import parcel_survey
from landreg.core.stored_messages import message_said
from landreg.territory.models import AdministrativeUnit
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square
from tests.storages import BucketLikeStorage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def geoshape(polygon) -> str:
    """ODK's geoshape text: "lat lon altitude accuracy" per point, separated by semicolons."""
    return ";".join(f"{lat} {lon} 312.0 4.5" for lon, lat in polygon.coords[0])


def record(
    *,
    village="TC-A",
    instance_id=None,
    boundary=None,
    holding="individual",
    people=(("Ouédraogo", "Ɓintou", "F", ""),),
    group="",
    photo="",
):
    claimants = "".join(
        f"<claimant><last_name>{last}</last_name><first_names>{first}</first_names><sex>{sex}</sex>"
        f"<marital_status>widowed</marital_status><birth_date>1971-03-02</birth_date>"
        f"<birth_place>Koudougou</birth_place><id_document_type>national_id</id_document_type>"
        f"<id_document_number>B1234{index}</id_document_number><share>{share}</share>"
        f"<is_mandatary>{'yes' if index == 0 and holding == 'collective' else 'no'}</is_mandatary>"
        f"<signature/><fingerprint/></claimant>"
        for index, (last, first, sex, share) in enumerate(people)
    )
    return (
        f'<?xml version="1.0"?><data id="landreg_parcel_{village}" version="2026120401">'
        f"<village>{village}</village><local_name>Champ de Ɓintou</local_name>"
        f"<boundary>{boundary or geoshape(square(300, 0))}</boundary><right_type>customaryType</right_type>"
        f"<holding>{holding}</holding><group_name>{group}</group_name>"
        f"<group_type>{'family' if group else ''}</group_type>{claimants}"
        "<neighbour_north>Famille Zongo</neighbour_north><neighbour_east/><neighbour_south/>"
        "<neighbour_west/>"
        f"<photo_document>{photo}</photo_document><photo_parcel/>"
        f"<meta><instanceID>{instance_id or f'uuid:{uuid.uuid4()}'}</instanceID></meta></data>"
    ).encode()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DeviceTestCase(AdjudicationTestCase):
    """Agents with passwords (a device logs in with HTTP Basic on every request)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.agent_a, cls.agent_b, cls.member_a):
            user.set_password(f"pw-{user.username}")
            user.save()

    def basic(self, user):
        token = base64.b64encode(f"{user.username}:pw-{user.username}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {token}"}

    def post(self, xml: bytes, user=None, incomplete=False, **files):
        data = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}
        if incomplete:  # OpenRosa: a record split over several POSTs, every part but the last so marked
            data["*isIncomplete*"] = "yes"
        data.update({name: SimpleUploadedFile(name, content) for name, content in files.items()})
        return self.client.post("/collect/submission", data, **self.basic(user or self.agent_a))


class OpenRosaTests(DeviceTestCase):
    def test_without_credentials_the_device_is_asked_to_log_in(self):
        response = self.client.get("/collect/formList")
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
        assert response["X-OpenRosa-Version"] == "1.0"
        wrong = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"agent_a:nope").decode()}
        assert self.client.get("/collect/formList", **wrong).status_code == 401

    def test_the_agent_lists_and_downloads_the_form_of_their_village_only(self):
        response = self.client.get("/collect/formList", **self.basic(self.agent_a))
        body = response.content.decode()
        assert response.status_code == 200 and response["X-OpenRosa-Version"] == "1.0"
        assert "<formID>landreg_parcel_TC-A</formID>" in body and "TC-B" not in body
        form = parcel_survey("TC-A", "Village A")
        assert f"<hash>md5:{form.md5}</hash>" in body
        download = self.client.get("/collect/forms/landreg_parcel_TC-A/form.xml", **self.basic(self.agent_a))
        xml = download.content.decode()
        assert download.status_code == 200 and 'id="landreg_parcel_TC-A"' in xml
        for question in (
            "boundary",
            "claimant",
            "sex",
            "id_document_number",
            "secondary_right",
            "fingerprint",
        ):
            assert f"<{question}" in xml, question
        assert "geoshape" in xml and "Femme" in xml and "Woman" in xml  # French first, English too
        manifest = self.client.get("/collect/forms/landreg_parcel_TC-A/manifest", **self.basic(self.agent_a))
        assert manifest.status_code == 200 and "xformsManifest" in manifest.content.decode()
        other = self.client.get("/collect/forms/landreg_parcel_TC-B/form.xml", **self.basic(self.agent_a))
        assert other.status_code == 404

    def test_head_tells_the_largest_accepted_submission(self):
        response = self.client.head("/collect/submission", **self.basic(self.agent_a))
        assert response.status_code == 204 and int(response["X-OpenRosa-Accept-Content-Length"]) > 1_000_000

    def test_a_record_with_its_photo_becomes_a_draft_claim_of_its_agent_once(self):
        xml = record(instance_id="uuid:0b1c", photo="acte.jpg")
        first = self.post(xml, **{"acte.jpg": JPEG})
        assert first.status_code == 201, first.content
        assert "OpenRosaResponse" in first.content.decode()
        submission = Submission.objects.get(instance_id="uuid:0b1c")
        claim = submission.claim
        assert submission.state == SubmissionState.DRAFT and claim.state == ClaimState.DRAFT
        holder = claim.claimants.get()
        assert (holder.first_names, holder.sex) == ("Ɓintou", "F")
        assert claim.documents.filter(source_type="document_photo").count() == 1  # « acte »: a paper
        assert submission.attachments.get().content_type == "image/jpeg"
        again = self.post(xml, **{"acte.jpg": JPEG})  # the device did not get the answer and sends again
        assert again.status_code == 202 and "Déjà reçu" in again.content.decode()
        assert Claim.objects.count() == 1 and Submission.objects.count() == 1

    def test_a_record_sent_in_parts_keeps_every_file_and_becomes_one_draft_with_its_last_part(self):
        # ODK Collect splits a record whose photos exceed the server's size over several POSTs: the same
        # XML each time, some attachments each, "*isIncomplete*" on all but the last (seen on the demo:
        # the second and third parts were answered "Déjà reçu" and their photos were lost).
        xml = record(
            instance_id="uuid:en-trois",
            holding="collective",
            group="Lignage Ŋaaba Kɔnɛ",
            people=(("Ɓarry", "Ɛlisabɛt", "F", "1/2"), ("Kɔnɛ", "Ŋaaba", "M", "1/2")),
            photo="acte.jpg",
        )
        first = self.post(xml, incomplete=True, **{"signature-1.png": PNG})
        assert first.status_code == 201 and "attente" in first.content.decode(), first.content
        submission = Submission.objects.get()
        assert submission.state == SubmissionState.RECEIVED and Claim.objects.count() == 0
        assert self.post(xml, incomplete=True, **{"signature-1.png": PNG}).status_code == 202  # part resent
        assert self.post(xml, incomplete=True, **{"acte.jpg": JPEG}).status_code == 201
        last = self.post(xml, **{"fingerprint-1.png": PNG})
        assert last.status_code == 201 and "brouillon" in last.content.decode(), last.content
        submission.refresh_from_db()
        names = sorted(submission.attachments.values_list("name", flat=True))
        assert names == ["acte.jpg", "fingerprint-1.png", "signature-1.png"]
        claim = submission.claim
        assert submission.state == SubmissionState.DRAFT and Claim.objects.get() == claim
        assert claim.documents.get(source_type="document_photo").file.read() == JPEG  # « acte »: a paper
        assert claim.claimants.get(role=ClaimantRole.HOLDER).name == "Lignage Ŋaaba Kɔnɛ"
        again = self.post(xml, **{"fingerprint-1.png": PNG})
        assert again.status_code == 202 and Claim.objects.count() == 1

    def test_a_collective_record_names_the_group_its_members_shares_and_mandatary(self):
        xml = record(
            holding="collective",
            group="Famille Kaboré",
            people=(
                ("Kaboré", "Issa", "M", "1/3"),
                ("Kaboré", "Ɛlise", "F", "1/3"),
                ("Kaboré", "Awa", "F", "1/3"),
            ),
        )
        assert self.post(xml).status_code == 201
        claim = Claim.objects.get()
        group = claim.claimants.get(role=ClaimantRole.HOLDER)
        assert group.kind == "group" and group.name == "Famille Kaboré"
        roles = sorted(claim.claimants.exclude(pk=group.pk).values_list("role", flat=True))
        assert roles == [ClaimantRole.MANDATARY, ClaimantRole.MEMBER, ClaimantRole.MEMBER]

    def test_a_photo_is_stored_once_for_the_submission_and_its_claim(self):
        bucket = {**settings.STORAGES, "default": {"BACKEND": "tests.storages.BucketLikeStorage"}}
        writes = mock.patch.object(
            BucketLikeStorage, "_save", autospec=True, side_effect=InMemoryStorage._save
        )
        with override_settings(STORAGES=bucket), writes as save:
            assert self.post(record(photo="acte.jpg"), **{"acte.jpg": JPEG}).status_code == 201
            submission = Submission.objects.get()
            attachment = submission.attachments.get()
            photo = submission.claim.documents.get(source_type="document_photo")
            assert save.call_count == 1
            assert photo.file.name == attachment.file.name and photo.file.read() == JPEG
        # The form's name is kept beside the file, stored under a name that tells nothing.
        assert attachment.name == "acte.jpg" and "acte" not in attachment.file.name
        assert attachment.file.name.endswith(".jpg") and photo.reference == "acte.jpg"

    def test_a_record_outside_its_village_is_kept_with_that_reason_and_one_inside_is_drafted(self):
        limits = MultiPolygon(square(0, 0, side=1000))
        AdministrativeUnit.objects.filter(pk=self.village_a.pk).update(boundary=limits)
        assert (
            self.post(record(instance_id="uuid:dehors", boundary=geoshape(square(5000, 0)))).status_code
            == 201
        )
        outside = Submission.objects.get(instance_id="uuid:dehors")
        assert outside.state == SubmissionState.NEEDS_CORRECTION and outside.claim is None
        assert "Village A" in outside.reasons[0], outside.reasons
        assert self.post(record(instance_id="uuid:dedans")).status_code == 201
        assert Submission.objects.get(instance_id="uuid:dedans").state == SubmissionState.DRAFT

    def test_a_record_the_registry_cannot_draft_is_kept_with_its_reasons_for_the_agent(self):
        xml = record(people=(("Zida", "Boukary", "", ""),))  # no sex recorded
        response = self.post(xml)
        assert response.status_code == 201 and "à corriger" in response.content.decode()
        submission = Submission.objects.get()
        assert submission.state == SubmissionState.NEEDS_CORRECTION and submission.reasons
        assert submission.claim is None and Claim.objects.count() == 0
        self.client.force_login(self.agent_a)
        page = self.client.get("/collect/").content.decode()
        with translation.override("fr"):  # kept as the registry's message, shown in the page's language
            shown = message_said(submission.reasons[0])
        assert shown in page or shown.replace("'", "&#x27;") in page

    def test_a_record_with_several_faults_reports_them_all_at_once(self):
        limits = MultiPolygon(square(0, 0, side=1000))
        AdministrativeUnit.objects.filter(pk=self.village_a.pk).update(boundary=limits)
        # Outside the village, an unknown right, a person without a sex, another without a last name.
        xml = record(
            boundary=geoshape(square(5000, 0)),
            people=(("Zida", "Boukary", "", "1/2"), ("", "Awa", "F", "1/2")),
        ).replace(b"<right_type>customaryType</right_type>", b"<right_type>bogus</right_type>")
        response = self.post(xml)
        assert response.status_code == 201
        reasons = Submission.objects.get().reasons
        assert any("Village A" in reason for reason in reasons), reasons
        assert any("bogus" in reason for reason in reasons), reasons
        assert any("a last name and a sex" in reason for reason in reasons), reasons  # kept in English
        message = response.content.decode()
        assert "Village A" in message and "bogus" in message and "un nom et un sexe" in message
        # A boundary that is not even points, with the same people: both faults again.
        nobody = (("Zida", "Boukary", "", ""),)
        bad = record(instance_id="uuid:vague", boundary="n’importe quoi", people=nobody)
        self.post(bad)
        reasons = Submission.objects.get(instance_id="uuid:vague").reasons
        assert len(reasons) == 2 and "latitude" in reasons[0] and "sex" in reasons[1], reasons

    def test_bad_records_and_files_are_refused_with_a_message_and_nothing_kept(self):
        assert self.post(b"<data><not closed").status_code == 400
        assert self.post(record(village="TC-B")).status_code == 403  # not the agent's village
        html = self.post(record(photo="x.jpg"), **{"x.jpg": b"<html><script>alert(1)</script>"})
        assert html.status_code == 400 and "JPEG ou PNG" in html.content.decode()
        entities = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><data>&a;</data>'
        assert self.post(entities).status_code == 400
        assert Submission.objects.count() == 0 and Claim.objects.count() == 0
        bowtie = "12.2 -3.0 0 0;12.201 -2.999 0 0;12.2 -2.999 0 0;12.201 -3.0 0 0"
        assert self.post(record(boundary=bowtie)).status_code == 201
        assert Submission.objects.get().state == SubmissionState.NEEDS_CORRECTION

    def test_the_agents_page_lists_only_their_own_submissions(self):
        self.post(record(), user=self.agent_a)
        self.post(record(village="TC-B"), user=self.agent_b)
        self.client.force_login(self.agent_b)
        page = self.client.get("/collect/")
        assert page.status_code == 200 and "Village B" in page.content.decode()
        assert "Village A" not in page.content.decode()
        self.client.force_login(self.member_a)
        assert "Rien à afficher pour l’instant." in unescape(self.client.get("/collect/").content.decode())


class AgentPageTests(DeviceTestCase):
    """The agent's page follows each record into the procedure; its images open only for those allowed."""

    def test_a_returned_claim_shows_its_reasons_and_its_photo_opens_only_for_those_allowed(self):
        assert self.post(record(photo="acte.png"), **{"acte.png": PNG}).status_code == 201
        claim = Claim.objects.get()
        claim = self.submitted(claim)
        from landreg.adjudication.claims import transitions as t

        t.screening_start(claim=claim, actor=self.registrar)
        t.screening_return(claim=claim, actor=self.registrar, reasons="Le voisin de l’est n’est pas nommé.")
        self.client.force_login(self.agent_a)
        page = self.client.get("/collect/").content.decode()
        assert "Le voisin de l’est n’est pas nommé." in page
        link = f"/collect/attachments/{Submission.objects.get().attachments.get().pk}/"
        assert link in page
        photo = self.client.get(link)
        assert photo.status_code == 200 and photo["X-Content-Type-Options"] == "nosniff"
        assert (
            photo["Content-Disposition"].startswith("attachment") and b"".join(photo.streaming_content) == PNG
        )
        self.client.force_login(self.agent_b)
        assert self.client.get(link).status_code == 404
        self.client.logout()
        assert self.client.get(link).status_code == 302

    def test_a_record_waiting_for_its_other_parts_says_so_rather_than_received(self):
        # Seen on the demo: the first part of a split record showed « reçu » on the agent's page, as if done.
        xml = record(instance_id="uuid:en-deux", photo="acte.jpg")
        assert self.post(xml, incomplete=True, **{"signature-1.png": PNG}).status_code == 201
        self.client.force_login(self.agent_a)
        html = unescape(self.client.get("/collect/").content.decode())
        row = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert "reçu en partie\u202f: en attente de ses autres fichiers" in row
        assert "renvoyez le formulaire depuis ODK Collect" in row
        filters = html.split("<tbody>", 1)[0]
        assert (
            ">reçu<" not in filters and ">reçu en partie\u202f: en attente de ses autres fichiers<" in filters
        )
        assert self.post(xml, **{"acte.jpg": JPEG}).status_code == 201  # the last part: the draft
        row = unescape(self.client.get("/collect/").content.decode()).split("<tbody>", 1)[1]
        assert "en attente" not in row.split("</tbody>", 1)[0]


class DeviceSessionTests(DeviceTestCase):
    """ODK Collect keeps cookies: its first Basic login opens a session, and later requests skip the hash."""

    def test_after_one_login_the_device_works_from_its_session_without_hashing_again(self):
        first = self.client.get("/collect/formList", **self.basic(self.agent_a))
        assert first.status_code == 200 and "sessionid" in first.cookies
        with mock.patch("landreg.collect.openrosa.authenticate") as authenticate:
            assert self.client.get("/collect/formList").status_code == 200  # the cookie alone
            assert self.client.head("/collect/submission", **self.basic(self.agent_a)).status_code == 204
            response = self.post(record(photo="acte.jpg"), **{"acte.jpg": JPEG})
        assert response.status_code == 201 and authenticate.call_count == 0
        assert Submission.objects.get().agent == self.agent_a

    def test_another_account_on_the_same_device_logs_in_again(self):
        self.client.get("/collect/formList", **self.basic(self.agent_a))
        response = self.client.get("/collect/formList", **self.basic(self.agent_b))
        assert "landreg_parcel_TC-B" in response.content.decode()
        assert "landreg_parcel_TC-A" not in response.content.decode()

    def test_a_browser_session_is_not_a_device_session(self):
        self.client.force_login(self.agent_a)  # logged in on the pages: no Basic login from a device
        assert self.client.get("/collect/formList").status_code == 401
        assert self.post_without_credentials(record()).status_code == 401
        assert Submission.objects.count() == 0

    def test_a_changed_password_ends_the_device_session(self):
        self.client.get("/collect/formList", **self.basic(self.agent_a))
        self.agent_a.set_password("un-autre-mot-de-passe")
        self.agent_a.save()
        assert self.client.get("/collect/formList").status_code == 401

    def test_repeated_wrong_passwords_lock_the_device_out_as_on_the_login_page(self):
        wrong = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"agent_a:devine").decode()}
        statuses = [self.client.get("/collect/formList", **wrong).status_code for _ in range(5)]
        assert statuses[:4] == [401] * 4
        locked = self.client.get("/collect/formList", **self.basic(self.agent_a))  # the right one, too late
        assert locked.status_code == 429 and locked["X-OpenRosa-Version"] == "1.0"
        assert "Retry-After" in locked and "OpenRosaResponse" in locked.content.decode()
        assert "sessionid" not in locked.cookies

    def post_without_credentials(self, xml: bytes):
        data = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}
        return self.client.post("/collect/submission", data)


class CorrectionsTests(DeviceTestCase):
    """What the agent must correct goes back to the device with the form, and a corrected record closes it."""

    def manifest_and_csv(self, user=None):
        manifest = self.client.get(
            "/collect/forms/landreg_parcel_TC-A/manifest", **self.basic(user or self.agent_a)
        )
        body = manifest.content.decode()
        url = re.search(r"<downloadUrl>([^<]+)</downloadUrl>", body).group(1)
        csv = self.client.get(url, **self.basic(user or self.agent_a))
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
        assert f"<hash>md5:{hashlib.md5(csv.content).hexdigest()}</hash>" in body
        assert "<filename>corrections.csv</filename>" in body
        return list(csv_module.DictReader(io.StringIO(csv.content.decode())))

    def test_the_form_shows_the_records_to_correct_with_their_reasons_from_its_media_file(self):
        form = self.client.get("/collect/forms/landreg_parcel_TC-A/form.xml", **self.basic(self.agent_a))
        xml = form.content.decode()
        assert 'src="jr://file-csv/corrections.csv"' in xml and "pulldata('corrections'" in xml
        assert self.manifest_and_csv() == []  # nothing to correct yet: a header row only
        self.post(record(instance_id="uuid:sans-sexe", people=(("Zida", "Boukary", "", ""),)))
        self.post(record(instance_id="uuid:bon", boundary=geoshape(square(600, 0))))
        claim = Submission.objects.get(instance_id="uuid:bon").claim
        self.returned(claim, "Le voisin de l’est n’est pas nommé.")
        rows = self.manifest_and_csv()
        assert [row["name"] for row in rows] == ["uuid:sans-sexe", str(claim.pk)]
        kept = Submission.objects.get(instance_id="uuid:sans-sexe").reasons[0]
        with translation.override("fr"):  # the phone reads the registry's message in its language
            assert rows[0]["reasons"] == message_said(kept)
        assert (
            "Champ de Ɓintou" in rows[0]["label"]
            and rows[1]["reasons"] == "Le voisin de l’est n’est pas nommé."
        )
        other = self.client.get(
            "/collect/forms/landreg_parcel_TC-A/corrections.csv", **self.basic(self.agent_b)
        )
        assert other.status_code == 404

    def test_a_corrected_record_closes_the_one_it_corrects_and_a_returned_claim_is_edited(self):
        self.post(record(instance_id="uuid:sans-sexe", people=(("Zida", "Boukary", "", ""),)))
        fixed = record(people=(("Zida", "Boukary", "M", ""),)).replace(
            b"<meta>", b"<correction_of>uuid:sans-sexe</correction_of><meta>"
        )
        assert self.post(fixed).status_code == 201
        assert Submission.objects.get(instance_id="uuid:sans-sexe").state == SubmissionState.CORRECTED
        self.post(record(instance_id="uuid:bon", boundary=geoshape(square(600, 0))))
        claim = Submission.objects.get(instance_id="uuid:bon").claim
        self.returned(claim, "La limite ouest est mal placée.")
        again = record(boundary=geoshape(square(650, 0))).replace(
            b"<meta>", f"<correction_of>{claim.pk}</correction_of><meta>".encode()
        )
        answer = self.post(again)
        assert answer.status_code == 201
        assert Claim.objects.count() == 2  # the returned claim was edited, not drafted twice
        claim.refresh_from_db()
        # The phone was told « demande enregistrée en brouillon », as for a new record: it is the returned
        # claim, corrected, which the agent must submit again.
        said = f"Reçu\u202f: la demande renvoyée {claim.receipt_number} est corrigée\u202f; déposez-la"
        assert said in answer.content.decode() and "brouillon" not in answer.content.decode()
        assert claim.state == ClaimState.RETURNED and claim.submissions.count() == 2
        assert abs(claim.geometry.extent[0] - square(650, 0).extent[0]) < 1e-9
        assert [row["name"] for row in self.manifest_and_csv()] == [str(claim.pk)]  # until it is submitted

    def test_a_correction_sending_the_same_photo_again_does_not_attach_it_twice(self):
        # Seen on the demo: the agent's correction of a returned claim, sent from ODK Collect with the
        # record's photo as before, left the claim with « photographie parcel.jpg » twice.
        self.post(
            record(instance_id="uuid:bon", boundary=geoshape(square(600, 0)), photo="acte.jpg"),
            **{"acte.jpg": JPEG},
        )
        claim = Submission.objects.get(instance_id="uuid:bon").claim
        self.returned(claim, "Le voisin de l’est n’est pas nommé.")
        again = record(boundary=geoshape(square(650, 0)), photo="acte.jpg").replace(
            b"<meta>", f"<correction_of>{claim.pk}</correction_of><meta>".encode()
        )
        assert self.post(again, **{"acte.jpg": JPEG}).status_code == 201
        assert claim.documents.filter(source_type="document_photo").count() == 1
        other = record(boundary=geoshape(square(660, 0)), photo="acte-2.jpg").replace(
            b"<meta>", f"<correction_of>{claim.pk}</correction_of><meta>".encode()
        )
        assert self.post(other, **{"acte-2.jpg": JPEG + b"\x01"}).status_code == 201
        assert claim.documents.filter(source_type="document_photo").count() == 2  # a new paper is kept

    def test_a_record_over_a_recorded_parcel_is_kept_with_the_overlap_as_its_reason(self):
        response = self.post(record(boundary=geoshape(square(20, 0))))  # over parcel A, at 0-100 m
        assert response.status_code == 201 and "à corriger" in response.content.decode()
        submission = Submission.objects.get()
        assert submission.state == SubmissionState.NEEDS_CORRECTION and submission.claim is None
        assert self.parcel_a.number in submission.reasons[0]

    def returned(self, claim, reasons):
        from landreg.adjudication.claims import transitions as t

        claim = self.submitted(claim)
        t.screening_start(claim=claim, actor=self.registrar)
        t.screening_return(claim=claim, actor=self.registrar, reasons=reasons)
