"""The system administrator's backups page: the archives of the backup folder, a backup made now, an archive
checked or downloaded. Nobody else may list or fetch them (they hold every village's personal data): 403
before anything is read, so a name cannot be probed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from landreg.accounts.selectors import administers_system
from landreg.backups import folder
from landreg.backups.exceptions import BackupError
from landreg.backups.selectors import archive_rows, latest_job
from landreg.backups.services import backup_check_request, backup_download_record, backup_request
from landreg.web.once import submitted_once

CREATE, VERIFY = "create", "verify"


def _require(request) -> None:
    if not administers_system(request.user):
        raise PermissionDenied


@login_required
@submitted_once
def backups_page(request):
    _require(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == CREATE:
                backup_request(actor=request.user)
                messages.success(request, _("Backup queued: it is being made in the background."))
            elif action == VERIFY:
                found = folder.archive_named(request.POST.get("archive", ""))
                if found is None:
                    raise Http404
                backup_check_request(actor=request.user, name=found.name)
                messages.success(request, _("Check queued: the archive is being read in the background."))
            else:
                messages.error(request, _("Choose one of the page's buttons."))
        except BackupError as exc:
            messages.error(request, str(exc))
        return redirect("backups:page")
    creating, checking = latest_job(folder_kind=CREATE), latest_job(folder_kind=VERIFY)
    return render(
        request,
        "backups/page.html",
        {
            "rows": archive_rows(),
            "creating": creating,
            "checking": checking,
            "busy": any(job is not None and job.is_active for job in (creating, checking)),
            "backup_dir": folder.backup_dir(),
        },
    )


@login_required
def backup_download(request, name):
    _require(request)
    found = folder.archive_named(name)
    if found is None:
        raise Http404
    try:
        handle = found.path.open("rb")
    except OSError as exc:  # removed between the listing and here
        raise Http404 from exc
    backup_download_record(actor=request.user, found=found)
    return FileResponse(handle, as_attachment=True, filename=found.name, content_type="application/gzip")
