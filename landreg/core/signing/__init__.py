"""The Ed25519 keys everything the registry signs uses, and the system check that demo keys never sign
outside demo mode."""
