"""Fixtures of the fuzz tests, and the figures they print at the end of the run."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from kelurahan.models import Kelurahan, KelurahanOfficer, LiaisonOfficer, Partner, Topic
from tests.fuzz.harness import INPUTS, SERVER_ERRORS
from tests.fuzz.strategies import FORM_EXAMPLES
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


def pytest_terminal_summary(terminalreporter):
    """fuzz: N forms x M inputs, 0 server errors."""
    if not INPUTS:
        return
    forms = sorted({form for form, _level in INPUTS})
    per_form = {form: sum(n for (f, _l), n in INPUTS.items() if f == form) for form in forms}
    # The views call the form too, so both count as inputs through the form; CSRF refusals not.
    through_form = {form: INPUTS[(form, "direct")] + INPUTS[(form, "view")] for form in forms}
    fuzzed = [form for form in forms if through_form[form]] or forms
    views = sum(n for (_f, level), n in INPUTS.items() if level == "view")
    csrf = sum(n for (_f, level), n in INPUTS.items() if level == "csrf")
    queries = sum(n for (_f, level), n in INPUTS.items() if level == "query")
    errors = sum(SERVER_ERRORS.values())
    write = terminalreporter.write_line
    terminalreporter.section("fuzz")
    write(
        f"fuzz: {len(fuzzed)} forms x {min(through_form[f] for f in fuzzed):,}+ inputs "
        "through the form "
        f"(target {FORM_EXAMPLES:,}); {sum(per_form.values()):,} inputs in all, "
        f"{views:,} of them through the views, {csrf:,} with a bad CSRF token, "
        f"{queries:,} public pages with any query string; "
        f"{errors} server errors"
    )
    for form in forms:
        levels = ", ".join(
            f"{INPUTS[(form, level)]:,} {level}"
            for level in ("direct", "view", "csrf", "query")
            if INPUTS[(form, level)]
        )
        flag = f"  SERVER ERRORS: {SERVER_ERRORS[form]}" if SERVER_ERRORS[form] else ""
        write(f"  {form}: {levels}{flag}")
