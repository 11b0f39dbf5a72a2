"""The outbox, read-only: what was sent, what waits for a retry, what failed and why.

Staff see their own office's messages (recipient addresses are personal data, so no other
office's); superusers see all. Nobody writes a message here; "Send again" queues a failed one
for the next delivery pass.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten, model_ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kelurahan.admin.base import ScopedAdminMixin, WrittenByServicesMixin
from kelurahan.models import OutgoingMessage
from kelurahan.permissions import staff_office
from kelurahan.services.delivery import outbox_retry


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(WrittenByServicesMixin, ScopedAdminMixin, admin.ModelAdmin):
    office_path = "office"
    list_display = (
        "created_at",
        "kind",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "kind", "channel")
    search_fields = ("recipient", "subject")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = (
        ("channel", "kind", "office"),
        "recipient",
        "subject",
        "body",
        ("status", "attempts"),
        ("created_at", "next_attempt_at", "sent_at"),
        "last_error",
    )
    readonly_fields = flatten(fields)

    def has_view_permission(self, request, obj=None):
        """Superusers, and staff who belong to an office (they see its messages only)."""
        user = request.user
        return user.is_active and (user.is_superuser or staff_office(user) is not None)

    def has_send_again_permission(self, request):
        """Whoever sees the messages may send a failed one again."""
        return self.has_view_permission(request)

    @admin.action(
        permissions=["send_again"], description=gettext_lazy("Send the selected messages again")
    )
    def send_again(self, request, queryset):
        count = 0
        for message in queryset.exclude(status=OutgoingMessage.Status.SENT):
            outbox_retry(message=message, by=request.user)
            count += 1
        self.message_user(
            request,
            _("%(count)d %(items)s queued again; they go out at the next delivery pass.")
            % {"count": count, "items": model_ngettext(self.opts, count)},
            messages.SUCCESS if count else messages.WARNING,
        )
