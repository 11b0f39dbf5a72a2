"""Who may touch which kelurahan: the one scoping rule, per role."""

from django.contrib.auth.models import AnonymousUser

from kelurahan.models import AwarenessReport, OutreachSession
from kelurahan.permissions import officer_profile, scope_to_user, staff_office, visible_kelurahan
from tests.support import factories


def test_visible_kelurahan_per_role(
    kebon_kosong, gambir, officer_kebon_kosong, staff_user, other_office_staff, superuser
):
    elsewhere = factories.kelurahan(office=other_office_staff.office_staff.office)
    assert list(visible_kelurahan(AnonymousUser())) == []
    assert list(visible_kelurahan(officer_kebon_kosong.user)) == [kebon_kosong]
    assert set(visible_kelurahan(staff_user)) == {kebon_kosong, gambir}
    assert list(visible_kelurahan(other_office_staff)) == [elsewhere]
    assert set(visible_kelurahan(superuser)) == {kebon_kosong, gambir, elsewhere}


def test_scope_to_user_hides_other_kelurahan_records(
    kebon_kosong, gambir, officer_kebon_kosong, officer_gambir
):
    mine = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    factories.report(gambir, filed_by=officer_gambir.user)
    factories.session(gambir)
    reports = scope_to_user(AwarenessReport.objects.all(), officer_kebon_kosong.user)
    sessions = scope_to_user(OutreachSession.objects.all(), officer_kebon_kosong.user)
    assert list(reports) == [mine]
    assert list(sessions) == []


def test_inactive_officer_sees_nothing(officer_kebon_kosong):
    officer_kebon_kosong.user.is_active = False
    officer_kebon_kosong.user.save()
    assert officer_profile(officer_kebon_kosong.user) is None
    assert not visible_kelurahan(officer_kebon_kosong.user).exists()


def test_staff_account_is_never_an_officer(kebon_kosong, staff_user):
    factories.KelurahanOfficer.objects.create(user=staff_user, kelurahan=kebon_kosong)
    assert officer_profile(staff_user) is None


def test_staff_without_office_sees_nothing(kebon_kosong):
    loose_staff = factories.user(is_staff=True)
    assert staff_office(loose_staff) is None
    assert not visible_kelurahan(loose_staff).exists()
