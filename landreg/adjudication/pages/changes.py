"""The land office's page to lodge an application for a later change of a parcel (demande de mutation)."""

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.applications import (
    CORRECTABLE_PARCEL_FIELDS,
    CORRECTABLE_PARTY_FIELDS,
    change_draft,
)
from landreg.adjudication.changes.consents import consents_needed
from landreg.adjudication.claims import transitions
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.states import CHANGE_KINDS, ClaimPurpose, Step
from landreg.core.exceptions import RegistryError
from landreg.documents.models import SourceType
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.models import Party, Sex


def _new_holders(post, village) -> list[ClaimantInput]:
    """Rows of the holders table: a registered person of the village, or a new person by name."""
    holders = []
    rows = zip(
        post.getlist("holder_party"),
        post.getlist("last_name"),
        post.getlist("first_names"),
        post.getlist("sex"),
        post.getlist("share"),
        strict=False,
    )
    for party_id, last, first, sex, share in rows:
        party = Party.objects.filter(pk=party_id, village=village).first() if party_id else None
        if party_id and party is None:
            raise RegistryError(_("A person chosen is not registered in this village."))
        if party is None and not last.strip():
            continue
        kind = party.kind if party else "natural"
        holders.append(
            ClaimantInput(
                last_name=last, first_names=first, sex=sex, share=share or "1", party=party, kind=kind
            )
        )
    return holders


def _details(post, kind: str, parcel, user) -> tuple[dict, list, object]:
    """The application's details from the form: (data, parcels, party corrected)."""
    data = {"reason": post.get("reason", "")}
    parcels, party = [parcel], None
    if kind == ClaimPurpose.SPLIT:
        text = post.get("parts", "").strip()
        try:
            loaded = json.loads(text) if text else []
        except ValueError as exc:
            raise RegistryError(_("The parts are not valid GeoJSON.")) from exc
        if isinstance(loaded, dict) and loaded.get("type") == "FeatureCollection":
            loaded = [f.get("geometry") for f in loaded.get("features", [])]
        data["parts"] = loaded if isinstance(loaded, list) else []
    elif kind == ClaimPurpose.MERGE:
        numbers = [n.strip() for n in post.get("merge_with", "").split(",") if n.strip()]
        others = list(parcels_visible_to(user).current().filter(number__in=numbers))
        if len(others) != len(set(numbers)):
            raise RegistryError(_("A parcel number to merge with is unknown or retired."))
        parcels += others
    elif kind in (ClaimPurpose.LEASE, ClaimPurpose.LOAN):
        data |= {k: post.get(k, "") for k in ("legal_basis", "start_date", "end_date")}
    elif kind == ClaimPurpose.CORRECTION:
        field, value = post.get("field", ""), post.get("value", "")
        if post.get("corrected_party"):
            party = Party.objects.filter(pk=post["corrected_party"], village=parcel.village).first()
            if party is None:
                raise RegistryError(_("Choose the person or group to correct among the holders."))
        if field == "geometry":
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise RegistryError(_("The corrected boundary is not valid GeoJSON.")) from exc
        data["changes"] = {field: value} if field else {}
    return data, parcels, party


@login_required
def change_new(request, parcel_pk):
    parcel = get_object_or_404(
        parcels_visible_to(request.user).current().select_related("village"), pk=parcel_pk
    )
    if not has_unit_perm(request.user, "record_transactions", parcel.village):
        raise Http404
    rights = parcel.rights.current().select_related("right_type").prefetch_related("holders__party")
    holders = sorted({h.party for r in rights for h in r.holders.all()}, key=lambda p: p.display_name)
    post = request.POST
    context = {
        "parcel": parcel,
        "rights": rights,
        "holders": holders,
        "village_parties": Party.objects.current()
        .filter(village=parcel.village)
        .order_by("last_name", "name")[:500],
        "kinds": [(k, ClaimPurpose(k).label) for k in CHANGE_KINDS],
        "profile_steps": _profile_steps(parcel.village),
        "sexes": Sex.choices,
        "rows": range(4),
        "source_types": SourceType.choices,
        "parcel_fields": _labelled(Parcel, CORRECTABLE_PARCEL_FIELDS),
        "party_fields": _labelled(Party, CORRECTABLE_PARTY_FIELDS),
        "post": post,
    }
    if request.method != "POST":
        return render(request, "adjudication/change_new.html", context)
    kind = post.get("kind", "")
    try:
        if kind not in CHANGE_KINDS:
            raise RegistryError(_("Choose the kind of change."))
        data, parcels, party = _details(post, kind, parcel, request.user)
        right = rights.filter(pk=post.get("right")).first() if post.get("right") else None
        with transaction.atomic():  # a refused submission leaves neither a draft nor a document
            documents = []
            if post.get("source_type"):
                documents.append(
                    source_attach(
                        source_type=post["source_type"],
                        document_date=_document_date(post.get("document_date", "")),
                        village=parcel.village,
                        reference=post.get("reference", ""),
                        file=request.FILES.get("file"),
                        recorded_by=request.user,
                    )
                )
            application = change_draft(
                actor=request.user,
                kind=kind,
                right=right,
                parcels=parcels,
                party=party,
                new_holders=_new_holders(post, parcel.village),
                data=data,
                documents=documents,
            )
            awaiting_consent = any(not n.given for n in consents_needed(application))
            if post.get("submit_now") and not awaiting_consent:
                application = transitions.claim_submit(claim=application, actor=request.user)
    except RegistryError as exc:
        messages.error(request, str(exc))
        return render(request, "adjudication/change_new.html", context, status=400)
    if awaiting_consent:  # the draft is kept: the co-holders consent, then it is submitted
        messages.warning(
            request, _("Draft saved: record each co-holder's consent with their mark, then submit.")
        )
        return redirect("adjudication:claim-consents", pk=application.pk)
    if application.receipt_number:
        messages.success(
            request, _("Application lodged: receipt %(receipt)s.") % {"receipt": application.receipt_number}
        )
    else:
        messages.success(request, _("Draft saved; attach the documents, then submit."))
    return redirect("adjudication:claim-detail", pk=application.pk)


def _labelled(model, names) -> list[tuple[str, str]]:
    return sorted(((n, str(model._meta.get_field(n).verbose_name)) for n in names), key=lambda f: f[1])


def _document_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise RegistryError(_("Give the date as YYYY-MM-DD.")) from exc


def _profile_steps(village) -> list[tuple[str, str]]:
    """Each kind with the steps the commune's profile puts it through, to show before lodging."""
    profile = profile_for(village)
    return [
        (
            str(ClaimPurpose(kind).label),
            " → ".join(str(Step(s).label) for s in profile.change_steps.get(kind, []))
            or _("recorded directly by the land office"),
        )
        for kind in CHANGE_KINDS
    ]
