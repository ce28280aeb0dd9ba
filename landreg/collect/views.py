"""The agent's page of what they sent from the field: each submission's state and what to correct."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from landreg.accounts.selectors import has_unit_perm
from landreg.collect.filters import SORTS, SubmissionFilter
from landreg.collect.instance import InstanceError, file_types, parse_instance
from landreg.collect.models import Submission, SubmissionAttachment
from landreg.documents.models import PERSONAL_PAPERS
from landreg.web.lists.page import list_page


@login_required
def my_submissions(request):
    submissions = (
        Submission.objects.filter(agent=request.user)
        .select_related("village", "claim")
        .prefetch_related("attachments")
    )
    page = list_page(
        request, submissions, filterset_class=SubmissionFilter, sorts=SORTS, default_sort="-received"
    )
    for submission in page.rows:
        submission.survey = _survey_named(submission)
    server = request.build_absolute_uri("/collect/")
    return render(request, "collect/submissions.html", {"page": page, "server": server})


def _survey_named(submission: Submission) -> str:
    """What the agent knows a record by: the parcel's local name and its people, read from the record (the
    rows showed a date, a village and photos: two records of one morning could not be told apart)."""
    try:
        survey = parse_instance(submission.xml.encode())
    except InstanceError:
        return ""
    people = ", ".join(" ".join(filter(None, (p.last_name, p.first_names))) for p in survey.people)
    return " — ".join(part for part in (survey.local_name, people) if part)


def _may_open(user, item: SubmissionAttachment) -> bool:
    """Its agent and those who see the village's personal data open every file of a record; those who see
    only its records (the committee) open the photos of the parcel, the site's evidence, but not the photo of
    a paper (it may be an identity card), a signature or a fingerprint, which are personal data
    (documents.models.PERSONAL_PAPERS)."""
    submission = item.submission
    if submission.agent_id == user.pk or has_unit_perm(user, "view_personal_data", submission.village):
        return True
    if not has_unit_perm(user, "view_records", submission.village):
        return False
    # As the document it became (documents.selectors.sources_openable_by); a file not named, never.
    kind = file_types(submission.xml).get(item.name)
    return kind is not None and kind not in PERSONAL_PAPERS


@login_required
def attachment(request, pk):
    """A photo or image sent from the field, to those who may open it (``_may_open``)."""
    item = get_object_or_404(SubmissionAttachment.objects.select_related("submission__village"), pk=pk)
    if not _may_open(request.user, item):
        raise Http404
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # As a document's file (documents.views): a field photo may be an identity paper's.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
