"""Each role's queue of work for the home page: what waits for the user, how much, what is overdue, and the
filtered list that shows it.

The entries follow the permissions the user holds (a user with two roles sees both parts), each read through
the selector that scopes its list, and each links to the list page filtered to exactly the rows it counts
(the tests follow every link and compare). Overdue follows the procedure profile's deadlines: a notice that
ended, a claim waiting longer than the profile's ``overdue_after_days``, a dispute past its session or
conciliation date.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from landreg.accounts.models import RoleAssignment
from landreg.accounts.roles import Role
from landreg.accounts.selectors import administers_system, units_covered, villages_covered
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.selectors import claim_queue, overdue_claims
from landreg.adjudication.states import FINAL_STATES, ClaimState
from landreg.backups.folder import archive_files
from landreg.certificates.models import CertificateBatch
from landreg.certificates.pages.filters import HELD, READY
from landreg.certificates.selectors import certificates_to_sign, certificates_visible_to, print_queue, stage_q
from landreg.collect.models import Submission, SubmissionState
from landreg.core import clock
from landreg.core.background.jobs import needs_attention_q
from landreg.core.db.paging import count_up_to
from landreg.disputes.cases.freeze import frozen_rights_q
from landreg.disputes.selectors import cases_handled_by, overdue_q, to_finalise_q
from landreg.disputes.states import DisputeStatus
from landreg.parcels.models import ImportJob

NOTICE_SOON_DAYS = 7  # "notices ending": within the coming week


@dataclass
class WorkItem:
    key: str  # stable name, for tests and styles
    label: str
    count: int | None  # None: more than the count cap
    url: str
    overdue: int | None = None
    overdue_url: str = ""
    action: str = ""  # what the user may do about them at once, at action_url
    action_url: str = ""
    held: int | None = 0  # of the same work, what an open dispute case holds (not counted in ``count``)
    held_url: str = ""


@dataclass
class WorkPart:
    title: str
    items: list[WorkItem] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _claims(key, label, claims, **query) -> WorkItem:
    """An entry of claims, with those of them past their profile's deadline."""
    url = _url("adjudication:claim-list", **query)
    return WorkItem(
        key=key,
        label=label,
        count=count_up_to(claims),
        url=url,
        overdue=count_up_to(overdue_claims(claims)),
        overdue_url=_url("adjudication:claim-list", **query, overdue="true"),
    )


def _holds(user, codename: str) -> bool:
    return villages_covered(user, codename).exists()


def work_for(user, today: dt.date | None = None) -> list[WorkPart]:
    today = today or clock.today()
    parts = [
        _field_work(user) if _holds(user, "record_claims") else None,
        _land_office(user, today),
        _committee(user) if _holds(user, "vote_committee") else None,
        _authority(user),
        # The conciliation committee hears the cases too: its home page listed no work at all.
        _disputes(user) if _holds(user, "manage_disputes") or _holds(user, "conciliate") else None,
        _administration(user) if user.is_superuser or _holds(user, "administer_unit") else None,
    ]
    return [part for part in parts if part is not None and part.items]


def _field_work(user) -> WorkPart:
    mine = claim_queue(user, "mine")
    needs_fixing = Submission.objects.filter(agent=user, state=SubmissionState.NEEDS_CORRECTION)
    return WorkPart(
        _("Field work"),
        [
            WorkItem(
                "drafts",
                _("Drafts to finish and submit"),
                count_up_to(mine.filter(state=ClaimState.DRAFT)),
                _url("adjudication:claim-list", queue="mine", state=ClaimState.DRAFT),
            ),
            _claims(
                "returned",
                _("Claims returned to you"),
                mine.filter(state=ClaimState.RETURNED),
                queue="mine",
                state=ClaimState.RETURNED,
            ),
            WorkItem(
                "submissions",
                _("Field submissions to correct"),
                count_up_to(needs_fixing),
                _url("collect:submissions", state=SubmissionState.NEEDS_CORRECTION),
            ),
        ],
        # Where a claim starts: an agent new to a village saw three zeros and no way to record a first one.
        extra={"new_claim_url": reverse("adjudication:claim-new")},
    )


def _land_office(user, today: dt.date) -> WorkPart:
    part = WorkPart(_("Land office"))
    if _holds(user, "screen_claims"):
        notice = claim_queue(user, "notice")
        ending = notice.filter(notice_end__lte=today + dt.timedelta(days=NOTICE_SOON_DAYS))
        part.items += [
            _claims("screening", _("Claims to screen"), claim_queue(user, "screening"), queue="screening"),
            _claims(
                "notices",
                _("Public notices ending within a week"),
                ending,
                queue="notice",
                notice_end_before=(today + dt.timedelta(days=NOTICE_SOON_DAYS)).isoformat(),
                sort="notice_end",
            ),
        ]
    if _holds(user, "issue_certificates"):
        mine = certificates_visible_to(user).filter(village__in=villages_covered(user, "issue_certificates"))
        # What a dispute holds is refused until the case's outcome (no certificate issued or printed): counted
        # apart from what the office can do now, each linked to its rows.
        # The queue's rows as its page lists them, those « à rééditer » among them (the count left them out).
        queue, to_print = print_queue(user, with_reissues=True), mine.filter(stage_q("to_print"))
        held_rights, held_certificates = frozen_rights_q(), frozen_rights_q(right="right", parcel="parcel")
        part.items += [
            WorkItem(
                "print_queue",
                _("Rights ready for their certificate"),
                count_up_to(queue.exclude(held_rights)),
                _url("certificates:queue", dispute=READY),
                held=count_up_to(queue.filter(held_rights)),
                held_url=_url("certificates:queue", dispute=HELD),
            ),
            WorkItem(
                "to_print",
                _("Certificates to print"),
                count_up_to(to_print.exclude(held_certificates)),
                _url("certificates:list", stage="to_print", dispute=READY),
                held=count_up_to(to_print.filter(held_certificates)),
                held_url=_url("certificates:list", stage="to_print", dispute=HELD),
            ),
            WorkItem(
                "to_deliver",
                _("Certificates to deliver"),
                count_up_to(mine.filter(stage_q("to_deliver"))),
                _url("certificates:list", stage="to_deliver"),
            ),
        ]
    if _holds(user, "record_transactions"):
        changes = claim_queue(user, "changes").exclude(state__in=FINAL_STATES)
        part.items.append(
            _claims(
                "changes", _("Change applications in progress"), changes, queue="changes", progress="open"
            )
        )
    return part


def _committee(user) -> WorkPart:
    return WorkPart(
        _("Land committee"),
        [
            _claims(
                "votes",
                _("Votes to cast"),
                claim_queue(user, "committee").exclude(votes__member=user),
                queue="committee",
                my_vote="missing",
            ),
            _claims("site_visits", _("Site visits to hold"), claim_queue(user, "site"), queue="site"),
        ],
    )


def _authority(user) -> WorkPart:
    part = WorkPart(_("Authority"))
    if _holds(user, "approve_claims"):
        part.items.append(
            _claims("approvals", _("Claims to approve"), claim_queue(user, "approval"), queue="approval")
        )
    if _holds(user, "sign_certificates"):
        part.items.append(
            WorkItem(
                "signatures",
                _("Certificates to sign"),
                count_up_to(certificates_to_sign(user)),
                _url("certificates:list", stage="to_sign"),
                action=_("sign several at once"),
                action_url=reverse("certificates:signatures"),
            )
        )
    return part


def _disputes(user) -> WorkPart:
    cases = cases_handled_by(user).filter(closed_at__isnull=True)
    late = cases.filter(pk__in=cases.model.objects.filter(overdue_q()).values("pk"))
    part = WorkPart(
        _("Disputes"),
        [
            WorkItem(
                "to_schedule",
                _("Cases to schedule (no session yet)"),
                count_up_to(cases.filter(status=DisputeStatus.OPEN)),
                _url("disputes:case-list", status=DisputeStatus.OPEN),
                overdue=count_up_to(late.filter(status=DisputeStatus.OPEN)),
                overdue_url=_url("disputes:case-list", status=DisputeStatus.OPEN, overdue="true"),
            ),
            WorkItem(
                "open_cases",
                _("Open cases"),
                count_up_to(cases),
                _url("disputes:case-list", open="open"),
                overdue=count_up_to(late),
                overdue_url=_url("disputes:case-list", open="open", overdue="true"),
            ),
            WorkItem(
                "to_homologate",
                _("Agreements awaiting the court's homologation"),
                count_up_to(cases.filter(status=DisputeStatus.HOMOLOGATION_PENDING)),
                _url("disputes:case-list", status=DisputeStatus.HOMOLOGATION_PENDING),
            ),
        ],
    )
    if _holds(user, "manage_disputes"):  # declaring a case final is the dispute administrator's
        part.items.append(
            WorkItem(
                "to_finalise",
                _("Cases to declare final (no court seized, no appeal, in the period)"),
                count_up_to(cases_handled_by(user).filter(to_finalise_q())),
                _url("disputes:case-list", to_finalise="true"),
            )
        )
    return part


def _administration(user) -> WorkPart:
    units = units_covered(user, "administer_unit")
    roles = RoleAssignment.objects.filter(revoked_at__isnull=True, unit__in=units)
    failing_imports = ImportJob.objects.filter(needs_attention_q(), village__in=units)
    failing_runs = CertificateBatch.objects.filter(needs_attention_q(), unit__in=units)
    part = WorkPart(
        _("Administration"),
        [
            WorkItem(
                "users",
                _("Active users with a role"),
                count_up_to(
                    get_user_model().objects.filter(is_active=True, role_assignments__in=roles).distinct()
                ),
                _url("admin:accounts_roleassignment_changelist", revoked_at__isempty="1"),
            ),
            WorkItem(
                "profiles",
                _("Procedure profiles"),
                ProcedureProfile.objects.count(),
                reverse("admin:adjudication_procedureprofile_changelist"),
            ),
            WorkItem(
                "failed_imports",
                _("Parcel imports failed or stopped"),
                count_up_to(failing_imports),
                "",
            ),
            WorkItem(
                "failed_runs",
                _("Certificate print runs failed or stopped"),
                count_up_to(failing_runs),
                "",
            ),
        ],
    )
    part.extra = {
        "roles_by_unit": [
            {**row, "role_label": Role(row["role"]).label}
            for row in roles.values("unit__code", "unit__name", "role")
            .annotate(people=Count("user", distinct=True))
            .order_by("unit__path", "role")
        ],
        "failing_imports": list(failing_imports.select_related("village").order_by("-created_at")[:10]),
        "failing_runs": list(failing_runs.select_related("unit").order_by("-created_at")[:10]),
    }
    if administers_system(user):  # the registry's archives: its administrator only, not a village's
        archives = archive_files()
        part.extra["backups"] = {"count": len(archives), "latest": archives[0] if archives else None}
    return part
