"""Recap files for the office's reports upward: XLSX (formatted) and CSV (streamed)."""
