"""Forms of the certificate pages: what a campaign print run covers, and its confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.accounts.selectors import units_covered
from landreg.certificates.models import BatchFormat
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
