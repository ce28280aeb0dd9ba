"""A certificate's events are append-only, as their docstring always said: the ORM refuses to change or
delete one (core.append_only, as the audit chain and the dispute timeline)."""

import pytest

from landreg.core.append_only import AppendOnlyError
from tests.certificates.base import CertificateTestCase


class CertificateEventHistoryTests(CertificateTestCase):
    def test_an_event_of_a_certificate_is_never_changed_or_deleted(self):
        certificate = self.issue()
        event = certificate.events.get()
        event.reason = "rewritten"
        for rewrite in (
            event.save,
            event.delete,
            lambda: certificate.events.update(reason="rewritten"),
            lambda: certificate.events.all().delete(),
        ):
            with pytest.raises(AppendOnlyError):
                rewrite()
        assert certificate.events.get().reason == ""
