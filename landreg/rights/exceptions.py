from landreg.core.exceptions import RegistryError


class RightError(RegistryError):
    """A right that cannot be registered as given."""
