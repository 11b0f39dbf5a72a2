"""The tip line's services: receipt codes, finding a tip, additions, retention."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kelurahan import services
from kelurahan.models import AwarenessReport, ReportUpdate
from kelurahan.services.delivery import deliver_due
from kelurahan.services.tips import format_receipt
from tests.support import factories


def test_tip_submit_returns_a_16_digit_code_stored_only_as_a_hash(kebon_kosong):
    tip, code = services.tip_submit(observed="Ada penampungan calon PMI.", kelurahan=kebon_kosong)
    assert len(code) == 16 and code.isdigit()
    assert tip.source == AwarenessReport.Source.TIP_LINE
    assert tip.status == AwarenessReport.Status.SUBMITTED
    assert tip.filed_by is None
    assert tip.receipt_lookup == code[:6]
    assert code[6:] not in tip.receipt_hash
    assert format_receipt(code) == " ".join([code[0:4], code[4:8], code[8:12], code[12:16]])


def test_tip_find_opens_only_with_the_whole_code(kebon_kosong):
    tip, code = services.tip_submit(observed="Perekrutan ilegal.", kelurahan=kebon_kosong)
    assert services.tip_find(format_receipt(code)) == tip
    wrong_secret = code[:6] + ("0000000000" if code[6:] != "0000000000" else "1111111111")
    assert services.tip_find(wrong_secret) is None
    assert services.tip_find("1234") is None
    assert services.tip_find("") is None


def test_tip_without_kelurahan_goes_to_the_default_office(db):
    tip, _code = services.tip_submit(observed="Tidak tahu kelurahannya.")
    assert tip.kelurahan is None
    assert tip.office == factories.main_office()


def test_tip_needs_a_description(kebon_kosong):
    with pytest.raises(ValidationError):
        services.tip_submit(observed="   ", kelurahan=kebon_kosong)
    assert not AwarenessReport.objects.exists()


def test_tip_notifies_the_office_without_content(kebon_kosong, settings):
    settings.TIP_NOTIFY_EMAILS = ["piket@imigrasi.example"]
    services.tip_submit(
        observed="Nama korban Ani",
        kelurahan=kebon_kosong,
        urgency=AwarenessReport.Urgency.URGENT,
    )
    assert mail.outbox == []  # queued with the tip; the delivery worker sends it
    assert deliver_due().sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Kebon Kosong" in message.subject and "mendesak" in message.subject
    assert "Ani" not in message.subject + message.body


def test_tip_add_information_until_closed(kebon_kosong, staff_user):
    tip, _code = services.tip_submit(observed="Awal.", kelurahan=kebon_kosong)
    services.tip_add_information(report=tip, message="Tambahan: mobil hitam.")
    from_resident = [u.reporter_message for u in tip.updates.filter(author=None)]
    assert "Tambahan: mobil hitam." in from_resident  # encrypted: compared after reading
    services.report_start_review(report=tip, by=staff_user)
    services.report_close(report=tip, by=staff_user)
    with pytest.raises(ValidationError):
        services.tip_add_information(report=tip, message="Lagi.")


def test_closing_records_the_time_and_expiry(kebon_kosong, staff_user, settings):
    settings.TIP_RETENTION_DAYS = 90
    tip, _code = services.tip_submit(observed="x", kelurahan=kebon_kosong)
    services.report_start_review(report=tip, by=staff_user)
    closed = services.report_mark_not_substantiated(report=tip, by=staff_user)
    assert closed.closed_at is not None
    assert closed.expires_at == closed.closed_at + datetime.timedelta(days=90)


def test_purge_deletes_expired_resident_reports_and_their_history(kebon_kosong, staff_user):
    tip, _code = services.tip_submit(observed="x", kelurahan=kebon_kosong)
    services.report_start_review(report=tip, by=staff_user)
    services.report_close(report=tip, by=staff_user)
    officer_report = factories.report(kebon_kosong)
    services.report_start_review(report=officer_report, by=staff_user)
    services.report_close(report=officer_report, by=staff_user)

    assert services.tips_purge_expired() == 0
    later = timezone.now() + datetime.timedelta(days=91)
    assert services.tips_purge_expired(now=later) == 1
    assert not AwarenessReport.objects.filter(pk=tip.pk).exists()
    assert not ReportUpdate.objects.filter(report_id=tip.pk).exists()
    assert AwarenessReport.objects.filter(pk=officer_report.pk).exists()


def test_kelurahan_officers_never_see_tips(kebon_kosong, officer_kebon_kosong, staff_user):
    from kelurahan.permissions import scope_to_user

    tip, _code = services.tip_submit(observed="Tentang pejabat kelurahan.", kelurahan=kebon_kosong)
    own = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    visible = scope_to_user(AwarenessReport.objects.all(), officer_kebon_kosong.user)
    assert list(visible) == [own]
    assert tip in scope_to_user(AwarenessReport.objects.all(), staff_user)
