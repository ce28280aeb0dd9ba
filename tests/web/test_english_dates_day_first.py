"""English pages write and read dates day first, as the French ones do: a land office reading both languages
must not see 12/01/2030 for 1 December on one page and 14 January on another.

Before (Django's American English formats): the dispute page's list of sessions to move or cancel offered
« 01/14/2030 — Maison du village » in English beside « 14/01/2030 » on its own timeline, and a date typed
« 07/01/2030 » in an English form meant 1 July."""

import datetime as dt
from html import unescape

from django import forms
from django.test import Client, SimpleTestCase
from django.utils import formats, translation

from landreg.disputes.cases import transitions as moves
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase


class EnglishSessionChoiceTests(DisputeTestCase):
    def test_the_english_case_page_offers_the_session_to_move_by_its_day_first(self):
        case = self.file_case(parcels=[self.parcel_a], subject="Limite ouest contestée par ŊABA Ɓukari")
        session = moves.session_schedule(
            case=case, actor=self.conciliator, scheduled_for=dt.date(2030, 1, 14), place="Maison du village"
        )
        browser = Client(enforce_csrf_checks=True)
        browser.cookies["django_language"] = "en"
        browser.force_login(self.conciliator)
        page = unescape(browser.get(f"/disputes/{case.pk}/").content.decode())
        form = form_posting_to(page, "/moves/session_reschedule/")
        assert f'<option value="{session.pk}">14/01/2030 — Maison du village</option>' in page, form.action
        assert "01/14/2030" not in page


class EnglishFormatsTests(SimpleTestCase):
    def test_english_short_dates_and_times_are_day_first_on_a_24_hour_clock(self):
        with translation.override("en"):
            moment = dt.datetime(2030, 1, 7, 21, 49)
            assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "07/01/2030"
            assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "07/01/2030 21:49"
            assert formats.date_format(moment.date()) == "7 January 2030"

    def test_a_date_typed_in_an_english_form_is_read_day_first(self):
        class Typed(forms.Form):
            on = forms.DateField()

        with translation.override("en"):
            typed = Typed({"on": "07/01/2030"})
            assert typed.is_valid(), typed.errors
            assert typed.cleaned_data["on"] == dt.date(2030, 1, 7)
            assert Typed({"on": "2030-01-07"}).is_valid()
