"""The rows of the parcel list, as plain values: what each cell shows, computed once in Python.

The template drew each row from model instances: a URL reversed per row (twice, with the map), the land
use's label found by rebuilding the choices per row, filters per cell, and the rights and holders as three
prefetched querysets of model instances. At 50 rows that was most of the page's Python time, which on
PostgreSQL is most of the page (bench/bench_lists.py). Now: the page's columns as ``values()``, its GeoJSON
written by the database, and the rights with their holders' names in one query.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from landreg.core import clock
from landreg.core.db.id_lists import InList
from landreg.core.db.kept import KeptQuery
from landreg.parcels.models import LandUse
from landreg.parties.models import display_name_of
from landreg.rights.models import Right, RRRKind, right_type_label
from landreg.web.lists.page import detail_url
from landreg.web.templatetags.areas import ha_a_ca
from landreg.web.widgets import escaped

# The columns a row reads (``values()``), its map's GeoJSON annotated as "shape".
COLUMNS = (
    "pk", "number", "end_lifespan", "village__name", "local_name", "land_use", "area_m2", "begin_lifespan",
    "shape",
)  # fmt: skip


@dataclass(frozen=True)
class ParcelRow:
    pk: object
    number: str
    url: str
    is_current: bool
    village: str
    place: str
    land_use: str
    area: str
    rights: str  # each current primary right: its type — its holders (HTML, escaped)
    recorded: str
    shape: str  # GeoJSON, for the map above the list

    @cached_property
    def html(self) -> SafeString:
        """The row of the table, each cell escaped as the template escaped it: the template's loop over 50
        rows of eight values each was a fifth of the page's rendering (bench/profile_load.py)."""
        e = escaped
        retired = "" if self.is_current else f" ({e(gettext('retired'))})"
        return SafeString(
            f'\n    <tr><td><a href="{e(self.url)}">{e(self.number)}</a>{retired}</td>'
            f"<td>{e(self.village)}</td><td>{e(self.place)}</td><td>{e(self.land_use)}</td><td>{e(self.area)}</td>"
            f"\n      <td>{e(self.rights)}</td>\n      <td>{e(self.recorded)}</td></tr>\n  "
        )


def parcel_rows(values: list[dict]) -> list[ParcelRow]:
    url = detail_url("web:parcel-detail")
    land_uses = {value: str(label) for value, label in LandUse.choices}
    rights = rights_of([row["pk"] for row in values])
    return [
        ParcelRow(
            pk=row["pk"],
            number=row["number"],
            url=url(row["pk"]),
            is_current=row["end_lifespan"] is None,
            village=row["village__name"],
            place=row["local_name"] or "—",
            land_use=land_uses.get(row["land_use"], row["land_use"]),
            area=ha_a_ca(row["area_m2"]),
            rights=_rights_cell(rights.get(row["pk"], {}).values()),
            recorded=timezone.localtime(row["begin_lifespan"]).strftime("%d/%m/%Y"),
            shape=row["shape"],
        )
        for row in values
    ]


def _rights_cell(rights) -> str:
    """ "Customary possession — OUÉDRAOGO Aminata, SAWADOGO Issa<br>…", or "—": written here rather than by a
    loop in the template (a loop per row, half the table's time), each type and list of names escaped as
    ``format_html_join`` escaped them (its checks for lazy arguments at every call were 60 % of the rows'
    Python time, bench/profile_load.py)."""
    if not rights:
        return "—"
    return SafeString("<br>".join(f"{escaped(kind)} — {escaped(', '.join(names))}" for kind, names in rights))


# The primary rights in force on the day (rights.models.in_force_on) of a page's parcels with their holders'
# names, the ids as one parameter: the statement is built once per process on PostgreSQL (core.db.kept), not
# by the ORM at every page.
_RIGHTS = KeptQuery(
    lambda ids, on: (
        Right.objects.in_force(on=on)
        .filter(InList("parcel_id", ids), right_type__kind=RRRKind.RIGHT, right_type__is_secondary=False)
        .order_by("parcel_id", "right_type__kind", "right_type__code", "pk", "holders__pk")
        .values_list(
            "parcel_id",
            "pk",
            "right_type__label_fr",
            "right_type__label_en",
            "holders__party__kind",
            "holders__party__last_name",
            "holders__party__first_names",
            "holders__party__name",
        )  # fmt: skip
    ),
    ids=[uuid.uuid4()],
    on=dt.date(1, 1, 1),
)


def rights_of(parcel_ids: list) -> dict:
    """{parcel id: {right id: (type, [holders' names])}}: the primary rights in force today of the parcels,
    in the order of the parcel page (right type), each holder in the order written."""
    found = _RIGHTS.rows(ids=parcel_ids, on=clock.today()) if parcel_ids else []
    rights: dict = {}
    for parcel_id, right_id, label_fr, label_en, kind, last_name, first_names, name in found:
        _type, holders = rights.setdefault(parcel_id, {}).setdefault(
            right_id, (right_type_label(label_fr, label_en), [])
        )
        if kind is not None:  # a right with no holder written yet
            holders.append(display_name_of(kind, last_name, first_names, name))
    return rights
