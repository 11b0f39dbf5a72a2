"""What the database itself guarantees, and the small facts models answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kelurahan.models import AwarenessReport, Kelurahan, LiaisonAssignment, OutreachSession
from tests.support import factories


def test_binaan_kelurahan_needs_a_date_in_the_database(kebon_kosong):
    with pytest.raises(IntegrityError), transaction.atomic():
        Kelurahan.objects.filter(pk=kebon_kosong.pk).update(is_binaan=True, binaan_since=None)


def test_binaan_kelurahan_needs_a_date_in_forms(kebon_kosong):
    kebon_kosong.is_binaan = True
    with pytest.raises(ValidationError) as error:
        kebon_kosong.full_clean()
    assert "binaan_since" in error.value.message_dict


def test_kode_wilayah_format_is_checked(kebon_kosong):
    kebon_kosong.kode = "3171031002"
    with pytest.raises(ValidationError) as error:
        kebon_kosong.full_clean()
    assert "kode" in error.value.message_dict


def test_short_url_uses_the_code_without_dots(kebon_kosong):
    assert kebon_kosong.short_code == "3171031002"


def test_session_attendance_total_constraint(kebon_kosong):
    session = factories.held_session(kebon_kosong)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachSession.objects.filter(pk=session.pk).update(attendance_total=1)


def test_assignment_cannot_end_before_it_starts(kebon_kosong):
    officer = factories.liaison_officer()
    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonAssignment.objects.create(
            officer=officer,
            kelurahan=kebon_kosong,
            start_date=datetime.date(2024, 6, 1),
            end_date=datetime.date(2024, 5, 1),
        )


def test_referred_report_needs_a_partner_in_the_database(kebon_kosong):
    report = factories.report(kebon_kosong)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwarenessReport.objects.filter(pk=report.pk).update(status="referred")


def test_report_reference_is_readable(kebon_kosong):
    report = factories.report(kebon_kosong)
    assert report.reference == f"LAP-{report.pk:05d}"


def test_whatsapp_link_uses_the_international_number():
    officer = factories.LiaisonOfficer(whatsapp="0812-3456-7890")
    assert officer.whatsapp_link == "https://wa.me/6281234567890"
