"""Uploaded files: checks on upload, image re-encoding and its memory budget, thumbnails, and
where files are stored."""
