from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.certificates.verification.verdicts import token_of


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Parcel number or village"), min_length=2, max_length=100, strip=True)


class VerifyForm(forms.Form):
    """The QR code's address (or its token), or the certificate's number with the code printed under the QR
    code, as someone without a QR reader types them; clean gives the token to verify."""

    number = forms.CharField(label=_("The certificate's number"), max_length=64, required=False, strip=True)
    code = forms.CharField(
        label=_("Code printed under the QR code, or the QR code's address"), max_length=2000, strip=True
    )

    def clean(self):
        data = super().clean()
        code, number = data.get("code"), data.get("number")
        if not code:
            return data
        if "/verify/" in code or code.count(".") == 2:  # the address, or the token alone
            token = code.split("/verify/", 1)[-1].strip("/ ")
            if not token or any(c.isspace() for c in token):
                self.add_error("code", _("Copy the address or the code exactly as printed."))
            data["token"] = token
        elif not number:
            self.add_error(
                "number",
                _("Give the certificate's number, printed at its top, with the code under the QR code."),
            )
        elif (token := token_of(number, code)) is None:
            self.add_error(
                "code", _("No certificate has this number and this code: copy both exactly as printed.")
            )
        else:
            data["token"] = token
        return data
