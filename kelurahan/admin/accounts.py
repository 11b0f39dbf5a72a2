"""Helping officers with their accounts from the admin: the password link, deactivation, lockout.

Shared by the kelurahan officer and liaison officer (PIMPASA) lists; each action calls the
account service for the selected rows' accounts, and staff never see or set a password.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kelurahan.admin.base import ModelAdminMixinBase, run_action
from kelurahan.permissions import helpable_accounts
from kelurahan.services import accounts


def _for_accounts(modeladmin, request, queryset, service) -> None:
    """Run `service(user=..., by=...)` for the accounts behind the selected rows."""
    reachable = set(helpable_accounts(request.user).values_list("pk", flat=True))
    rows = [row for row in queryset.select_related("user") if row.user_id in reachable]
    run_action(modeladmin, request, rows, lambda row: service(user=row.user, by=request.user))


class AccountActionsMixin(ModelAdminMixinBase):
    """Admin actions on the linked user accounts of the selected officers."""

    actions = ("send_password_link", "deactivate_account", "lift_lockout")

    @admin.action(
        description=_("Send the link to choose a password (again)"), permissions=["change"]
    )
    def send_password_link(self, request, queryset):
        _for_accounts(self, request, queryset, accounts.account_resend_password_link)

    @admin.action(description=_("Deactivate the accounts"), permissions=["change"])
    def deactivate_account(self, request, queryset):
        _for_accounts(self, request, queryset, accounts.account_deactivate)

    @admin.action(description=_("Lift the login lockout"), permissions=["change"])
    def lift_lockout(self, request, queryset):
        _for_accounts(self, request, queryset, accounts.account_unlock)
