"""Finding people by name as clerks write it: folding (case, accents, African letters) and
spelling-tolerant keys."""
