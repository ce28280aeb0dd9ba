"""Requests whose path or query string carries a NUL character are refused at the door (400).

No name, code or number of the registry contains NUL, and PostgreSQL cannot store or compare text holding
one: a query parameter such as ``?village=a%00b`` reached a filter and answered 500 on PostGIS (SpatiaLite
took it). Form fields and JSON bodies are left to the forms and serializers that read them: both refuse NUL.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

API_PREFIXES = ("/api/", "/ogcapi/")


def _holds_nul(request) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
    )


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            message = _("The request holds a NUL character, which no field of the registry accepts.")
            if request.path.startswith(API_PREFIXES):
                return JsonResponse({"detail": message, "error": "invalid"}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
