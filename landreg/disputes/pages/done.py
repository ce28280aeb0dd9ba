"""What the case page says once a move is recorded: what was done, in the user's language (« Séance de
conciliation fixée au 14 janvier 2030 (Maison du village). »), not a bare « Enregistré. » after every move."""

from django.utils.translation import gettext as _

from landreg.core.dates import long_date
from landreg.disputes.models import DisputeCase
from landreg.disputes.states import DisputeStatus


def move_done(move: str, case: DisputeCase, result) -> str:
    """The sentence for ``move`` just recorded on ``case`` (read again after the move); ``result`` is what the
    move returned (the session, the outcome or the case)."""
    if move == "session_schedule":
        return _("Conciliation session scheduled for %(date)s (%(place)s).") % {
            "date": long_date(result.scheduled_for),
            "place": result.place,
        }
    if move == "session_reschedule":
        return _("Conciliation session moved to %(date)s (%(place)s).") % {
            "date": long_date(result.scheduled_for),
            "place": result.place,
        }
    if move == "session_cancel":
        said = {"date": long_date(result.scheduled_for)}
        if case.status == DisputeStatus.OPEN:
            return _("The session of %(date)s is cancelled; no session is scheduled any more.") % said
        return _("The session of %(date)s is cancelled.") % said
    if move == "session_hold":
        return _("The session held on %(date)s is recorded.") % {"date": long_date(result.held_on)}
    if move == "agree":
        said = {"date": long_date(result.decided_on), "change": result.change_said}
        if case.status == DisputeStatus.HOMOLOGATION_PENDING:
            return (
                _(
                    "Agreement of %(date)s recorded: it takes effect once the court homologates it; until "
                    "then the land stays frozen."
                )
                % said
            )
        return _("Case closed by conciliation (agreement of %(date)s): %(change)s.") % said
    if move == "non_conciliation":
        return _("Non-conciliation recorded (%(date)s): the way to the court is open.") % {
            "date": long_date(result.decided_on)
        }
    if move == "refer":
        return _("Case referred to %(court)s on %(date)s (%(reference)s).") % {
            "court": case.court_name,
            "date": long_date(case.referred_on),
            "reference": case.court_reference,
        }
    if move == "decide":
        return _("Court decision of %(date)s recorded: %(change)s.") % {
            "date": long_date(result.decided_on),
            "change": result.change_said,
        }
    if move == "appeal":
        return _("Appeal before %(court)s recorded: the case is open again and its land frozen.") % {
            "court": case.court_name
        }
    if move == "finalise":
        return _("The case is declared final and closed.")
    return _("Case closed: the complainant withdrew.")  # withdraw, the last of the page's moves
