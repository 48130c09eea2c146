"""Pure ASGI middleware for the privacy controls that cut across every route (STYLE.md rule 3)."""
