from landreg.core.exceptions import RegistryError


class ParcelError(RegistryError):
    """A parcel that cannot be recorded as given."""


class GeometryError(ParcelError):
    """A boundary that is not a usable polygon (the message says where and why)."""
