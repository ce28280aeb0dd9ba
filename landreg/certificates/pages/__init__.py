"""The registrar's pages: print queue, certificate list and its spreadsheet, a certificate and its actions,
print runs, and the public verification; with their forms and list filters."""
