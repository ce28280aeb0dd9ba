"""Nothing overwritten: versioned records and their history tables, append-only rows, and the data
migrations from the former JSON snapshots."""
