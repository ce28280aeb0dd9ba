"""The API's token endpoints (simplejwt) with the same password-guessing lockout as the login pages.

django-axes flags a locked-out attempt on the request it was given; simplejwt hands it DRF's request, which
Axes' middleware never sees, so the view answers the lockout itself.
"""

from rest_framework_simplejwt.views import TokenObtainPairView

from landreg.accounts.lockout import lockout_response


class TokenObtainApi(TokenObtainPairView):
    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(request, "axes_locked_out", False):
            response = lockout_response(request._request)
        return super().finalize_response(request, response, *args, **kwargs)
