"""The field agent's pages: draft a claim, attach its documents."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
from landreg.adjudication.selectors import claims_visible_to
from landreg.core.exceptions import RegistryError
from landreg.documents.models import SourceType
from landreg.documents.services import source_attach
from landreg.parties.models import Sex
from landreg.rights.models import RightType


def _geometry(text: str):
    try:
        geometry = GEOSGeometry(text.strip())
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        raise RegistryError(_("The boundary is not valid GeoJSON or WKT.")) from exc
    if geometry.srid is None:
        geometry.srid = 4326
    return geometry


@login_required
def claim_new(request):
    villages = villages_covered(request.user, "record_claims")
    context = {
        "villages": villages,
        "right_types": RightType.objects.filter(kind="right", is_secondary=False),
        "sexes": Sex.choices,
        "rows": range(3),
        "post": request.POST,
    }
    if request.method == "POST":
        post = request.POST
        claimants = [
            ClaimantInput(last_name=last, first_names=first, sex=sex, share=share or "1")
            for last, first, sex, share in zip(
                post.getlist("last_name"),
                post.getlist("first_names"),
                post.getlist("sex"),
                post.getlist("share"),
                strict=False,
            )
            if last.strip()
        ]
        try:
            village = villages.filter(pk=post.get("village")).first()
            if village is None:
                raise RegistryError(_("Choose a village where you record claims."))
            claim = claim_draft(
                actor=request.user,
                village=village,
                geometry=_geometry(post.get("geometry", "")),
                right_type=post.get("right_type", ""),
                claimants=claimants,
                local_name=post.get("local_name", ""),
                limits={side: post.get(f"limit_{side}", "") for side in ("north", "east", "south", "west")},
            )
        except RegistryError as exc:
            messages.error(request, str(exc))
            return render(request, "adjudication/claim_new.html", context, status=400)
        messages.success(request, _("Draft saved; attach the documents, then submit."))
        return redirect("adjudication:claim-detail", pk=claim.pk)
    return render(request, "adjudication/claim_new.html", context)


@login_required
@require_POST
def claim_document(request, pk):
    claim = get_object_or_404(claims_visible_to(request.user), pk=pk)
    try:
        document_date = dt.date.fromisoformat(request.POST.get("document_date", ""))
    except ValueError:
        messages.error(request, _("Give the date as YYYY-MM-DD."))
        return redirect("adjudication:claim-detail", pk=claim.pk)
    source_type = request.POST.get("source_type", "")
    try:
        if source_type not in SourceType.values:
            raise RegistryError(_("Choose the type of document."))
        with transaction.atomic():
            source = source_attach(
                source_type=source_type,
                document_date=document_date,
                village=claim.village,
                reference=request.POST.get("reference", ""),
                file=request.FILES.get("file"),
                recorded_by=request.user,
            )
            claim_attach_documents(claim=claim, actor=request.user, documents=[source])
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The document is attached."))
    return redirect("adjudication:claim-detail", pk=claim.pk)
