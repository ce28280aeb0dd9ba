"""Shares are exact fractions (numerator/denominator), never floats: 1/3 + 1/3 + 1/3 must be exactly 1."""

import functools
from collections.abc import Iterable
from fractions import Fraction

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.core.exceptions import ShareError


class ShareMixin(models.Model):
    share_numerator = models.PositiveIntegerField(gettext_lazy("share numerator"), default=1)
    share_denominator = models.PositiveIntegerField(gettext_lazy("share denominator"), default=1)

    class Meta:
        abstract = True
        constraints = [
            # The database holds what it can: each share is a fraction in (0, 1].
            models.CheckConstraint(
                condition=Q(share_numerator__gt=0)
                & Q(share_denominator__gt=0)
                & Q(share_numerator__lte=F("share_denominator")),
                name="%(app_label)s_%(class)s_share_in_unit_interval",
            ),
        ]

    @property
    def share(self) -> Fraction:
        return Fraction(self.share_numerator, self.share_denominator)

    @share.setter
    def share(self, value: Fraction) -> None:
        value = parse_share(value)
        self.share_numerator, self.share_denominator = value.numerator, value.denominator


def parse_share(value) -> Fraction:
    """Accepts Fraction, int or "a/b" text; refuses floats (they are not exact) and values outside (0, 1]."""
    if type(value) is str:
        return _parsed_text(value)
    return _parsed(value)


@functools.lru_cache(maxsize=1024)
def _parsed_text(value: str) -> Fraction:
    # A batch of claims names the same few shares ("1", "1/2") again and again, each checked twice (the
    # total, then the row): parsed once. A refused text raises each time (nothing cached).
    return _parsed(value)


def _parsed(value) -> Fraction:
    if isinstance(value, float):
        raise ShareError(_("A share must be an exact fraction such as 1/3, not a decimal number."))
    try:
        share = Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError) as exc:
        raise ShareError(
            _("“%(value)s” is not a valid share; write it as a fraction like 1/2.") % {"value": value}
        ) from exc
    if not 0 < share <= 1:
        raise ShareError(
            _("A share must be greater than 0 and at most 1 (got %(value)s).") % {"value": share}
        )
    return share


def check_shares_total(shares: Iterable[Fraction]) -> None:
    shares = list(shares)
    if not shares:
        raise ShareError(_("At least one holder with a share is required."))
    total = sum(shares, Fraction(0))
    if total != 1:
        raise ShareError(
            _("The shares add up to %(total)s; they must add up to exactly 1.") % {"total": total}
        )
