from landreg.core.exceptions import RegistryError


class BackupError(RegistryError):
    """A backup that cannot be written, or an archive that cannot or may not be restored."""
