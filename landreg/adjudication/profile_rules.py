"""What makes a procedure profile valid: its steps, documents, deadlines, tolerances and numbering scheme.

Apart from profiles.py (which reads and assigns profiles, and so imports the models) so that the model's
``clean()`` can import it at the top: the two modules imported each other through a function-level import.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from landreg.adjudication.states import CHANGE_KINDS, DOCUMENT_STEPS, Step
from landreg.documents.models import SourceType


def validate_profile(profile) -> None:
    errors = {}
    steps = profile.steps if isinstance(profile.steps, list) else None
    if not steps or any(s not in Step.values for s in steps) or len(set(steps)) != len(steps):
        errors["steps"] = _("List each step once, from: %(steps)s.") % {"steps": ", ".join(Step.values)}
    docs = profile.required_documents if isinstance(profile.required_documents, dict) else None
    if docs is None or any(
        k not in DOCUMENT_STEPS or not isinstance(v, list) or any(t not in SourceType.values for t in v)
        for k, v in docs.items()
    ):
        errors["required_documents"] = _("Map steps (%(steps)s) to lists of document types.") % {
            "steps": ", ".join(DOCUMENT_STEPS)
        }
    changes = profile.change_steps if isinstance(profile.change_steps, dict) else None
    if changes is None or any(
        kind not in CHANGE_KINDS
        or not isinstance(steps, list)
        or any(s not in Step.values for s in steps)
        or len(set(steps)) != len(steps)
        for kind, steps in changes.items()
    ):
        errors["change_steps"] = _("Map kinds of change (%(kinds)s) to lists of steps, each once.") % {
            "kinds": ", ".join(CHANGE_KINDS)
        }
    if not profile.change_notice_days:
        errors["change_notice_days"] = _("The public notice lasts at least one day.")
    if not profile.notice_days:
        errors["notice_days"] = _("The public notice lasts at least one day.")
    if not profile.quorum_min_votes:
        errors["quorum_min_votes"] = _("At least one vote is needed.")
    try:
        profile.certificate_number_format.format(country="BF", commune="C", village="V", year=2026, seq=1)
    except (KeyError, ValueError, IndexError):
        errors["certificate_number_format"] = _("Use only {country}, {commune}, {village}, {year} and {seq}.")
    if not profile.dispute_first_session_days or not profile.dispute_conciliation_days:
        errors["dispute_conciliation_days"] = _("Dispute deadlines last at least one day.")
    elif profile.dispute_first_session_days > profile.dispute_conciliation_days:
        errors["dispute_first_session_days"] = _("The first session comes before the end of conciliation.")
    if profile.overlap_tolerance_m2 < 0 or profile.overlap_tolerance_pct < 0 or profile.neighbour_gap_m < 0:
        errors["overlap_tolerance_m2"] = _("Tolerances cannot be negative.")
    smallest, largest = profile.min_parcel_area_m2, profile.max_parcel_area_m2
    if (smallest is not None and smallest < 0) or (largest is not None and largest <= 0):
        errors["min_parcel_area_m2"] = _("Parcel areas cannot be negative.")
    elif smallest is not None and largest is not None and smallest >= largest:
        errors["max_parcel_area_m2"] = _("The largest parcel must be larger than the smallest.")
    if errors:
        raise ValidationError(errors)
