"""What lets anyone check a certificate: the Ed25519 keys and the JWS in its QR code (signing), the address
the code points at (public_url) and what the verification says of a token (verdicts)."""
