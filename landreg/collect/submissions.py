"""A parcel survey received from ODK Collect becomes a draft claim of its agent, through the same services as
the drafting page and the sync (geometry checks, village, overlap screening), or waits with its reasons.
Never lost, never created twice: the instanceID is unique, and a record sent again is answered as already
received.

Every fault is reported at once (OpenRosa's response message and the agent's list): the boundary's own
checks, then the village's limits and the overlaps together (``batch_screen``, as a sync batch of one), and
the right's and people's (``draft_faults``), whichever fail; only a record without any makes the draft's rows
(``drafts_prepare``, the same rows ``claim_draft`` makes, without checking the boundary a third time).
Each file is stored once: a photo of the survey, a claimant's signature or fingerprint becomes a source
document of the claim pointing at the attachment's stored file."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.minors import fault_messages, input_faults
from landreg.adjudication.claims.batch import batch_screen, draft_faults, drafts_prepare, drafts_write
from landreg.adjudication.claims.content import ClaimContent, update_from
from landreg.adjudication.claims.services import ClaimantInput, SecondaryRightInput, claim_attach_documents
from landreg.adjudication.exceptions import ClaimFaults
from landreg.adjudication.models import Claim, Claimant, ClaimantRole
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.states import ClaimState
from landreg.collect.instance import InstanceError, ParcelSurvey, geoshape_polygon, parse_instance
from landreg.collect.models import Submission, SubmissionAttachment, SubmissionState
from landreg.core.exceptions import PermissionDeniedError, RegistryError
from landreg.core.stored_messages import message_kept
from landreg.documents.content import kind_of
from landreg.documents.services import source_attach, source_holding
from landreg.parcels.checks import AreaLimits, BoundaryErrors, check_boundary
from landreg.parcels.models import SurveyMethod
from landreg.parties.models import GroupType, Sex
from landreg.territory.models import AdministrativeUnit, UnitLevel

# Photos, scans, signature and fingerprint images: what ODK Collect sends, recognised from their first bytes.
IMAGE_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass
class Received:
    submission: Submission
    created: bool


def image_type(head: bytes) -> str | None:
    return next((kind for magic, kind in IMAGE_SIGNATURES.items() if head.startswith(magic)), None)


def submission_receive(*, agent, xml: bytes, files: dict, complete: bool = True) -> Received:
    """Keep a submission and try to make its draft claim. `files`: form file name -> uploaded file.

    `complete` is False for a part of a record ODK Collect split over several POSTs (OpenRosa's
    `*isIncomplete*`: each part carries the same XML and some of the attachments): its files are kept and
    the draft waits for the last part, so that no photo sent in a later part is lost."""
    survey = parse_instance(xml)
    existing = Submission.objects.filter(instance_id=survey.instance_id).first()
    if existing is not None:
        return _part_received(existing, agent=agent, survey=survey, files=files, complete=complete)
    village = AdministrativeUnit.objects.filter(code=survey.village_code, level=UnitLevel.VILLAGE).first()
    if village is None or not has_unit_perm(agent, "record_claims", village):
        raise PermissionDeniedError(_("You may not record claims in this village."))
    checked = _checked_attachments(files)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                instance_id=survey.instance_id,
                form_id=survey.form_id[:100],
                form_version=survey.version[:40],
                agent=agent,
                village=village,
                xml=xml.decode("utf-8", errors="replace"),
            )
            attachments = _attachments_store(submission, checked)
            if complete:
                _draft_or_reasons(submission, survey, attachments)
    except IntegrityError:
        # The same record arriving twice at once: the other request kept it.
        return Received(Submission.objects.get(instance_id=survey.instance_id), created=False)
    return Received(submission, created=True)


def _part_received(existing: Submission, *, agent, survey: ParcelSurvey, files: dict, complete: bool):
    """A record already known: sent again (already received, nothing changes), or the next part of one
    split over several POSTs, whose files join the earlier parts' and whose last part makes the draft."""
    if existing.state != SubmissionState.RECEIVED or existing.agent_id != agent.pk:
        return Received(existing, created=False)
    checked = _checked_attachments(files)
    with transaction.atomic():
        # Locked: two parts arriving at once must not both make the draft.
        submission = Submission.objects.select_for_update().select_related("village").get(pk=existing.pk)
        if submission.state != SubmissionState.RECEIVED:
            return Received(submission, created=False)
        kept = set(submission.attachments.values_list("name", flat=True))
        added = _attachments_store(submission, {n: v for n, v in checked.items() if n not in kept})
        if not complete:
            return Received(submission, created=bool(added))
        attachments = {
            item.name: (item, _stored_bytes(item))
            for item in submission.attachments.exclude(name__in=list(added))
        }
        _draft_or_reasons(submission, survey, {**attachments, **added})
    return Received(submission, created=True)


def _attachments_store(submission: Submission, checked: dict[str, tuple[bytes, str]]) -> dict:
    """The checked files kept for the submission: form file name -> (its SubmissionAttachment, its bytes)."""
    return {
        name: (
            SubmissionAttachment.objects.create(
                submission=submission,
                name=name,
                # Stored under a name that tells nothing (the form's name stays in `name`): the
                # source document made of a photo points at this same file.
                file=ContentFile(content, name=f"{uuid.uuid4().hex}{kind_of(content[:16]).extension}"),
                content_type=kind,
                size=len(content),
            ),
            content,
        )
        for name, (content, kind) in checked.items()
    }


def _stored_bytes(item: SubmissionAttachment) -> bytes:
    with item.file.open("rb") as handle:
        return handle.read()


def _checked_attachments(files: dict) -> dict[str, tuple[bytes, str]]:
    checked = {}
    for name, upload in files.items():
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise InstanceError(_("An attached file is larger than 10 MB."))
        content = upload.read()
        kind = image_type(content[:8])
        if kind is None:
            raise InstanceError(_("An attached file is not a JPEG or PNG image."))
        checked[name.rsplit("/", 1)[-1][:200]] = (content, kind)
    return checked


def _corrected_record(agent, name: str) -> Submission | Claim | None:
    """The record a survey says it corrects (its `correction_of`, chosen from corrections.csv): one of the
    agent's submissions kept with reasons, or a claim of theirs that screening returned."""
    if not name:
        return None
    held = Submission.objects.filter(agent=agent, instance_id=name, state=SubmissionState.NEEDS_CORRECTION)
    if held.exists():
        return held.get()
    try:
        return Claim.objects.filter(pk=uuid.UUID(name), created_by=agent, state=ClaimState.RETURNED).first()
    except ValueError:
        return None


def _draft_or_reasons(submission: Submission, survey: ParcelSurvey, attachments: dict) -> None:
    """The survey's draft claim, or its reasons; a survey correcting a returned claim edits that claim.
    Screened like a sync batch of one: the village's limits and overlaps with parcels and claims in
    progress. ``attachments``: form file name -> (its SubmissionAttachment, its bytes)."""
    corrected = _corrected_record(submission.agent, survey.correction_of)
    returned = corrected if isinstance(corrected, Claim) else None
    try:
        with transaction.atomic():
            # The procedure's profile read once, for the area limits, the overlap tolerances and the draft.
            profiles = {submission.village.pk: profile_for(submission.village)}
            # Every fault at once, the boundary's and the people's: the agent corrects them in one visit.
            faults, geometry = [], None
            try:
                geometry = check_boundary(
                    geoshape_polygon(survey.boundary_text),
                    village=submission.village,
                    containment=False,  # the village's limits are left to batch_screen, with the overlaps
                    limits=AreaLimits.for_profile(profiles[submission.village.pk]),
                ).polygon
            except BoundaryErrors as error:
                faults += [issue.message for issue in error.issues]
            except InstanceError as error:
                faults.append(str(error))
            content = ClaimContent(
                village=submission.village,
                geometry=geometry,
                right_type=survey.right_type,
                tenure_system=returned.tenure_system if returned else "customary",
                land_use=returned.land_use if returned else "cropland",
                survey_method=survey.survey_method if survey.survey_method in SurveyMethod.values else None,
                local_name=survey.local_name[:200],
                limits={side: name for side, name in survey.neighbours.items() if name},
                claimants=claimants_of(survey),
                secondary_rights=secondary_rights_of(survey),
            )
            if geometry is not None:
                held_back = batch_screen(
                    [content], labels=[survey.local_name or survey.instance_id], profiles=profiles
                )
                faults += held_back.get(0, [])
            faults += method_faults(survey) + secondary_faults(survey) + draft_faults(content)
            # A minor claimant without a legal representative (changes.minors): said with the others.
            majority_age = profiles[submission.village.pk].majority_age
            faults += fault_messages(input_faults(content.claimants, majority_age=majority_age))
            if faults:
                raise ClaimFaults(faults)
            if returned is not None:
                claim = update_from(content, actor=submission.agent, claim=returned)
            else:
                claim = _draft(content, actor=submission.agent, profiles=profiles)
            documents = []
            for item in survey.files:
                if item.name not in attachments:
                    continue
                file = ContentFile(attachments[item.name][1], name=attachments[item.name][0].file.name)
                # A correction sends the record's files again with it: what its claim holds already (the
                # same bytes under the same type) is not attached twice, as a sync push sent again is not
                # (collect.sync_attachments).
                if returned is not None and source_holding(
                    among=claim.documents.filter(source_type=item.source_type), file=file
                ):
                    continue
                documents.append(
                    source_attach(
                        source_type=item.source_type,
                        document_date=dt.date.today(),
                        village=submission.village,
                        reference=item.reference,
                        file=file,
                        file_stored=True,
                        recorded_by=submission.agent,
                    )
                )
            if documents:
                claim_attach_documents(claim=claim, actor=submission.agent, documents=documents)
    except (RegistryError, InstanceError, ValidationError) as error:
        listed = isinstance(error, ValidationError | ClaimFaults)
        messages = error.messages if listed else [str(error)]
        # Kept as the registry's messages (English, their code with its values), said in the reader's
        # language when shown: the agent's phone, the land office's page (they were kept in the language of
        # the request that sent the record, and an English page showed French).
        submission.state = SubmissionState.NEEDS_CORRECTION
        submission.reasons = [message_kept(message) for message in messages]
        submission.save(update_fields=["state", "reasons"])
        return
    submission.state, submission.claim, submission.reasons = SubmissionState.DRAFT, claim, []
    submission.save(update_fields=["state", "claim", "reasons"])
    if isinstance(corrected, Submission):  # off the agent's list of records to correct
        corrected.state = SubmissionState.CORRECTED
        corrected.save(update_fields=["state"])


def _draft(content: ClaimContent, *, actor, profiles: dict) -> Claim:
    """The draft of a screened content: ``claim_draft``'s checks and rows, its boundary checked already."""
    values = drafts_prepare(actor=actor, contents=[content], profiles=profiles)[0]
    if isinstance(values, RegistryError):
        raise values
    drafts_write(actor=actor, drafts=[values], payloads=[{"village": content.village.code}])
    return Claim.objects.select_related("village").get(pk=values.claim["id"])


HOLDER_KINDS = {*Sex.values, *GroupType.values}  # the form's « Le titulaire est » (holder_kind)


def secondary_rights_of(survey: ParcelSurvey) -> list[SecondaryRightInput]:
    """The survey's secondary rights, their holder a woman or a man (the name as given) or a group of the
    kind chosen. They were read and dropped: a grazing right recorded in the field never reached the claim."""
    rights = []
    for row in survey.secondary_rights:
        kind = row.get("holder_kind", "")
        if kind not in HOLDER_KINDS:
            continue  # secondary_faults says so, and the record waits
        if kind in Sex.values:
            holder = {"kind": "natural", "last_name": row["holder"][:120], "sex": kind}
        else:
            holder = {"kind": "group", "name": row["holder"][:200], "group_type": kind}
        rights.append(
            SecondaryRightInput(right_type=row["right_type"], description=row["description"], **holder)
        )
    return rights


def method_faults(survey: ParcelSurvey) -> list[str]:
    """A survey method the register does not know (a record altered, or of a later form): said by name. A
    record of a form before the question (2026120601 and earlier) says none: its claim is « method not
    stated » (a correction keeps its claim's), never the GPS walk every field record was taken for."""
    if not survey.survey_method or survey.survey_method in SurveyMethod.values:
        return []
    return [
        _(
            "The survey method “%(method)s” is not one the register knows (update the form in ODK Collect: "
            "“Get blank form”)."
        )
        % {"method": survey.survey_method}
    ]


def secondary_faults(survey: ParcelSurvey) -> list[str]:
    """A secondary right whose holder is neither a woman, a man nor a known group (a form from before the
    question): said by name, so that the agent sends the record again from the updated form."""
    return [
        _(
            "Secondary right of “%(holder)s”: say whether the holder is a woman, a man or a group "
            "(update the form in ODK Collect: “Get blank form”)."
        )
        % {"holder": row["holder"]}
        for row in survey.secondary_rights
        if row.get("holder_kind", "") not in HOLDER_KINDS
    ]


# Civil status the claim records (the form may ask more than a claimant row keeps, e.g. marital status).
CLAIMANT_FIELDS = {f.name for f in Claimant._meta.get_fields()}


def claimants_of(survey: ParcelSurvey) -> list[ClaimantInput]:
    people = [
        ClaimantInput(
            last_name=person.last_name,
            first_names=person.first_names,
            sex=person.sex,
            share="1"
            if len(survey.people) == 1 and survey.holding != "collective"
            else (person.share or "1"),
            role=(ClaimantRole.MANDATARY if person.is_mandatary else ClaimantRole.MEMBER)
            if survey.holding == "collective"
            else ClaimantRole.HOLDER,
            extra={
                **{k: v for k, v in person.civil_status.items() if k in CLAIMANT_FIELDS},
                **{k: v[:200] for k, v in person.representation.items()},
            },
        )
        for person in survey.people
    ]
    if survey.holding == "collective":
        group = ClaimantInput(kind="group", name=survey.group_name, group_type=survey.group_type, share="1")
        return [group, *people]
    return people
