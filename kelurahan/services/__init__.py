"""Every state change of the programme, shared by officer views, the admin and commands.

Each function locks what it changes, checks the guard, writes, and records the event.
Rule violations raise django.core.exceptions.ValidationError with a message for the user.
"""

from kelurahan.services.passport_days import (
    passport_day_accept,
    passport_day_decline,
    passport_day_record_results,
    passport_day_request,
)
from kelurahan.services.reminders import reminders_send
from kelurahan.services.reports import (
    report_add_note,
    report_assign,
    report_close,
    report_create_draft,
    report_mark_not_substantiated,
    report_refer,
    report_start_review,
    report_submit,
    report_update_draft,
)
from kelurahan.services.session_changes import (
    change_goes_to_review,
    session_change_approve,
    session_change_decline,
    session_change_propose,
)
from kelurahan.services.sessions import (
    session_add_photo,
    session_cancel,
    session_mark_held,
    session_propose,
    session_publish,
    session_record_result,
    session_replace_photo,
    session_unpublish,
    session_update,
    session_verify_results,
)
from kelurahan.services.tips import (
    report_issue_receipt,
    tip_add_information,
    tip_find,
    tip_submit,
    tips_purge_expired,
)
from kelurahan.services.wilayah import (
    kelurahan_change_slug,
    kelurahan_create,
    kelurahan_designate,
    kelurahan_revoke_designation,
    kelurahan_update,
    liaison_assign,
    liaison_assignment_update,
    liaison_end_assignment,
    office_cities_check,
    office_save,
    office_set_cities,
)

__all__ = [
    "change_goes_to_review",
    "kelurahan_change_slug",
    "kelurahan_create",
    "kelurahan_designate",
    "kelurahan_revoke_designation",
    "kelurahan_update",
    "liaison_assign",
    "liaison_assignment_update",
    "liaison_end_assignment",
    "office_cities_check",
    "office_save",
    "office_set_cities",
    "passport_day_accept",
    "passport_day_decline",
    "passport_day_record_results",
    "passport_day_request",
    "reminders_send",
    "report_add_note",
    "report_assign",
    "report_close",
    "report_create_draft",
    "report_issue_receipt",
    "report_mark_not_substantiated",
    "report_refer",
    "report_start_review",
    "report_submit",
    "report_update_draft",
    "session_add_photo",
    "session_replace_photo",
    "session_cancel",
    "session_change_approve",
    "session_change_decline",
    "session_change_propose",
    "session_mark_held",
    "session_propose",
    "session_publish",
    "session_record_result",
    "session_unpublish",
    "session_update",
    "session_verify_results",
    "tip_add_information",
    "tip_find",
    "tip_submit",
    "tips_purge_expired",
]
