"""Daily reminders: the right people, once a day, and never a word of a report's content."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone

from kelurahan import services
from kelurahan.models import AwarenessReport, ReminderLog
from tests.support import factories

REPORT_MARKER = "RAHASIA-ISI-LAPORAN-9132"
TIP_MARKER = "RAHASIA-ISI-TIP-4410"
AT_RISK_MARKER = "Siti Korban Rahasia"


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def held_days_ago(kelurahan, days, **results):
    planned = factories.session(kelurahan, days_from_now=-days, title=f"Sesi {days} hari")
    return services.session_mark_held(session=planned, by=None, **results)


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def late_session(kebon_kosong, officer_kebon_kosong):
    officer_kebon_kosong.user.email = "petugas@kebonkosong.test"
    officer_kebon_kosong.user.save()
    return held_days_ago(kebon_kosong, 10)


@pytest.fixture
def old_report(kebon_kosong, staff_user):
    staff_user.email = "staf@kanim.test"
    staff_user.save()
    report = factories.report(kebon_kosong, observed=f"{REPORT_MARKER} {AT_RISK_MARKER}")
    AwarenessReport.objects.filter(pk=report.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    return report


def test_incomplete_session_older_than_a_week_emails_the_kelurahan_officer(late_session):
    output = run()
    messages = to("petugas@kebonkosong.test")
    assert len(messages) == 1
    assert f"/petugas/sosialisasi/{late_session.pk}/terlaksana/" in messages[0].body
    assert "Kebon Kosong" in messages[0].body
    assert "1 e-mail(s) sent" in output


def test_reminders_are_sent_once_a_day(late_session, old_report):
    run()
    sent = len(mail.outbox)
    assert sent == 2
    output = run()
    assert len(mail.outbox) == sent
    assert "0 e-mail(s) sent, 2 already sent today" in output


def test_reminders_are_sent_again_the_next_day(late_session):
    today = timezone.localdate()
    run("--today", today.isoformat())
    run("--today", (today + datetime.timedelta(days=1)).isoformat())
    assert len(to("petugas@kebonkosong.test")) == 2
    assert ReminderLog.objects.count() == 2


def test_next_day_by_the_clock_sends_again(late_session, monkeypatch):
    run()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    run()
    assert len(to("petugas@kebonkosong.test")) == 2


def test_recent_or_complete_sessions_send_nothing(kebon_kosong, officer_kebon_kosong):
    officer_kebon_kosong.user.email = "petugas@kebonkosong.test"
    officer_kebon_kosong.user.save()
    held_days_ago(kebon_kosong, 3)
    held_days_ago(kebon_kosong, 20, attendance_men=5, attendance_women=5, summary="Lengkap.")
    run()
    assert mail.outbox == []


def test_one_email_lists_every_late_session(late_session, kebon_kosong):
    second = held_days_ago(kebon_kosong, 12, attendance_total=30)
    run()
    [message] = to("petugas@kebonkosong.test")
    assert f"/sosialisasi/{late_session.pk}/" in message.body
    assert f"/sosialisasi/{second.pk}/" in message.body


def test_current_liaison_officer_gets_the_session_reminder(late_session, kebon_kosong):
    account = factories.user("pimpasa.kk", email="pimpasa@kanim.test", is_staff=True)
    liaison = factories.liaison_officer(user=account)
    services.liaison_assign(
        officer=liaison, kelurahan=kebon_kosong, start_date=datetime.date(2024, 6, 14)
    )
    former = factories.liaison_officer(user=factories.user(email="lama@kanim.test"))
    assignment = services.liaison_assign(
        officer=former, kelurahan=kebon_kosong, start_date=datetime.date(2023, 1, 1)
    )
    services.liaison_end_assignment(assignment=assignment, end_date=datetime.date(2023, 12, 31))
    run()
    [message] = to("pimpasa@kanim.test")
    assert f"/outreachsession/{late_session.pk}/change/" in message.body
    assert to("lama@kanim.test") == []


def test_other_kelurahan_officers_and_accounts_without_email_get_nothing(
    late_session, officer_gambir, kebon_kosong
):
    officer_gambir.user.email = "petugas@gambir.test"
    officer_gambir.user.save()
    factories.kelurahan_officer(kebon_kosong)
    run()
    assert to("petugas@gambir.test") == []
    assert len(mail.outbox) == 1


def test_old_open_report_emails_office_staff_with_the_reference_only(
    old_report, other_office_staff
):
    other_office_staff.email = "lain@kanim.test"
    other_office_staff.save()
    run()
    [message] = to("staf@kanim.test")
    assert old_report.reference in message.body
    assert f"/awarenessreport/{old_report.pk}/change/" in message.body
    for text in (message.subject, message.body):
        assert REPORT_MARKER not in text
        assert AT_RISK_MARKER not in text
    assert to("lain@kanim.test") == []


def test_report_reminder_never_goes_to_the_kelurahan_officer(old_report, officer_kebon_kosong):
    officer_kebon_kosong.user.email = "petugas@kebonkosong.test"
    officer_kebon_kosong.user.save()
    run()
    assert to("petugas@kebonkosong.test") == []


def test_old_tip_is_listed_by_reference_without_its_content(staff_user):
    staff_user.email = "staf@kanim.test"
    staff_user.save()
    tip, _code = services.tip_submit(observed=TIP_MARKER)
    AwarenessReport.objects.filter(pk=tip.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=40)
    )
    mail.outbox.clear()
    run()
    [message] = to("staf@kanim.test")
    assert tip.reference in message.body
    assert TIP_MARKER not in message.body


def test_assignee_gets_the_report_reminder(old_report, staff_user, superuser):
    superuser.email = "kepala@kanim.test"
    superuser.save()
    services.report_assign(report=old_report, by=staff_user, assignee=superuser)
    run()
    assert len(to("kepala@kanim.test")) == 1


def test_recent_or_closed_reports_send_nothing(kebon_kosong, staff_user):
    staff_user.email = "staf@kanim.test"
    staff_user.save()
    factories.report(kebon_kosong)
    draft = factories.report(kebon_kosong, submit=False)
    AwarenessReport.objects.filter(pk=draft.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    run()
    assert mail.outbox == []


def test_report_reminder_waits_the_configured_number_of_days(old_report, settings):
    settings.REPORT_OVERDUE_DAYS = 45
    run()
    assert mail.outbox == []
    settings.REPORT_OVERDUE_DAYS = 20
    run()
    assert len(mail.outbox) == 1


def test_dry_run_sends_and_records_nothing(late_session, old_report):
    output = run("--dry-run")
    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0
    assert "2 e-mail(s) would be sent" in output
    run()
    assert len(mail.outbox) == 2


def test_a_failed_send_is_retried_on_the_next_run(late_session, monkeypatch):
    def fail(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", fail)
    with pytest.raises(ConnectionError):
        run()
    assert ReminderLog.objects.count() == 0
    monkeypatch.undo()
    run()
    assert len(to("petugas@kebonkosong.test")) == 1


def test_reminder_log_keeps_only_references(late_session, old_report):
    run()
    items = set(ReminderLog.objects.values_list("items", flat=True))
    assert items == {f"S{late_session.pk}", old_report.reference}


def test_today_must_be_a_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("--today", "besok")
