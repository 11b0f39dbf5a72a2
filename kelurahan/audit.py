"""The audit trail: who created, changed, deleted or read which record, when, and what changed.

Why django-auditlog rather than django-simple-history: auditlog writes one generic LogEntry
table holding a JSON diff of the changed fields, with per-field masking and exclusion, and it
can record reads (`LogEntry.Action.ACCESS`). simple-history keeps a shadow table per model
that copies every column on every save, so a second, unmaskable copy of the report text,
contacts and receipt hash would live on in `historical*` tables, even after a closed tip is
purged. With auditlog the trail keeps only masked markers ("***") for report text, and no
secret-derived value at all.

What is recorded: create, change and delete of reports and tips, their timeline entries,
sessions (and their photos, topics, speakers, partners, officers' proposed changes and
the office's decisions, results verification), liaison officers and assignments,
kelurahan officers, office staff, offices and the cities they cover, partners, user accounts
and the binaan designation of a kelurahan (with its rollout target); and each time staff open
a report or its photo, or a kelurahan's poster through its next-steps link, in the admin.
The actor is the logged-in user of the request (AuditMiddleware below); no IP address or
port is ever stored, and requests to the tip line record no actor at all, even when someone is
logged in.
"""

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.contrib.auth import get_user_model

from kelurahan.privacy import is_tip_request

MASK = "***"
MASK_CALLABLE = "kelurahan.audit.mask"
# A report's text, the resident's contact, the place, the receipt lookup and the photo's name.
REPORT_MASKED = (
    "observed",
    "reporter_contact",
    "location_rt_rw",
    "location_street",
    "receipt_lookup",
    "photo",
)
# A resident's question, contact and the answer to them, like a tip's text.
QUESTION_MASKED = ("text", "contact", "answer", "receipt_lookup")
UPDATE_MASKED = ("note_for_reporter", "internal_note", "reporter_message")
DESIGNATION_FIELDS = (
    "is_binaan",
    "binaan_since",
    "sk_number",
    "binaan_notes",
    "office",
    "designation_target",  # the rollout plan's target quarter
)


def mask(value: str) -> str:
    """Hide a value entirely (auditlog's own mask keeps half of it); "empty" stays visible."""
    return value if value in ("", "None") else MASK


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware without addresses, ports, or any actor on tip-line requests."""

    def get_extra_data(self, request):
        """The request's user, still lazy: the session is read only when an entry is written.

        auditlog's own version evaluates request.user on every request, which would open the
        session on the tip line. auditlog sets the actor only when it is a user account, so an
        anonymous visitor leaves it empty, as before.
        """
        actor = None if is_tip_request(request) else getattr(request, "user", None)
        return {"actor": actor, "remote_addr": None, "remote_port": None}


def record_access(instance, *, part: str = "") -> LogEntry:
    """Record that the current user read `instance` (`part`: what of it, e.g. "photo")."""
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes=None,
        additional_data={"part": part} if part else None,
    )


def _skip_region_creation(sender, action, **kwargs) -> bool:
    """Regions are loaded by the thousand from Kemendagri data; their designations count."""
    return action != LogEntry.Action.CREATE


def register_models() -> None:
    """Register the audited models with auditlog; called once from KelurahanConfig.ready()."""
    from kelurahan import models

    masked = {"mask_callable": MASK_CALLABLE}
    auditlog.register(
        models.AwarenessReport,
        exclude_fields=["receipt_hash", "updated_at"],
        mask_fields=list(REPORT_MASKED),
        **masked,
    )
    auditlog.register(models.ReportUpdate, mask_fields=list(UPDATE_MASKED), **masked)
    auditlog.register(
        models.Question,
        exclude_fields=["receipt_hash", "updated_at"],
        mask_fields=list(QUESTION_MASKED),
        **masked,
    )
    auditlog.register(models.FaqEntry, exclude_fields=["updated_at"])
    auditlog.register(
        models.OutreachSession,
        exclude_fields=["updated_at"],
        m2m_fields={"topics", "speakers", "partners"},
    )
    auditlog.register(models.SessionPhoto)
    auditlog.register(models.SessionChange)  # officers' proposals and the office's decisions
    auditlog.register(
        models.PassportServiceDay,
        exclude_fields=["updated_at"],
        mask_fields=["contact_phone"],
        **masked,
    )
    auditlog.register(models.LiaisonOfficer)
    auditlog.register(models.LiaisonAssignment)
    auditlog.register(models.KelurahanOfficer, mask_fields=["phone"], **masked)
    auditlog.register(models.OfficeStaff)
    auditlog.register(models.Office, m2m_fields={"cities"})
    auditlog.register(models.Partner)
    auditlog.register(models.Kelurahan, include_fields=list(DESIGNATION_FIELDS))
    pre_log.connect(_skip_region_creation, sender=models.Kelurahan, dispatch_uid="audit-regions")
    auditlog.register(
        get_user_model(),
        exclude_fields=["last_login"],
        mask_fields=["password"],
        m2m_fields={"groups", "user_permissions"},
        **masked,
    )
