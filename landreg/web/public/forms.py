from django import forms
from django.utils.translation import gettext_lazy as _


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Parcel number or village"), min_length=2, max_length=100, strip=True)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Address or code printed under the certificate's QR code"), max_length=2000, strip=True
    )

    def clean_code(self) -> str:
        """The token, from the whole address (…/verify/<token>) or the token alone."""
        code = self.cleaned_data["code"]
        token = code.split("/verify/", 1)[-1].strip("/ ")
        if not token or any(c.isspace() for c in token):
            raise forms.ValidationError(_("Copy the address or the code exactly as printed."))
        return token
