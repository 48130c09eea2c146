"""HTTP routes, one module per audience: reporters (intake), responders, and public key data."""
