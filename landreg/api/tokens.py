"""The API's token endpoints (simplejwt): a password-guessing lockout, refresh tokens good for one use.

Throttle: a rate per address on both endpoints (api/throttles.py), so one address cannot try user names
without end, which the lockout (per user name and address) allows.

Lockout: django-axes flags a locked-out attempt on the request it was given; simplejwt hands it DRF's request,
which Axes' middleware never sees, so the obtain view answers the lockout itself.

Refresh: each refresh spends the presented token and gives a new pair (rotation). simplejwt checks the
blacklist and then writes to it, so two refreshes of one stolen token at the same moment would both pass;
here the spend is the insert of the blacklist row, whose unique key lets exactly one of them through.
Tokens also carry a digest of the password hash (CHECK_REVOKE_TOKEN): a password change ends every token,
and an inactive or deleted account gets nothing, at refresh as at each API call.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from landreg.accounts.lockout import lockout_response
from landreg.api.throttles import AddressRateThrottle


class TokenObtainApi(TokenObtainPairView):
    throttle_classes = [AddressRateThrottle]
    throttle_scope = "token"

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(request, "axes_locked_out", False):
            response = lockout_response(request._request)
        return super().finalize_response(request, response, *args, **kwargs)


def refresh_token_spend(*, token: RefreshToken, user) -> None:
    """Record the token as used; refuse it if it already was (even by a request running at the same time)."""
    with transaction.atomic():
        outstanding, _created = OutstandingToken.objects.get_or_create(
            jti=token[api_settings.JTI_CLAIM],
            defaults={
                "user": user,
                "token": str(token),
                "created_at": token.current_time,
                "expires_at": datetime_from_epoch(token["exp"]),
            },
        )
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError as exc:
            raise InvalidToken(_("This refresh token has already been used.")) from exc


class RefreshOnceSerializer(TokenRefreshSerializer):
    def validate(self, attrs):
        token = self.token_class(attrs["refresh"])  # signature, algorithm, expiry, type, blacklist
        user = get_user_model().objects.filter(pk=token.get(api_settings.USER_ID_CLAIM)).first()
        if user is None or not api_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(_("No active account found for the given token."), "no_active_account")
        if token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(_("The user's password has been changed."), "password_changed")
        refresh_token_spend(token=token, user=user)
        renewed = self.token_class.for_user(user)  # recorded as outstanding, so it can be spent in turn
        return {"access": str(renewed.access_token), "refresh": str(renewed)}


class TokenRefreshApi(TokenRefreshView):
    serializer_class = RefreshOnceSerializer
    throttle_classes = [AddressRateThrottle]
    throttle_scope = "token_refresh"
