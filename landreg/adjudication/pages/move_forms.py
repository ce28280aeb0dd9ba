"""One form per claim move: the fields of the move's form on the claim page, validated before it runs.

The page's button (``name="move"``) and the CSRF token are not fields of any form, so they never reach the
transition (they once did, and every button answered 500).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.adjudication.claims.rejection import rejection_reasons_for, rejection_refusal
from landreg.adjudication.states import RejectionReason
from landreg.web.widgets import DateInput


class NoInputForm(forms.Form):
    """Moves that take nothing but the claim and the person acting."""


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)


class NoticeExtendForm(forms.Form):
    new_end = forms.DateField(label=_("New end date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"))


class RejectForm(forms.Form):
    """The reason for rejection among those that can apply to the claim at its step (claims.rejection); one
    the page does not offer (a forged form, a page left open while the claim moved on) is refused with why."""

    code = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.fields["code"].widget.choices = [(r.value, r.label) for r in rejection_reasons_for(claim)]

    def clean_code(self):
        code = self.cleaned_data["code"]
        refusal = rejection_refusal(self.claim, code)
        if refusal:
            raise forms.ValidationError(refusal)
        return code


MOVE_FORMS: dict[str, type[forms.Form]] = {
    "submit": NoInputForm,
    "screening_start": NoInputForm,
    "screening_return": ReasonsForm,
    "screening_accept": NoInputForm,
    "notice_extend": NoticeExtendForm,
    "notice_close": NoInputForm,
    "site_verification_close": NoInputForm,
    "committee_validate": OptionalReasonForm,
    "authority_approve": OptionalReasonForm,
    "reject": RejectForm,
    "withdraw": ReasonForm,
    "freeze": ReasonForm,
    "unfreeze": ReasonForm,
}


# The button's words on the claim page and the title of the confirmation page.
MOVE_LABELS = {
    "submit": pgettext_lazy("claim move", "Submit"),
    "screening_start": _("Start screening"),
    "screening_return": _("Return to the agent"),
    "screening_accept": _("Accept"),
    "notice_extend": _("Extend the notice"),
    "notice_close": _("Close the public notice"),
    "site_verification_close": _("Close the site verification"),
    "committee_validate": _("Validate (committee)"),
    "authority_approve": _("Approve and sign"),
    "reject": _("Reject"),
    "withdraw": _("Withdraw"),
    "freeze": _("Freeze"),
    "unfreeze": _("Unfreeze"),
}

# Moves that end or suspend a claim, send it back, or change its notice: the page asks to confirm them and
# says what follows, with the reason they need; the others are one click.
CONSEQUENCES = {
    "screening_return": _(
        "The claim goes back to the agent, who completes or corrects it and submits it again. "
        "The agent reads your reasons."
    ),
    "notice_extend": _(
        "The public notice runs until the new date; it can be extended again, never shortened. "
        "Objections are received until then."
    ),
    "reject": _(
        "The claim ends here: it cannot be taken up again, and the applicant reads the reason and the note."
    ),
    "withdraw": _("The claim ends here at the applicant's request: it cannot be taken up again."),
    "freeze": _(
        "No step can be taken on the claim until the court's decision lifts the freeze. Name the court case."
    ),
    "unfreeze": _(
        "The claim takes up its procedure where it stopped. Name the decision that lifts the freeze."
    ),
}

# A return goes back to whoever lodged the claim (Claim.lodged_by_office): the field agent for a first claim;
# for a later change, the land office's desk that lodged it itself, where no agent is involved.
RETURN_TO_DESK = {
    "label": _("Return to the office desk"),
    "consequence": _(
        "The application goes back to the land office's desk, which completes or corrects it and submits it "
        "again. The desk reads your reasons."
    ),
}


def move_label(move: str, claim) -> str:
    """The move's button on the claim's page and the title of its confirmation page."""
    if move == "screening_return" and claim.lodged_by_office:
        return RETURN_TO_DESK["label"]
    return MOVE_LABELS[move]


def move_consequence(move: str, claim) -> str:
    """What follows the move, said on its confirmation page ("" for a move of one click)."""
    if move == "screening_return" and claim.lodged_by_office:
        return RETURN_TO_DESK["consequence"]
    return CONSEQUENCES.get(move, "")
