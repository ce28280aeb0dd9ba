"""The parcel pages: the list, its CSV export and the rows it prints, and the parcel page's reads."""
