from landreg.core.exceptions import RegistryError


class TerritoryError(RegistryError):
    """An administrative unit that does not fit the country > region > commune > village tree."""
