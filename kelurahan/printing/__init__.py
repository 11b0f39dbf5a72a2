"""Printed artefacts: QR codes, the kelurahan poster and the session attendance sheet."""
