"""Hypothesis fuzzing of every form and query string (issue 4, "Bad input")."""
