"""The four ways the application's code could rewrite an append-only row, each of which must be refused."""

import pytest

from landreg.core.history.append_only import AppendOnlyError


def assert_rewrites_refused(event, events) -> None:
    """``event`` (an instance already changed in memory) cannot be saved or deleted, and ``events`` (a
    queryset or related manager holding it) cannot be updated or deleted."""
    for rewrite in (
        event.save,
        event.delete,
        lambda: events.update(reason="rewritten"),
        lambda: events.all().delete(),
    ):
        with pytest.raises(AppendOnlyError):
            rewrite()
