"""The page header's menu, kept rendered by each process instead of rendered on every page.

base.html's menu reversed a dozen URLs and translated as many labels on every page (0.4 ms of an anonymous
page's CPU, 0.8 ms of a logged-in one's, measured in process): the same text for everyone who sees the same
links in the same language. It is kept per language, URLconf and script prefix, and per what decides which
links show (logged in, the statistics permission, staff); nothing in it is personal or changes between
deployments of the code. A change of settings (tests) forgets what was kept.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.template import Library
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from landreg.accounts.selectors import administers_system, granted_paths
from landreg.statistics.templatetags.statistics_menu import sees_statistics

register = Library()

_kept: dict[tuple, str] = {}


def _where() -> tuple:
    return (get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def _holds(user, codename: str) -> bool:
    """Whether the user holds the permission on some unit, read as sees_statistics reads (no statement)."""
    return user.is_active and (user.is_superuser or bool(granted_paths(user, codename)))


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """The brand link and the main menu (nav), as the user's permissions show it: the register's pages to
    whoever may read records, the import and the field submissions to whoever records claims (a programme
    officer, who reads statistics only, was sent to lists that were always empty and to an import form
    without a village to choose)."""
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    shows = (
        authenticated,
        authenticated and _holds(user, "view_records"),
        authenticated and _holds(user, "record_claims"),
        authenticated and sees_statistics(user),
        authenticated and bool(user.is_staff),
        # Who signs but does not issue (the mayor): the print queue is not his work, the certificates
        # awaiting his signature are.
        authenticated and _holds(user, "sign_certificates") and not _holds(user, "issue_certificates"),
        # The registry's backups: its system administrator (on the country), not a village's.
        authenticated and bool(user.is_staff) and administers_system(user),
    )
    key = ("menu", *_where(), *shows)
    menu = _kept.get(key)
    if menu is None:
        names = ("authenticated", "records", "recording", "statistics", "staff", "signing", "system")
        menu = _kept[key] = render_to_string("web/header/menu.html", dict(zip(names, shows, strict=True)))
    return mark_safe(menu)  # noqa: S308 - rendered from our template, escaped there


@register.filter
def searches_records(user) -> bool:
    """Whether the header's search box is shown: it finds villages, parcels, claims, certificates and people,
    all records, so only to whoever may read records somewhere (a programme officer reads statistics only:
    the box found nothing for him, whatever he typed)."""
    return bool(user is not None and user.is_authenticated and _holds(user, "view_records"))


@register.simple_tag
def header_url(name: str) -> str:
    """A URL without arguments of the header (search, language, login, logout)."""
    key = ("url", name, *_where()[1:])
    url = _kept.get(key)
    if url is None:
        url = _kept[key] = reverse(name)
    return url


@register.simple_tag
def language_options() -> str:
    """The language select's options, the current language selected."""
    key = ("languages", *_where())
    options = _kept.get(key)
    if options is None:
        options = _kept[key] = render_to_string(
            "web/header/language_options.html",
            {
                "languages": [get_language_info(code) for code, _name in settings.LANGUAGES],
                "current": get_language(),
            },
        )
    return mark_safe(options)  # noqa: S308 - rendered from our template, escaped there


def _forget(**kwargs) -> None:
    _kept.clear()


setting_changed.connect(_forget, dispatch_uid="landreg-header-kept")
