"""Rules: scores."""
