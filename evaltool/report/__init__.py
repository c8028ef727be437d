"""Outputs rendered late from findings: messages, annotated workbook, console, JSON."""
