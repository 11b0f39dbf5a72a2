"""Forgotten passwords: Django's reset flow for officer and PIMPASA accounts, rate limited.

The answer is the same whether the address belongs to an account or not, and whether the
request was sent or held back by the rate limit, so the form reveals no account.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache

from binaan.clientip import client_ip
from kelurahan.permissions import helpable_accounts
from kelurahan.services import accounts

HOUR = 60 * 60


def allow_reset_request(request, email: str) -> bool:
    """Count one request for this e-mail address from this client; False over the limit."""
    raw = f"{client_ip(request)}|{email.strip().lower()}"
    key = "pwreset:" + hashlib.sha256((settings.SECRET_KEY + raw).encode()).hexdigest()
    if cache.add(key, 1, HOUR):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return cache.add(key, 1, HOUR)
    return count <= settings.PASSWORD_RESET_RATE_LIMIT_PER_HOUR


class OfficerPasswordResetForm(PasswordResetForm):
    """Sends the same one-time link as onboarding, to officer and PIMPASA accounts only.

    An officer who never used the first link (no usable password yet) can get a new one too.
    """

    def get_users(self, email):
        return helpable_accounts().filter(email__iexact=email, is_active=True)

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            purpose = accounts.RESET if user.has_usable_password() else accounts.INVITATION
            accounts.send_password_link(user=user, purpose=purpose)
