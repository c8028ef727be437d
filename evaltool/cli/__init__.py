"""The command line: thin wrappers over the API."""
