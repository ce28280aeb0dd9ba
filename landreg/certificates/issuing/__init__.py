"""A certificate's issue and what follows it: numbered per commune, its content frozen from the procedure's
records, printed, delivered (services), signed or revoked (transitions), each event chained into the audit."""
