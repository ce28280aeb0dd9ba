"""A party named by the part it plays (claimant, holder, heir, seller…), in the feminine for a woman.

French agrees the word with the person: « demandeuse », « héritière », « vendeuse », « acheteuse » for a
woman, where the interface said « demandeur » of everyone. A man, a group or a collective holding, and a
person whose sex is not recorded keep the neutral word (French's masculine, as « le groupe demandeur »).
English says both alike: the woman's words are the same messages asked with the context « said of a woman »,
which only the French catalogue tells apart.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.parties.models import PartyKind, Sex

# {role: (the neutral word, the word said of a woman)}
WORDS = {
    "claimant": (_("claimant"), pgettext_lazy("said of a woman", "claimant")),
    "claimant_future_holder": (
        _("claimant (future holder)"),
        pgettext_lazy("said of a woman", "claimant (future holder)"),
    ),
    "heir_future_holder": (
        _("heir (future holder)"),
        pgettext_lazy("said of a woman", "heir (future holder)"),
    ),
    "buyer_future_holder": (
        _("buyer (future holder)"),
        pgettext_lazy("said of a woman", "buyer (future holder)"),
    ),
    "donee_future_holder": (
        _("donee (future holder)"),
        pgettext_lazy("said of a woman", "donee (future holder)"),
    ),
    # A mortgage's bank or microfinance institution: never a person, so never a woman, but asked alike.
    "creditor": (_("creditor"), pgettext_lazy("said of a woman", "creditor")),
    "holder": (_("holder"), pgettext_lazy("said of a woman", "holder")),
    "heir": (_("heir"), pgettext_lazy("said of a woman", "heir")),
    "seller": (_("seller"), pgettext_lazy("said of a woman", "seller")),
    "donor": (_("donor"), pgettext_lazy("said of a woman", "donor")),
    "objector": (_("objector"), pgettext_lazy("said of a woman", "objector")),
    "neighbour": (_("neighbour"), pgettext_lazy("said of a woman", "neighbour")),
}


def is_a_woman(kind: str, sex: str) -> bool:
    """Whether the party is a woman: a natural person recorded as female (a group never is)."""
    return kind == PartyKind.NATURAL and sex == Sex.FEMALE


def role_said(role: str, *, kind: str, sex: str, otherwise: str = "") -> str:
    """The word for ``role`` (a key of ``WORDS``) said of a party of ``kind`` and ``sex``; ``otherwise`` (a
    label already said) for a role without a feminine of its own (« témoin », « autre partie »)."""
    if role not in WORDS:
        return str(otherwise or role)
    neutral, woman = WORDS[role]
    return str(woman if is_a_woman(kind, sex) else neutral)
