"""Files users give: the one guarded door through which GDAL opens them (allowed drivers, sizes, zip
members, coordinate systems), GDAL kept off the network, and where stored files go."""
