"""Import page (queues a background job, never imports inside the request) and exports."""

import io
import shutil
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.gdal import GDALException, SRSException
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.core import clock
from landreg.core.background import jobs
from landreg.core.files import untrusted_files
from landreg.core.geometry import spatial_reference
from landreg.parcels import tasks
from landreg.parcels.exporting import FORMATS, export_parcels
from landreg.parcels.importing import reading
from landreg.parcels.models import IMPORT_OPTIONS, ImportJob
from landreg.web.once import submitted_once


class ImportOptionsForm(forms.Form):
    """How the file is read: given with the file, or changed to run a failed import again on the same file."""

    dry_run = forms.BooleanField(required=False, initial=True, label=gettext_lazy("Dry run (check only)"))
    keep_valid = forms.BooleanField(
        required=False,
        label=gettext_lazy("Import the valid features and list the others"),
        help_text=gettext_lazy(
            "Otherwise a single rejected feature stops the whole import (nothing is saved)."
        ),
    )
    split_multipolygons = forms.BooleanField(
        required=False,
        label=gettext_lazy("One parcel per part of a multipolygon"),
        help_text=gettext_lazy("Otherwise a feature made of several polygons is rejected."),
    )
    srid = forms.IntegerField(
        required=False,
        min_value=1,
        label=gettext_lazy("Coordinate system (EPSG code)"),
        help_text=gettext_lazy(
            "Only for a file that does not state its own, such as a CSV or a Shapefile without its .prj: "
            "4326 for longitudes and latitudes (the registry's CSV export)."
        ),
    )
    mapping = forms.CharField(
        required=False,
        label=gettext_lazy("Attribute mapping"),
        help_text=gettext_lazy("For example source_id=id, official_area_m2=contenance"),
    )

    @classmethod
    def for_job(cls, job: ImportJob) -> "ImportOptionsForm":
        mapping = ", ".join(f"{target}={source}" for target, source in job.mapping.items())
        return cls(initial={**job.options(), "mapping": mapping}, prefix="again")

    def clean_srid(self):
        srid = self.cleaned_data["srid"]
        if srid is not None:
            try:
                spatial_reference(srid)
            except (GDALException, SRSException):
                raise forms.ValidationError(
                    _("EPSG:%(srid)d is not a coordinate system this registry knows.") % {"srid": srid}
                ) from None
        return srid

    def clean_mapping(self):
        mapping = {}
        for item in filter(None, (p.strip() for p in self.cleaned_data["mapping"].split(","))):
            target, _sep, source = item.partition("=")
            if not source:
                raise forms.ValidationError(_("Write each mapping as field=source."))
            if target.strip() not in reading.FIELDS:
                raise forms.ValidationError(
                    _("Unknown target field %(f)s; use one of %(all)s")
                    % {"f": untrusted_files.shown(target.strip()), "all": ", ".join(reading.FIELDS)}
                )
            mapping[target.strip()] = source.strip()
        return mapping


class ImportForm(ImportOptionsForm):
    file = forms.FileField(label=gettext_lazy("File (GeoJSON, GeoPackage, zipped Shapefile, KML, GPX, CSV)"))
    village = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Village"), empty_label="—")
    field_order = ["file", "village", "dry_run", "keep_valid", "split_multipolygons", "srid", "mapping"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_covered(user, "record_claims")

    def clean_file(self):
        # Refused here, beside the field, rather than by a queued job that can only fail.
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in untrusted_files.FORMATS:
            raise forms.ValidationError(
                _("%(file)s: this kind of file is not accepted; accepted: %(kinds)s")
                % {
                    "file": untrusted_files.shown(upload.name, 80),
                    "kinds": untrusted_files.accepted_extensions(),
                }
            )
        return upload


@login_required
@submitted_once
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = ImportJob.objects.create(
            file=form.cleaned_data["file"],
            village=form.cleaned_data["village"],
            dry_run=form.cleaned_data["dry_run"],
            keep_valid=form.cleaned_data["keep_valid"],
            split_multipolygons=form.cleaned_data["split_multipolygons"],
            srid=form.cleaned_data["srid"],
            file_name=form.cleaned_data["file"].name[:200],
            mapping=form.cleaned_data["mapping"],
            created_by=request.user,
            created_at=clock.now(),
        )
        # The worker picks it up once the row is committed; the request returns at once.
        transaction.on_commit(lambda: tasks.run_import_job(job.pk))
        return redirect("parcels:import-job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    # A refused form comes back with every option as chosen, but a browser never sends a file again: say so.
    lost_file = request.FILES["file"].name if form.is_bound and "file" in request.FILES else ""
    return render(request, "parcels/import.html", {"form": form, "jobs": jobs, "lost_file": lost_file})


@login_required
def import_job(request, pk):
    job = get_object_or_404(ImportJob.objects.select_related("village"), pk=pk)
    if job.created_by_id != request.user.pk and not has_unit_perm(request.user, "record_claims", job.village):
        raise PermissionDenied
    percent = int(100 * job.processed / job.total) if job.total else 0
    may_act = has_unit_perm(request.user, "record_claims", job.village)
    # A run that crashed or whose worker died is retried as it is; one that failed on its file is not (it
    # would fail the same way): the page says so and offers to run it again on the same file, other options.
    may_retry = job.may_retry and not job.failed_on_its_file and may_act
    again = ImportOptionsForm.for_job(job) if job.failed_on_its_file and may_act else None
    return render(
        request,
        "parcels/import_job.html",
        {"job": job, "percent": percent, "may_retry": may_retry, "again": again},
    )


@login_required
@require_POST
@submitted_once
def import_retry(request, pk):
    """Queue a failed or stale import again; a second click finds it queued and changes nothing. An import
    that failed on its file runs again only with other options (the form of its page): the same options
    would fail the same way."""
    job = get_object_or_404(ImportJob.objects.select_related("village"), pk=pk)
    if not has_unit_perm(request.user, "record_claims", job.village):
        raise PermissionDenied
    changed = {}
    if job.failed_on_its_file:
        form = ImportOptionsForm(request.POST, prefix="again")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("parcels:import-job", pk=job.pk)
        changed = {name: form.cleaned_data[name] for name in IMPORT_OPTIONS}
        if changed == job.options():
            messages.error(
                request,
                _(
                    "The same file with the same options would fail the same way: change an option below, "
                    "or correct the file and import it again."
                ),
            )
            return redirect("parcels:import-job", pk=job.pk)
    if jobs.job_retry(ImportJob, job.pk, processed=0, total=0, report={}, **changed):
        transaction.on_commit(lambda: tasks.run_import_job(job.pk))
        messages.success(request, _("The import is queued again."))
    else:
        messages.info(request, _("The import is already queued, running or finished."))
    return redirect("parcels:import-job", pk=job.pk)


@login_required
def export(request, fmt):
    if fmt not in FORMATS:  # no such page (a 403 said the user lacked a right to something that is not there)
        raise Http404
    directory = Path(tempfile.mkdtemp(prefix="landreg-export-"))
    try:
        path, filename = export_parcels(
            user=request.user, fmt=fmt, unit_code=request.GET.get("unit"), directory=directory
        )
        data = path.read_bytes()  # exports of a commune are a few MB; the folder goes at once
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename)
