"""Rules: indicators."""
