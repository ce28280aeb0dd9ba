"""What a logged-in user reads is stored by no cache: ``Cache-Control: private, no-store``.

A claim's page, a parcel's holders, a certificate's PDF, a register's CSV or the API's JSON carry ID numbers
and birth dates; without the header a browser keeps them on disk, where the next person at a land office's
shared computer finds them after logout (the back button, the cache), and a proxy is free to guess. Answers
that say how they may be kept (tiles, the basemap, the public keys) keep their own header; anonymous visitors'
public pages are left to be cached.
"""

from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "Cache-Control" not in response and (
            (user is not None and user.is_authenticated) or "Authorization" in request.headers
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
