"""PlainSelect writes the HTML Django's Select writes through its templates, without them."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, TestCase
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from landreg.parcels.models import Parcel
from landreg.web.parcels.listing import ParcelListFilter
from landreg.web.widgets import PlainSelect

CHOICES = [
    ("", "---"),
    ("a", "A & <b>"),
    ("Group & co", [("x", "X"), ("y", 'Y"')]),
    (1, "one"),
    ("lazy", gettext_lazy("Village")),
    ("safe", mark_safe("<em>safe</em>")),  # noqa: S308 - a constant, to show it is not escaped twice
    (None, "none"),
]


class PlainSelectTests(TestCase):
    def test_the_same_html_as_djangos_select(self):
        attrs = {"id": "id_v", "required": True, "disabled": False, "data-x": '<"'}
        for value in ("a", "y", None, 1, "1", "nothing", "lazy", "", ["a", "y"]):
            for extra in (None, attrs):
                with self.subTest(value=value, attrs=extra):
                    expected = forms.Select(choices=CHOICES).render("v", value, extra)
                    assert PlainSelect(choices=CHOICES).render("v", value, extra) == expected

    def test_the_list_filters_choose_it_for_their_selects(self):
        request = RequestFactory().get("/parcels/")
        request.user = AnonymousUser()
        form = ParcelListFilter({}, queryset=Parcel.objects.none(), request=request).form
        assert type(form.fields["status"].widget) is PlainSelect
        assert type(form.fields["right_type"].widget) is PlainSelect
        assert type(form.fields["recorded"].widget) is not PlainSelect  # a date range keeps its inputs


def test_escaped_is_conditional_escape_as_a_plain_string():
    from django.utils.html import conditional_escape
    from django.utils.safestring import SafeString

    from landreg.web.widgets import escaped

    for value in ("A & <b> \"'", SafeString("<em>&amp;</em>"), gettext_lazy("Village"), 12, None, "", "—"):
        assert escaped(value) == conditional_escape(value)
