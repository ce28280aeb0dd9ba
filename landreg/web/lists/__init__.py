"""List pages shared by every app: paging, sorting and the filters of the user's scope."""
