from landreg.core.exceptions import KeyConfigurationError, RegistryError


class CertificateError(RegistryError):
    """A certificate that cannot be issued, reprinted, delivered or revoked as asked."""


class SigningKeyError(KeyConfigurationError):
    """The signing key is missing or unreadable (see LANDREG_SIGNING_KEY / LANDREG_SIGNING_KEY_FILE)."""
