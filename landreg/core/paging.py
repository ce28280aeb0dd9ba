"""Counting what a list matches costs a full scan of it; pages only need one row more than they show.

Lists count up to a cap and say "more" beyond it, instead of making every page request pay for a count
of a million rows.
"""

COUNT_CAP = 10_000


def count_up_to(queryset, cap: int = COUNT_CAP) -> int | None:
    """The exact number of rows when there are at most ``cap``; None when there are more."""
    capped = queryset.order_by()[: cap + 1].count()
    return capped if capped <= cap else None
