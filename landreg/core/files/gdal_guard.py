"""GDAL kept off the network, for the whole process.

GDAL follows URLs wherever a file or a CRS definition names one (``/vsicurl/``, ``http://`` data sources,
a VRT's source, a CRS given as a URL). The registry never needs GDAL to fetch anything, so every fetch
is sent to a proxy on the discard port, which refuses at once, and ``/vsicurl/`` and the handlers built
on it (``/vsis3/``, ``/vsigs/``...) accept no file name at all. Measured on GDAL 3.6: with these options a
local HTTP server sees no request from any of these paths. ``untrusted_files`` also refuses such paths
before GDAL sees them; this is the second lock, for readers that follow a reference found inside a file.
"""

from django.contrib.gis.gdal.libgdal import lgdal

OPTIONS = {
    # libcurl honours NO_PROXY even for this proxy: do not list 127.0.0.1 there on a registry server.
    "GDAL_HTTP_PROXY": "127.0.0.1:9",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_NETRC": "NO",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".landreg-network-disabled",
    # Never look for sibling files beyond those the driver needs (a directory of uploads is not listed).
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
}


def apply() -> None:
    """Set the options (idempotent; cheap). Called when Django starts and before each untrusted open."""
    for key, value in OPTIONS.items():
        lgdal.CPLSetConfigOption(key.encode(), value.encode())
