"""The home page: each role's work and the figures of the villages a user sees."""
