"""Permissions-Policy on every response: Django and django-csp do not set this header.

settings.PERMISSIONS_POLICY maps a browser feature to the origins allowed to use it; an empty
list switches the feature off for our pages and for anything they embed.
"""

from django.conf import settings

HEADER = "Permissions-Policy"


def _allowlist(origins) -> str:
    """One feature's allowlist in the header's syntax: () for none, (self) for our own pages."""
    return "(" + " ".join("self" if origin == "self" else f'"{origin}"' for origin in origins) + ")"


def permissions_policy(policy: dict) -> str:
    return ", ".join(f"{feature}={_allowlist(origins)}" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Add the site-wide Permissions-Policy unless a view has set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault(HEADER, self.header)
        return response
