"""Command-line clients: the reporter's (seals on this machine) and the responder's (opens here)."""
