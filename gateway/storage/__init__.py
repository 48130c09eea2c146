"""Storage: what the gateway keeps, and nothing more (ciphertext, routing fields, coarse days)."""
