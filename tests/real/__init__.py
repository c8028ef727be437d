"""The real-document corpus: published self-evaluations transcribed into the standard workbook."""
