from landreg.core.exceptions import ConflictError, RegistryError


class DisputeError(RegistryError):
    """A dispute case that cannot be opened or moved as asked."""


class DisputePendingError(ConflictError):
    """An open dispute case holds the parcel, claim or right until its outcome (HTTP 409 in the API)."""


class CaseClosedError(DisputeError, ConflictError):
    """The case's file takes nothing more of the kind sent: no new party or document once its outcome has
    closed it, no new party once its agreement awaits the court's homologation (409 in the API)."""
