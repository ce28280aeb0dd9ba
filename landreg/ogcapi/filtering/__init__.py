"""OGC API - Features Part 3 (and Part 1's query parameters): a CQL2 filter, text or JSON, read
(parsing), checked against the queryables and turned into a query on the parcels (evaluation), with its
arithmetic and LIKE (expressions), CASEI/ACCENTI folds (folds) and temporal functions (temporal)."""
