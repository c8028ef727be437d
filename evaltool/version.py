"""The package version (core: importable by every layer without importing the ``evaltool`` facade)."""

__version__ = "0.1.0"
