"""Rules: projects."""
