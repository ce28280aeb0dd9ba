"""Forms of the certificate pages: what a campaign print run covers and its confirmation; a delivery and a
revocation recorded on the certificate's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.accounts.selectors import units_covered
from landreg.certificates.models import Acknowledgement, BatchFormat
from landreg.certificates.selectors import Recipient, certificates_signable_by
from landreg.core import clock
from landreg.documents.forms import FileOrReference
from landreg.parties.models import IdDocumentType
from landreg.territory.models import UnitLevel
from landreg.web.widgets import DateInput


def print_units(user):
    """Villages and communes where the user prints certificates."""
    return units_covered(user, "issue_certificates").filter(level__in=[UnitLevel.VILLAGE, UnitLevel.COMMUNE])


class BatchChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Village or commune"), queryset=None, empty_label="—")
    format = forms.ChoiceField(label=_("Format"), choices=BatchFormat.choices, initial=BatchFormat.PDF)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = print_units(user)


class BatchConfirmForm(BatchChoiceForm):
    # The digest of the list the preview showed: a run never prints a list nobody saw.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)


REPRESENTATIVE = "representative"


def recipient_label(recipient: Recipient) -> str:
    """A recipient as the form lists them: the holder's name, or the member's with the group's."""
    name = recipient.party.display_name
    if recipient.group is None:
        return name
    if recipient.is_mandatary:
        return _("%(name)s, mandatary of %(group)s") % {"name": name, "group": recipient.group.display_name}
    return _("%(name)s, member of %(group)s") % {"name": name, "group": recipient.group.display_name}


class DeliveryForm(FileOrReference):
    """To whom the signed certificate was handed: one of its holders (``recipients``, from
    ``selectors.delivery_recipients``), or a representative with a name and the power of attorney (its file
    checked, or the paper's reference: documents.forms.FileOrReference); the identity document presented and
    how the receipt was acknowledged. The certificate's status, its print and the registrar's right are the
    service's to check. ``cleaned_data["party"]`` is the holder chosen, None for a representative."""

    recipient = forms.ChoiceField(
        label=_("Handed to"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose one of this certificate's holders, or a representative."),
        },
    )
    representative_name = forms.CharField(
        label=_("Name of the representative"), max_length=200, required=False
    )
    proxy_date = forms.DateField(
        label=_("Date of the power of attorney"),
        required=False,
        widget=DateInput(),
    )
    reference = forms.CharField(label=_("Reference of the power of attorney"), max_length=120, required=False)
    file = forms.FileField(label=_("Power of attorney (scan or photograph)"), required=False)
    id_document_type = forms.ChoiceField(
        label=_("Identity document presented"), choices=[("", "—"), *IdDocumentType.choices]
    )
    id_document_number = forms.CharField(label=_("Number of the identity document"), max_length=64)
    acknowledgement = forms.ChoiceField(label=_("Acknowledged by"), choices=Acknowledgement.choices)
    marker = forms.CharField(label=_("Signature or fingerprint marker"), max_length=128, required=False)

    def __init__(self, *args, recipients: list[Recipient], **kwargs):
        kwargs.setdefault("auto_id", "delivery_%s")  # beside the revocation's form on the same page
        super().__init__(*args, **kwargs)
        self.recipients = {str(r.party.pk): r for r in recipients}
        self.fields["recipient"].choices = [
            *((pk, recipient_label(r)) for pk, r in self.recipients.items()),
            (REPRESENTATIVE, _("A representative holding a power of attorney")),
        ]

    def clean_representative_name(self):
        return " ".join(self.cleaned_data["representative_name"].split())  # as the service keeps it

    def clean(self):
        chosen = self.cleaned_data.get("recipient")
        if chosen is None:
            return self.cleaned_data
        if chosen != REPRESENTATIVE:
            # A holder: no representative, no power of attorney (a file chosen before is not kept).
            self.cleaned_data.update(
                party=self.recipients[chosen].party,
                representative_name="",
                proxy_date=None,
                reference="",
                file=None,
            )
            return self.cleaned_data
        data = super().clean()  # the power of attorney: its file, or the paper's reference
        data["party"] = None
        if "representative_name" in data and not data["representative_name"]:
            self.add_error("representative_name", _("Give the name of the representative."))
        if "proxy_date" in data and data["proxy_date"] is None:
            self.add_error("proxy_date", _("Give the date of the power of attorney."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "revoke_%s")
        super().__init__(*args, **kwargs)


class LostForm(forms.Form):
    """A holder (or the holding's mandatary) declares the certificate lost or destroyed: most often at the
    counter the same day: today is the date offered (the date picker goes no further), never a later one."""

    declared_on = forms.DateField(label=_("Date of the declaration"), widget=DateInput())
    declared_by = forms.ChoiceField(label=_("Declared by"))
    note = forms.CharField(
        label=_("Reason or note"),
        max_length=1000,
        help_text=_("For example the number of the police declaration of loss."),
    )

    def __init__(self, *args, recipients: list[Recipient], **kwargs):
        kwargs.setdefault("auto_id", "lost_%s")
        super().__init__(*args, **kwargs)
        self.recipients = {str(r.party.pk): r for r in recipients}
        self.fields["declared_by"].choices = [(pk, recipient_label(r)) for pk, r in self.recipients.items()]
        self.today = clock.today()
        self.fields["declared_on"].initial = self.today
        self.fields["declared_on"].widget.attrs["max"] = self.today.isoformat()

    def clean_declared_on(self):
        declared_on = self.cleaned_data["declared_on"]
        if declared_on > self.today:
            raise forms.ValidationError(_("A declaration of loss is dated today or earlier, not later."))
        return declared_on

    def clean_declared_by(self):
        return self.recipients[self.cleaned_data["declared_by"]].party


class SignSelectedForm(forms.Form):
    """The certificates ticked on the signing authority's page: each one the user may sign. Any status is
    accepted here (one signed or revoked since the page was shown is the service's to report)."""

    certificates = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": _("Tick at least one certificate to sign."),
            "invalid_choice": _("One of the certificates ticked is not a certificate you may sign."),
            "invalid_pk_value": _("One of the certificates ticked is not a certificate you may sign."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificates"].queryset = certificates_signable_by(user)
