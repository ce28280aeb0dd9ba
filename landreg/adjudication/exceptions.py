from landreg.core.exceptions import ConflictError, RegistryError
from landreg.disputes.exceptions import DisputePendingError


class ClaimError(RegistryError):
    """A claim that cannot be recorded or changed as given."""


class ClaimFaults(ClaimError):
    """Every fault of a claim's right, claimants and secondary rights, listed together (``messages``), so an
    agent corrects them in one visit rather than one per round trip."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


class TransitionNotAllowed(ClaimError):
    """The move is not allowed from the claim's current state."""


class MissingDocumentsError(ClaimError):
    """The profile requires documents that are not attached."""


class OverlapError(ClaimError):
    """The claimed boundary overlaps a recorded parcel or another claim beyond the profile's tolerance."""


class NoticeError(ClaimError):
    """The public notice window does not allow this (too early, too late, or shortening it)."""


class ObjectionPendingError(ClaimError, DisputePendingError):
    """An open objection blocks validation and approval."""


class VoteError(ClaimError):
    """A vote that cannot be counted (wrong state, already voted, no quorum)."""


class TransferError(ClaimError):
    """A later change of a right that cannot be recorded as given."""


class ProcedureRequiredError(TransferError, ConflictError):
    """The commune's profile requires a change of this kind to go through notice, committee or approval."""
