"""Helpers for the officer-page tests."""


def logged_in(client, officer):
    """The test client signed in as a kelurahan officer."""
    client.force_login(officer.user)
    return client
