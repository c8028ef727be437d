"""Checking submissions: schemas, cross-table rules and the engine that runs them."""
