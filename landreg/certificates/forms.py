"""Forms of the certificate pages: what a campaign print run covers and its confirmation; a delivery and a
revocation recorded on the certificate's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.accounts.selectors import units_covered
from landreg.certificates.models import Acknowledgement, BatchFormat
from landreg.territory.models import UnitLevel


def print_units(user):
    """Villages and communes where the user prints certificates."""
    return units_covered(user, "issue_certificates").filter(level__in=[UnitLevel.VILLAGE, UnitLevel.COMMUNE])


class BatchChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Village or commune"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=BatchFormat.choices, initial=BatchFormat.PDF)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = print_units(user)


class BatchConfirmForm(BatchChoiceForm):
    # The digest of the list the preview showed: a run never prints a list nobody saw.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)


class DeliveryForm(forms.Form):
    """Who received the signed certificate and how they acknowledged it; the certificate's status, its print
    and the registrar's right are the service's to check."""

    delivered_to = forms.CharField(label=_("Delivered to"), max_length=200)
    acknowledgement = forms.ChoiceField(label=_("Acknowledged by"), choices=Acknowledgement.choices)
    marker = forms.CharField(label=_("Signature or fingerprint marker"), max_length=128, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "delivery_%s")  # beside the revocation's form on the same page
        super().__init__(*args, **kwargs)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "revoke_%s")
        super().__init__(*args, **kwargs)
