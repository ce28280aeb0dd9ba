from landreg.core.exceptions import RegistryError


class PartyError(RegistryError):
    """A party or a group membership that breaks a registry rule."""
