"""Delivering the outbox: send what is due, retry with back-off, give up visibly.

Run by `manage.py deliver_notifications` (one pass, or `--loop`). Each message is locked,
sent and marked in its own transaction, so two workers on PostgreSQL never send the same
message, and a worker that dies mid-pass leaves the rest waiting for the next one. Nothing a
request does waits for this.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kelurahan.models import Notice, OutgoingMessage

logger = logging.getLogger(__name__)

Status = OutgoingMessage.Status
BATCH = 200


class EmailSender:
    """E-mail through Django's configured backend, over one connection per pass."""

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)

    def send(self, message: OutgoingMessage) -> None:
        email = EmailMessage(
            message.subject, message.body, None, [message.recipient], connection=self.connection
        )
        try:
            email.send()
        except Exception:
            self.close()  # a broken connection is opened afresh for the next message
            raise

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - closing a dead connection must not stop the pass
            logger.debug("closing the mail connection failed", exc_info=True)


# One sender per channel. A WhatsApp or SMS gateway adds its class here (same send/close) and
# a choice in OutgoingMessage.Channel; until then no other channel exists.
SENDERS: dict[str, type[EmailSender]] = {OutgoingMessage.Channel.EMAIL: EmailSender}


@dataclass
class DeliveryRun:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most 6 hours."""
    seconds = settings.NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 6 * 3600))


def _due(now: datetime.datetime) -> QuerySet[OutgoingMessage]:
    return OutgoingMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)


def _record_failure(
    message: OutgoingMessage, error: Exception, now: datetime.datetime, run: DeliveryRun
) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        message.status = Status.FAILED
        run.failed += 1
        logger.error("message %s failed %s times; given up", message.pk, message.attempts)
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
        run.retrying += 1
        logger.warning("message %s: attempt %s failed, retrying", message.pk, message.attempts)


def _deliver_one(pk: int, senders: dict[str, EmailSender], run: DeliveryRun) -> None:
    now = timezone.now()
    with transaction.atomic():
        message = _due(now).select_for_update(skip_locked=True).filter(pk=pk).first()
        if message is None:
            return  # another worker took it, or it was retried meanwhile
        sender = senders.get(message.channel)
        if sender is None:
            sender = senders[message.channel] = SENDERS[message.channel]()
        try:
            sender.send(message)
        except Exception as error:  # noqa: BLE001 - any failure is retried, none is lost
            _record_failure(message, error, now, run)
        else:
            message.attempts += 1
            message.status = Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            run.sent += 1
        message.save()


def deliver_due(*, limit: int = BATCH) -> DeliveryRun:
    """One pass: try every message that is due (at most `limit`), oldest first."""
    run = DeliveryRun()
    due = list(_due(timezone.now()).order_by("next_attempt_at", "pk").values_list("pk")[:limit])
    senders: dict[str, EmailSender] = {}
    try:
        for (pk,) in due:
            _deliver_one(pk, senders, run)
    finally:
        for sender in senders.values():
            sender.close()
    if due:
        logger.info("delivery: %s sent, %s to retry, %s failed", run.sent, run.retrying, run.failed)
    return run


@transaction.atomic
def outbox_retry(*, message: OutgoingMessage, by: User) -> OutgoingMessage:
    """Send a failed (or waiting) message again at the next pass, with a fresh count."""
    message = OutgoingMessage.objects.select_for_update().get(pk=message.pk)
    if message.status == Status.SENT:
        return message
    message.status = Status.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    logger.info("message %s queued again by user %s", message.pk, getattr(by, "pk", None))
    return message


def outbox_purge_sent(*, now: datetime.datetime | None = None) -> int:
    """Delete sent messages and dashboard notices older than NOTIFY_KEEP_DAYS.

    A message's address is personal data, and the dashboard shows only the last weeks anyway.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.NOTIFY_KEEP_DAYS)
    deleted, _by_model = OutgoingMessage.objects.filter(
        status=Status.SENT, sent_at__lt=cutoff
    ).delete()
    Notice.objects.filter(created_at__lt=cutoff).delete()
    return deleted
