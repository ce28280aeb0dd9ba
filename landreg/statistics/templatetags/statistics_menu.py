from django import template

from landreg.statistics.scope import may_view_statistics

register = template.Library()


@register.filter
def sees_statistics(user) -> bool:
    """For the header menu; remembered on the user for the rest of the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_sees_statistics"):
        user._sees_statistics = may_view_statistics(user)
    return user._sees_statistics
