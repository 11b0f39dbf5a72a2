"""Fixtures of the fuzz tests; the figures they print at the end of the run are in report.py."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from kelurahan.models import Kelurahan, KelurahanOfficer, LiaisonOfficer, Partner, Topic
from tests.support import factories


@dataclass
class World:
    """The data every example starts from; each example's own writes are rolled back."""

    officer: KelurahanOfficer
    kelurahan: Kelurahan
    other_kelurahan: Kelurahan
    other_user: object
    speaker: LiaisonOfficer
    foreign_speaker: LiaisonOfficer
    topic_ids: list
    partner_ids: list

    @property
    def user(self):
        return self.officer.user

    def tamper_ids(self) -> list[str]:
        """Ids an attacker might put in a field the form does not have."""
        return [str(self.other_kelurahan.pk), str(self.other_user.pk), "1", "0", "-1"]


@pytest.fixture
def world(officer_kebon_kosong, officer_gambir) -> World:
    return World(
        officer=officer_kebon_kosong,
        kelurahan=officer_kebon_kosong.kelurahan,
        other_kelurahan=officer_gambir.kelurahan,
        other_user=officer_gambir.user,
        speaker=factories.liaison_officer(),
        foreign_speaker=factories.liaison_officer(factories.office()),
        topic_ids=list(Topic.objects.values_list("pk", flat=True)),
        partner_ids=list(Partner.objects.values_list("pk", flat=True)),
    )


@pytest.fixture
def tip_settings(settings):
    """The tip line's rate limits and fill-time check would stop a fuzzer after 5 examples."""
    settings.TIP_RATE_LIMIT_PER_HOUR = 10**9
    settings.TIP_STATUS_RATE_LIMIT_PER_HOUR = 10**9
    settings.TIP_MIN_FILL_SECONDS = 0
    settings.QUESTION_RATE_LIMIT_PER_HOUR = 10**9
    cache.clear()
    return settings
