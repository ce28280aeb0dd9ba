from django import template

from landreg.accounts.selectors import granted_paths
from landreg.statistics.scope import PERMISSION

register = template.Library()


@register.filter
def sees_statistics(user) -> bool:
    """For the header menu, on every page: whoever holds the statistics permission on a unit, read from the
    user's permissions as kept for the request (no statement; it asked the database whether a village lies
    under those units on every page). The statistics page itself checks may_view_statistics."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(granted_paths(user, PERMISSION))
