"""Rules: money."""
