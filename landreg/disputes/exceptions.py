from landreg.core.exceptions import ConflictError, RegistryError


class DisputeError(RegistryError):
    """A dispute case that cannot be opened or moved as asked."""


class DisputePendingError(ConflictError):
    """An open dispute case holds the parcel, claim or right until its outcome (HTTP 409 in the API)."""


class CaseClosedError(DisputeError, ConflictError):
    """The case's outcome has closed its file: no new party or document (409 in the API)."""
