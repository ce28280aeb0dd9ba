"""« Is this certificate still the register's word? » has one answer (certificates.standing), and every door
says the same one: the certificate's page, the public verification page, the print queue's « à rééditer », the
API's certificate and its verification, and the filters the queue and the lists are read with.

They disagreed: after a corrected boundary the certificate's page said « remplacé » while its right left the
print queue altogether (neither « Émettre » nor « à rééditer »: the queue's mark asked for a certificate still
current whose surroundings moved, not for one superseded on a right still in force); the public page said
« VALIDE » over a lease recorded since, which the certificate's page listed."""

import re
from html import unescape

from django.db import transaction
from django.test import Client

from landreg.certificates.models import Certificate
from landreg.certificates.selectors import print_queue_marked
from landreg.certificates.standing import (
    changes_since_issue,
    current_q,
    in_force_and_word_q,
    registers_word_q,
)
from tests.certificates.real_block import PRIVATE, RealBlockCertificateCase

# What the register records on the certificate's own right or parcel (it is superseded).
SUPERSEDING = {"transfer", "split", "merge", "parcel_corrected", "right_ended", "right_corrected"}
# Each thing the register may record after issue, and what the certificate's pages then say it changed.
EVENTS = {
    "nothing": [],
    "lease": ["added"],
    "name_corrected": ["name"],
    "particulars_corrected": ["particulars"],
    "boundary_corrected": ["parcel_corrected"],
    "sale": ["transfer"],
    "split": ["split"],
}


def kinds_said(html: str, block: str) -> list[str]:
    """The kinds of change a page's block of changes names (its ``data-change`` marks), in order."""
    found = re.search(rf'<p class="[^"]*{block}[^"]*"[^>]*>(.*?)</p>', html, re.S)
    return re.findall(r'data-change="([a-z_]+)"', found.group(1)) if found else []


class EveryDoorSaysTheSameTests(RealBlockCertificateCase):
    def setUp(self):
        super().setUp()
        self.desk = Client(enforce_csrf_checks=True)
        self.desk.force_login(self.registrar)
        self.visitor = Client(enforce_csrf_checks=True)

    def doors(self) -> dict:
        """What each door says of the certificate now."""
        certificate = Certificate.objects.select_related("right", "parcel").get(pk=self.certificate.pk)
        page = unescape(self.desk.get(f"/certificates/{certificate.pk}/").content.decode())
        public = unescape(self.visitor.get(f"/verify/{certificate.token}").content.decode())
        for private in PRIVATE:
            assert private not in public, private
        queue = unescape(self.desk.get("/certificates/").content.decode())
        api = self.desk.get(f"/api/v1/certificates/{certificate.pk}/").json()
        api_queue = self.desk.get("/api/v1/certificates/queue/").json()["results"]
        verification = self.visitor.get(f"/api/v1/certificates/verify/{certificate.token}/").json()
        mine = Certificate.objects.filter(pk=certificate.pk)
        return {
            "changes": [change.kind for change in changes_since_issue(certificate)],
            "page": kinds_said(page, "register-changes"),
            "public": kinds_said(public, "verdict-changes"),
            "verification API": [change["kind"] for change in verification["register_changes"]],
            "superseded": certificate.is_superseded,
            "superseded (filter)": not mine.filter(current_q()).exists(),
            "superseded (API)": api["superseded"],
            "word (filter)": mine.filter(registers_word_q()).exists(),
            "word (API)": api["reflects_register"],
            "word (in force, filter)": mine.filter(in_force_and_word_q()).exists(),
            "to reissue (queue)": f'class="to-reissue" href="/certificates/{certificate.pk}/"' in queue,
            "to reissue (queue API)": any(row["to_reissue"] == str(certificate.pk) for row in api_queue),
            "to reissue (selector)": print_queue_marked(self.registrar)
            .filter(to_reissue=certificate.pk)
            .exists(),
            "right in force": certificate.right.end_lifespan is None
            and certificate.parcel.end_lifespan is None,
        }

    def test_every_door_says_what_the_register_recorded_since_issue(self):
        for event, expected in EVENTS.items():
            with self.subTest(event), transaction.atomic():
                if event != "nothing":
                    getattr(self, event)()
                said = self.doors()
                changed = bool(expected)
                assert said["changes"] == expected, said
                assert said["page"] == said["public"] == said["verification API"] == expected, said
                superseding = any(kind in SUPERSEDING for kind in expected)
                assert said["superseded"] == said["superseded (filter)"] == said["superseded (API)"], said
                assert said["superseded"] == superseding, said
                assert said["word (filter)"] == said["word (API)"] == said["word (in force, filter)"], said
                assert said["word (filter)"] is not changed, said
                # The queue marks the certificate to reissue wherever its right is still the one to certify;
                # a sale or a split puts the new right (the buyer's, each part's) in the queue instead.
                marked = changed and said["right in force"]
                assert said["to reissue (queue)"] is marked, said
                assert said["to reissue (queue API)"] is marked and said["to reissue (selector)"] is marked, (
                    said
                )
                transaction.set_rollback(True)
