"""A certificate's events are append-only, as their docstring always said: the ORM refuses to change or
delete one (core.history.append_only, as the audit chain and the dispute timeline)."""

from tests.append_only import assert_rewrites_refused
from tests.certificates.base import CertificateTestCase


class CertificateEventHistoryTests(CertificateTestCase):
    def test_an_event_of_a_certificate_is_never_changed_or_deleted(self):
        certificate = self.issue()
        event = certificate.events.get()
        event.reason = "rewritten"
        assert_rewrites_refused(event, certificate.events)
        assert certificate.events.get().reason == ""
