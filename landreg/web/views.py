"""Pages. Reads go through selectors, so a page never shows another village's records."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from landreg.accounts.models import full_name_or_login
from landreg.accounts.selectors import has_unit_perm, sees_village_records, villages_covered
from landreg.adjudication.models import Claim, ParcelChange
from landreg.core import clock
from landreg.core.basemap import basemap_max_zoom, basemap_url
from landreg.core.db.kept import KeptQuery, rows_together
from landreg.disputes.cases.freeze import open_cases
from landreg.parcels.models import Parcel, ParcelVersion
from landreg.web.home.figures import home_figures
from landreg.web.home.work import work_for
from landreg.web.parcels.page import (
    CERTIFICATES,
    DOCUMENTS,
    PARCEL,
    PAST_RIGHTS,
    RIGHTS,
    documents_from,
    majority_age_reader,
    parcel_from,
    past_rights_of,
    rights_from,
    with_certificates,
)


def home(request):
    context = {}
    if request.user.is_authenticated:
        figures = home_figures(request.user)
        context.update(
            villages=figures.villages,
            parcel_count=figures.parcel_count,
            total_area_ha=figures.total_area_ha,
            women_holdings=figures.women_holdings,
            men_holdings=figures.men_holdings,
            roles=request.user.role_assignments.filter(revoked_at__isnull=True).select_related("unit"),
            work=work_for(request.user),
        )
    return render(request, "web/home.html", context)


def map_options() -> dict:
    """What static/web/map.js starts from: vector tiles when the set-up installed Leaflet.VectorGrid from
    npm (GeoJSON pages otherwise), the centre, the zoom and the office's base map."""
    vectorgrid = finders.find("vendor/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js") is not None
    return {
        "vectorgrid": vectorgrid,
        "centre": settings.LEAFLET_CONFIG["DEFAULT_CENTER"],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "basemap": basemap_url(),
        "basemap_max_zoom": basemap_max_zoom() or "",
    }


@login_required
def parcel_map(request):
    """The parcels of the caller's villages, each opening its page. Who reads no village's records but follows
    a programme's statistics (no names) sees the parcels of the villages they follow, each opening its page
    of the public register: their map was empty, its tiles asking for the villages whose records they read."""
    records = villages_covered(request.user, "view_records").exists()
    return render(request, "web/map.html", {**map_options(), "records": records})


# What the history table prints of each version: every version from the typed history, the latest first (the
# boundary is not read here), with the name of whoever made it (not the rest of their account).
VERSION_COLUMNS = (
    "version", "begin_lifespan", "end_lifespan", "end_reason", "land_use", "area_m2", "official_area_m2",
    "change_reason", "number", "changed_by__first_name", "changed_by__last_name", "changed_by__username",
)  # fmt: skip


@dataclass(frozen=True)
class VersionRow:
    """A row of the history table, named as the template names a ParcelVersion's attributes."""

    version: int
    begin_lifespan: object
    end_lifespan: object
    end_reason: str
    get_land_use_display: str
    area_m2: float
    official_area_m2: float | None
    change_reason: str
    number: str
    changed_by: str | None  # the person's name, or their login name (accounts.models.full_name_or_login)


# The page's two reads that depend on the parcel alone (its history, the open dispute cases holding it), made
# after the parcel was found among those the user may see: each statement built once per process
# (core.db.kept; the ORM's building of a statement costs more of the page's Python than PostgreSQL takes to
# run it).
_VERSIONS = KeptQuery(
    lambda pk: ParcelVersion.objects.filter(parcel_id=pk).order_by("-version").values_list(*VERSION_COLUMNS),
    pk=uuid.uuid4(),
)
_OPEN_CASES = KeptQuery(lambda pk: open_cases(parcels=[Parcel(pk=pk)]).values_list("number"), pk=uuid.uuid4())


@dataclass(frozen=True)
class ApplicationRow:
    """An application for a change of the parcel, named as the template names a Claim's attributes."""

    pk: object
    receipt_number: str
    get_purpose_display: str
    get_state_display: str


# The applications on the parcel, the latest first: their numbers, purposes and states (not their boundaries
# and data), with their village's path and level: these decide here, as claims_visible_to does, which the user
# sees.
_APPLICATIONS = KeptQuery(
    lambda pk: (
        Claim.objects.filter(subject_parcels=pk)
        .order_by("-created_at")
        .values_list("pk", "receipt_number", "purpose", "state", "village__path", "village__level")
    ),
    pk=uuid.uuid4(),
)


# The split or merge the parcel came from, and the one that retired it: the parcels on the other side of each
# (their numbers and pages), by kind, so that a split parcel's page leads to its parts and each part back.
_ORIGINS = KeptQuery(
    lambda pk: (
        ParcelChange.old_parcels.through.objects.filter(parcelchange__new_parcels=pk)
        .order_by("parcel__number")
        .values_list("parcelchange__kind", "parcel_id", "parcel__number")
    ),
    pk=uuid.uuid4(),
)
_OUTCOMES = KeptQuery(
    lambda pk: (
        ParcelChange.new_parcels.through.objects.filter(parcelchange__old_parcels=pk)
        .order_by("parcel__number")
        .values_list("parcelchange__kind", "parcel_id", "parcel__number")
    ),
    pk=uuid.uuid4(),
)


@dataclass(frozen=True)
class RelatedParcel:
    pk: object
    number: str


def _related(found: list[tuple]) -> dict[str, list[RelatedParcel]]:
    """The parcels of ``_ORIGINS`` or ``_OUTCOMES`` by the change's kind: {"split": [...], "merge": [...]}."""
    related: dict[str, list[RelatedParcel]] = {}
    for kind, pk, number in found:
        related.setdefault(kind, []).append(RelatedParcel(pk=pk, number=number))
    return related


def _applications(user, found: list[tuple]) -> list[ApplicationRow]:
    purposes = dict(Claim._meta.get_field("purpose").flatchoices)
    return [
        ApplicationRow(
            pk=claim,
            receipt_number=number,
            get_purpose_display=str(purposes.get(purpose, purpose)),
            # « inscrite au registre » for a lease or a loan applied, as on its own page (Claim.state_said)
            get_state_display=str(Claim(purpose=purpose, state=state).state_said),
        )
        for claim, number, purpose, state, path, level in found
        # claims_visible_to: the claims of the villages where the user sees the records
        if sees_village_records(user, path, level)
    ]


def _versions(found: list[tuple]) -> list[VersionRow]:
    label = dict(ParcelVersion._meta.get_field("land_use").flatchoices)
    rows = []
    for version, begin, end, end_reason, land_use, area, official, reason, number, *made_by in found:
        rows.append(
            VersionRow(
                version=version,
                begin_lifespan=begin,
                end_lifespan=end,
                end_reason=end_reason,
                get_land_use_display=str(label.get(land_use, land_use)),
                area_m2=area,
                official_area_m2=official,
                change_reason=reason,
                number=number,
                changed_by=full_name_or_login(*made_by) if made_by[-1] else None,
            )
        )
    return rows


@login_required
def parcel_detail(request, pk):
    # Each read a statement built once per process, all sent in one round trip (an unknown parcel or one
    # outside the user's scope reads its lists for nothing: rare, and never shown), the user's scope applied
    # to their rows (web.parcels.page).
    # The rights (and their documents) in force on the registry's today (rights.models.in_force_on).
    today = clock.today()
    dated = {"pk": pk, "on": today}
    found, rights, past, versions, documents, cases, applications, certificates, origins, outcomes = (
        rows_together(
            (PARCEL, {"pk": pk}),
            (RIGHTS, dated),
            (PAST_RIGHTS, dated),
            (_VERSIONS, {"pk": pk}),
            (DOCUMENTS, dated),
            (_OPEN_CASES, {"pk": pk}),
            (_APPLICATIONS, {"pk": pk}),
            (CERTIFICATES, {"pk": pk}),
            (_ORIGINS, {"pk": pk}),
            (_OUTCOMES, {"pk": pk}),
        )
    )
    parcel = parcel_from(request.user, found)
    if parcel is None:
        raise Http404("No parcel matches the given query.")
    majority_age = majority_age_reader(parcel.village)
    return render(
        request,
        "web/parcel_detail.html",
        {
            "parcel": parcel,
            "rights": with_certificates(
                request.user,
                rights_from(request.user, rights, today=today, majority_age=majority_age),
                certificates,
            ),
            "past_rights": past_rights_of(request.user, parcel, past, today=today),
            "versions": _versions(versions),
            "may_change": parcel.is_current
            and has_unit_perm(request.user, "record_transactions", parcel.village),
            "documents": documents_from(request.user, documents),
            "open_cases": [number for number, *_order in cases],
            "applications": _applications(request.user, applications),
            "came_from": _related(origins),
            "became": _related(outcomes),
        },
    )


def favicon(request):
    """A document without a page of ours (the OGC API's or the API's JSON opened in a browser) names no icon,
    so the browser asks for /favicon.ico (a 404 on its console): the pages' own icon. Its address is read at
    the request, as static storage may need its manifest."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
