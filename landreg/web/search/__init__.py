"""The header search: what a user finds by name or number, scoped to what they may see, and how it is kept."""
