"""/api/v1/disputes/: the cases, moves, figures and reminders of the pages, through the same services."""
