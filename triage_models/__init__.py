"""triage_models package."""
