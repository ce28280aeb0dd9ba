from landreg.core.exceptions import ConflictError


class DisputePendingError(ConflictError):
    """An open dispute case holds the parcel, claim or right until its outcome (HTTP 409 in the API)."""
