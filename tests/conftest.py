import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from kelurahan.public import cache as public_cache
from tests.support import factories

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE. "dev", the default, keeps `make test` short:
# each fuzzed form gets a few dozen inputs. "ci" (exported by .ci/run) is the full coverage: 1,000
# inputs per form (tests/fuzz/strategies.py takes its counts from the loaded profile). Neither has
# a deadline: a shared or busy machine must not make an example fail for being slow.
hypothesis_settings.register_profile("ci", max_examples=1000, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The fuzz tests' figures at the end of the run, added up over pytest-xdist's workers too.
pytest_plugins = ["tests.fuzz.report"]

NOT_ON_THIS_DATABASE = []
FROM_WORKERS = []  # under pytest-xdist: how many PostgreSQL-only tests each worker left out


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are not collected on SQLite; the PostgreSQL run has them all."""
    if connection.vendor == "postgresql":
        return
    postgresql_only = [item for item in items if item.get_closest_marker("postgresql")]
    if postgresql_only:
        config.hook.pytest_deselected(items=postgresql_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
        NOT_ON_THIS_DATABASE.extend(postgresql_only)
    if hasattr(config, "workeroutput"):  # a pytest-xdist worker: the controller writes the summary
        config.workeroutput["postgresql_only"] = len(postgresql_only)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist's controller collects nothing itself: each worker tells it what it left out."""
    FROM_WORKERS.append(getattr(node, "workeroutput", {}).get("postgresql_only", 0))


def pytest_terminal_summary(terminalreporter):
    # Every worker collects the same tests, so any one of them has the count.
    left_out = len(NOT_ON_THIS_DATABASE) or max(FROM_WORKERS, default=0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} PostgreSQL-only tests (replica router, estimated "
            "counts, trigram indexes) are not run on SQLite: run with DATABASE_URL=postgres://… "
            "(CI does, in its second pass)."
        )


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads land in temporary folders; a fast hasher keeps account-heavy tests quick."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate limits and cached pages never carry over from another test
    # Each test reads the content version afresh: tests that empty the cache mid-way expect
    # the next request to render. tests/public/test_public_cache_process.py turns it back on.
    settings.PUBLIC_CACHE_VERSION_SECONDS = 0
    public_cache.process_memory.forget()


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """reverse() outside a request follows the last active language; start each test in id."""
    with translation.override("id"):
        yield


@pytest.fixture
def kebon_kosong(db):
    kemayoran = factories.kecamatan(kode="31.71.03", name="Kemayoran", slug="kemayoran")
    return factories.kelurahan(
        kecamatan=kemayoran,
        kode="31.71.03.1002",
        name="Kebon Kosong",
        slug="kebon-kosong",
        postal_code="10630",
    )


@pytest.fixture
def gambir(db):
    kecamatan = factories.kecamatan(kode="31.71.01", name="Gambir", slug="gambir")
    return factories.kelurahan(
        kecamatan=kecamatan, kode="31.71.01.1001", name="Gambir", slug="gambir", postal_code="10110"
    )


@pytest.fixture
def officer_kebon_kosong(kebon_kosong):
    return factories.kelurahan_officer(kebon_kosong, username="petugas.kebonkosong")


@pytest.fixture
def officer_gambir(gambir):
    return factories.kelurahan_officer(gambir, username="petugas.gambir")


@pytest.fixture
def staff_user(db):
    return factories.staff(username="staf.jakpus")


@pytest.fixture
def other_office_staff(db):
    return factories.staff(factories.office(), username="staf.lain")


@pytest.fixture
def superuser(db):
    return factories.superuser()


@pytest.fixture(scope="module")
def reference_data_back_afterwards(django_db_setup, django_db_blocker):
    """Transactional tests end with an emptied database; the tests after them need the data.

    Tests that ask for the database only while running are ordered after the transactional
    ones, and would find no office, topics or content types without this. A module of
    transactional tests uses it with pytest.mark.usefixtures.
    """
    yield
    if hasattr(connection, "_test_serialized_contents"):
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def no_second_factor(settings):
    """Two-factor login for staff is tested elsewhere; here staff are signed in directly."""
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture(scope="module")
def access_matrix_world(django_db_setup, django_db_blocker):
    """The access matrix's records and accounts, built once per module."""
    from tests.support import accessmatrix

    yield from accessmatrix.shared_world(django_db_blocker)
