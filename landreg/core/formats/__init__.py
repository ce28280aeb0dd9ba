"""What the registry writes out for people and programs: PDF (fonts, styles, tables), CSV for Excel as French
offices set it up, and GDAL's GeoJSON of a polygon written without GDAL."""
