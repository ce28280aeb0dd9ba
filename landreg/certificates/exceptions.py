from landreg.core.exceptions import RegistryError


class CertificateError(RegistryError):
    """A certificate that cannot be issued, reprinted, delivered or revoked as asked."""


class SigningKeyError(RegistryError):
    """The signing key is missing or unreadable (see LANDREG_SIGNING_KEY / LANDREG_SIGNING_KEY_FILE)."""
