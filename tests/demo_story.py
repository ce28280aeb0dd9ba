"""The demo as `make demo` loads it, for tests that walk its pages: villages, people, claims at every step,
disputes when asked, and the certificates of the approved claims signed by the mayor."""

import io

from django.core.management import call_command

from landreg.parcels import topology  # noqa: F401 - shapely loaded before a command imports it: else a crash


def load_demo_story(*, disputes: bool = True) -> None:
    quiet = io.StringIO()
    call_command("load_demo", quiet=True, stdout=quiet)
    call_command("load_adjudication_demo", stdout=quiet)
    if disputes:
        call_command("load_disputes_demo", stdout=quiet)
    call_command("issue_certificate", "--approved-claims", "--signer", "maire", stdout=quiet)
