"""Hypothesis fuzzing of every form and query string: bad input never makes a server error."""
