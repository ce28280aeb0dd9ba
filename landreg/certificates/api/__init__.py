"""/api/v1/certificates/: the same actions as the pages, through the same services and transitions."""
