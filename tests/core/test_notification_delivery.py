"""Delivering the outbox through a real SMTP server that is down or refuses, then accepts."""

import datetime
import io
import re
import threading

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.management.commands import deliver_notifications
from kelurahan.models import AwarenessReport, Notice, OutgoingMessage
from kelurahan.services.delivery import deliver_due, outbox_purge_sent, retry_delay
from kelurahan.services.notifications import queue_email
from tests.support import factories
from tests.support.smtpserver import RefusingSMTP, free_port, use_smtp

Status = OutgoingMessage.Status
CHANGELIST = "admin:kelurahan_outgoingmessage_changelist"


@pytest.fixture
def port(settings, db):
    number = free_port()
    use_smtp(settings, number)
    return number


def queue_some(count: int, office=None) -> list[OutgoingMessage]:
    return [
        row
        for n in range(count)
        for row in queue_email(
            to=[f"staf{n}@imigrasi.example"],
            subject=f"Pemberitahuan {n}",
            body=f"Isi pemberitahuan {n}",
            office=office,
        )
    ]


def make_due() -> None:
    """Skip the back-off wait: every waiting message is due now."""
    OutgoingMessage.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


def test_delivery_with_server_down_then_refusing_then_up_sends_each_queued_once(port):
    queued = queue_some(5)
    # Down: nothing listens on the port. Every message is tried once and waits for a retry.
    run = deliver_due()
    assert (run.sent, run.retrying) == (0, 5)
    assert set(OutgoingMessage.objects.values_list("status", "attempts")) == {(Status.PENDING, 1)}
    with RefusingSMTP(port, refuse=[451, 554, 451]) as server:
        runs = []
        for _pass in range(4):
            make_due()
            runs.append(deliver_due())
        for _pass in range(2):  # later passes find nothing more to send
            make_due()
            runs.append(deliver_due())
    assert server.handler.refused == 3
    assert sum(run.sent for run in runs) == 5
    sent = sorted((to, subject) for to, subject, _body in server.accepted)
    assert sent == sorted((m.recipient, m.subject) for m in queued)  # sent = queued, once each
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_message_once(port):
    queued = queue_some(30)
    start = threading.Barrier(2)

    def worker():
        start.wait()
        try:
            deliver_due()
        finally:
            connection.close()

    with RefusingSMTP(port) as server:
        workers = [threading.Thread(target=worker) for _ in range(2)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    assert sorted(to for to, _subject, _body in server.accepted) == sorted(
        m.recipient for m in queued
    )


def test_failed_attempts_wait_longer_each_time(port, settings):
    settings.NOTIFY_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30) == datetime.timedelta(hours=6)
    (message,) = queue_some(1)
    before = timezone.now()
    deliver_due()
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.next_attempt_at >= before + datetime.timedelta(seconds=60)
    assert "ConnectionRefusedError" in message.last_error
    assert deliver_due().retrying == 0  # not due yet: the pass leaves it alone


def test_message_that_keeps_failing_is_marked_failed_and_staff_see_it(
    port, settings, client, staff_user, other_office_staff
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    (message,) = queue_some(1, office=factories.main_office())
    with RefusingSMTP(port, refuse=[554] * 10):
        runs = []
        for _pass in range(4):
            make_due()
            runs.append(deliver_due())
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 3)
    assert "554" in message.last_error
    assert [run.failed for run in runs] == [0, 0, 1, 0]
    failed_list = reverse(CHANGELIST) + "?status__exact=failed"
    client.force_login(staff_user)
    page = client.get(failed_list).content.decode()
    assert "staf0@imigrasi.example" in page
    client.force_login(other_office_staff)  # another office's staff: not their messages
    assert "staf0@imigrasi.example" not in client.get(failed_list).content.decode()


def test_send_again_queues_a_failed_message_and_it_goes_out(port, settings, client, staff_user):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    (message,) = queue_some(1, office=factories.main_office())
    deliver_due()  # server down: failed at once with one attempt allowed
    message.refresh_from_db()
    assert message.status == Status.FAILED
    client.force_login(staff_user)
    client.post(reverse(CHANGELIST), {"action": "send_again", ACTION_CHECKBOX_NAME: [message.pk]})
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 0)
    with RefusingSMTP(port) as server:
        assert deliver_due().sent == 1
    assert [to for to, _subject, _body in server.accepted] == ["staf0@imigrasi.example"]


def test_outbox_admin_is_read_only(client, staff_user):
    (message,) = queue_some(1, office=factories.main_office())
    client.force_login(staff_user)
    change = reverse("admin:kelurahan_outgoingmessage_change", args=[message.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"subject": "Diubah"}).status_code == 403
    assert client.get(reverse("admin:kelurahan_outgoingmessage_add")).status_code == 403
    message.refresh_from_db()
    assert message.subject == "Pemberitahuan 0"


def test_a_rolled_back_change_queues_nothing(kebon_kosong):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.tip_submit(observed="Ada penampungan.", kelurahan=kebon_kosong)
        raise RuntimeError("the request failed after the tip was written")
    assert not AwarenessReport.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_tip_form_answers_while_the_mail_server_is_down(client, port, settings):
    """The request only writes the outbox row; it never talks to the mail server."""
    settings.TIP_MIN_FILL_SECONDS = 0
    settings.TIP_NOTIFY_EMAILS = ["piket@imigrasi.example"]
    factories.kelurahan(name="Kebon Kosong", slug="kebon-kosong")
    page = client.get("/lapor/").content.decode()
    stamp = page.split('name="stamp" value="')[1].split('"')[0]
    response = client.post("/lapor/", {"observed": "Ada penampungan calon PMI.", "stamp": stamp})
    assert response.status_code == 200
    assert re.search(r'class="receipt-code">\d{4} \d{4}', response.content.decode())
    assert AwarenessReport.objects.count() == 1
    message = OutgoingMessage.objects.get()
    assert (message.status, message.attempts) == (Status.PENDING, 0)


def test_deliver_notifications_command_sends_and_says_so(port):
    queue_some(2)
    out = io.StringIO()
    with RefusingSMTP(port) as server:
        call_command("deliver_notifications", stdout=out)
    assert len(server.accepted) == 2
    assert "2 sent, 0 to retry later, 0 failed" in out.getvalue()


def test_deliver_notifications_loop_keeps_sending_until_stopped(port, monkeypatch):
    passes = []

    def sleep(seconds):
        passes.append(seconds)
        if len(passes) == 1:
            queue_some(1)  # queued while the worker waits: the next pass sends it
        else:
            raise KeyboardInterrupt  # Ctrl-C, or make run's server stopping

    monkeypatch.setattr(deliver_notifications.time, "sleep", sleep)
    # The worker drops an old or broken database connection after each pass; inside the test's
    # transaction that would close the test's own connection (PostgreSQL), so count the calls.
    closed = []
    monkeypatch.setattr(deliver_notifications, "close_old_connections", lambda: closed.append(1))
    queue_some(2)
    out = io.StringIO()
    with RefusingSMTP(port) as server:
        call_command("deliver_notifications", "--loop", "--interval", "3", stdout=out)
    assert passes == [3.0, 3.0]
    assert len(closed) == 2  # once after each pass
    assert len(server.accepted) == 3
    assert out.getvalue().splitlines()[-1] == "Stopped."


def test_sent_messages_are_deleted_after_the_keeping_period(db, settings):
    settings.NOTIFY_KEEP_DAYS = 30
    old, recent, waiting = queue_some(3)
    long_ago = timezone.now() - datetime.timedelta(days=31)
    OutgoingMessage.objects.filter(pk=old.pk).update(status=Status.SENT, sent_at=long_ago)
    OutgoingMessage.objects.filter(pk=recent.pk).update(status=Status.SENT, sent_at=timezone.now())
    officer = factories.user()
    for created_at in (long_ago, timezone.now()):
        Notice.objects.create(
            user=officer,
            kind=Notice.Kind.REPORT_STATUS,
            reference="LAP-1",
            object_id=1,
            created_at=created_at,
        )
    assert outbox_purge_sent() == 1
    assert set(OutgoingMessage.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert Notice.objects.get().created_at > long_ago  # the old notice went too
