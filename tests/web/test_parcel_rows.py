"""The parcel list's rows written in Python (web.parcels.rows) are the HTML its template wrote for them."""

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.template import Context, Template
from django.utils import translation

from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record, parcel_retire
from landreg.parties.models import Sex
from landreg.rights.services import HolderShare, right_register
from landreg.web.parcels.listing import COLUMNS
from landreg.web.parcels.rows import parcel_rows
from tests.base import RegistryTestCase, make_person
from tests.geometries import square

# The loop of templates/web/parcel_list.html before the rows were written in Python.
TEMPLATE_ROWS = Template(
    """{% load i18n %}{% for row in rows %}
    <tr><td><a href="{{ row.url }}">{{ row.number }}</a>{% if not row.is_current %} ({% translate "retired" %}){% endif %}</td><td>{{ row.village }}</td><td>{{ row.place }}</td><td>{{ row.land_use }}</td><td>{{ row.area }}</td>
      <td>{{ row.rights }}</td>
      <td>{{ row.recorded }}</td></tr>
  {% endfor %}"""  # noqa: E501
)


class ParcelRowsTests(RegistryTestCase):
    def test_each_row_is_the_html_the_template_wrote_escaped_alike(self):
        tricky = make_person(
            self.village_a, last_name="<Ouédraogo>", first_names='Awa "&" Co', sex=Sex.FEMALE
        )
        held = parcel_record(
            village=self.village_a,
            geometry=square(4000, 0),
            survey_method="gps",
            local_name="<b>Bas-fond & co",
        )
        right_register(
            parcel=held,
            right_type="customaryType",
            holders=[HolderShare(party=tricky)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        retired = parcel_record(village=self.village_a, geometry=square(5000, 0), survey_method="gps")
        parcel_retire(parcel=retired, reason="division")
        values = list(
            Parcel.objects.filter(pk__in=[held.pk, retired.pk, self.parcel_a.pk])
            .annotate(shape=AsGeoJSON("geometry"))
            .values(*COLUMNS)
        )
        for language in ("fr", "en"):
            with translation.override(language):
                rows = parcel_rows(values)
                assert "".join(row.html for row in rows) == TEMPLATE_ROWS.render(Context({"rows": rows}))
        assert sorted(row.is_current for row in rows) == [False, True, True]
        html = "".join(row.html for row in rows)
        assert "&lt;b&gt;Bas-fond &amp; co" in html and "&lt;OUÉDRAOGO&gt; Awa &quot;&amp;&quot; Co" in html


def test_the_rights_cell_is_escaped_as_format_html_join_escaped_it():
    from django.utils.html import format_html_join
    from django.utils.safestring import SafeString

    from landreg.web.parcels.rows import _rights_cell

    rights = [
        ("Possession <coutumière>", ["<OUÉDRAOGO> Awa", 'SAWADOGO "&" Issa']),
        ("Bail & co", []),
        ("Droit d’usage", ["KONÉ Ŋaba Ɓ"]),
    ]
    for cell in (rights, rights[:1], []):
        expected = (
            format_html_join(
                SafeString("<br>"), "{} — {}", ((kind, ", ".join(names)) for kind, names in cell)
            )
            if cell
            else "—"
        )
        assert _rights_cell(cell) == expected
        assert type(_rights_cell(cell)) is type(expected)
