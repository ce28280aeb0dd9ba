"""Errors the registry shows to its users. Each carries a message fit to display."""


class RegistryError(Exception):
    """Base of every error a user may see; the message is translated and displayable."""


class VersionedDeletionError(RegistryError):
    """Versioned records are never deleted: retire them (end their lifespan) instead."""


class RetiredRecordError(RegistryError):
    """A retired version cannot be changed; only the current version can."""


class ShareError(RegistryError):
    """Shares are exact fractions in (0, 1] and the shares of one right or group add up to 1."""


class PermissionDeniedError(RegistryError):
    """The actor does not hold the object permission the action needs."""


class KeyConfigurationError(RegistryError):
    """A signing key is missing, unreadable or of the wrong kind (see ``landreg.core.signing.keys``)."""


class NotFoundError(RegistryError):
    """The record asked for does not exist or is out of the actor's sight (404 at the doors)."""


class ConflictError(RegistryError):
    """The request is well formed but the record's state or the procedure asks another way (409)."""
