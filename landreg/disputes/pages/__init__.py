"""The pages of the dispute administrator and the conciliation committee, their forms and list filters."""
