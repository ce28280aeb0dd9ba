"""A form Django's CSRF check refuses, answered in French rather than with Django's technical page.

The usual cause at a land office is a form sent again after the session changed under it: the login form
re-sent (a retry after a lost answer) once the first sending has logged the user in and renewed the token.
That user is logged in: they are taken where the login leads. Anyone else is told to open the page again.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    if request.user.is_authenticated and request.path == reverse("login"):
        wanted = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        messages.info(request, _("You are logged in already."))
        return redirect(wanted if wanted and safe else resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "web/form_expired.html", status=403)
