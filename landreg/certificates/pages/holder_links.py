"""The certificate page's holders, each leading to the person's page (web.people). The holders the page shows
are the certificate's own, frozen at issue with their names and no ids; the right's holders are read once,
as values, and each frozen name is given the page of the one holder of the right so named, where the user
sees that person's village's records. A name no holder of the right bears any more (the holders changed
since) or two holders bear (namesakes of one right) is left unlinked rather than linked to a guess."""

from collections import Counter

from landreg.accounts.selectors import sees_village_records
from landreg.parties.models import display_name_of
from landreg.rights.models import RightHolder
from landreg.web.lists.page import detail_url


def holder_pages(user, right_id) -> dict[str, str]:
    """{a holder's name as shown: the address of their page} for the holders of the right ``right_id`` the
    user may see (their village's records), names borne by one holder of the right only."""
    person_url = detail_url("web:person")
    found = RightHolder.objects.filter(right_id=right_id).values_list(
        "party_id", "party__kind", "party__last_name", "party__first_names", "party__name",
        "party__village__path", "party__village__level",
    )  # fmt: skip
    named = [
        (display_name_of(kind, last_name, first_names, name), party, path, level)
        for party, kind, last_name, first_names, name, path, level in found
    ]
    counted = Counter(shown for shown, *_rest in named)
    return {
        shown: person_url(party)
        for shown, party, path, level in named
        if counted[shown] == 1 and sees_village_records(user, path, level)
    }
