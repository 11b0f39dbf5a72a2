"""Production settings refuse to start on development defaults."""

from tests.support.checks import manage_check


def test_production_refuses_to_start_without_a_secret_key():
    result = manage_check(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="binaan.example.go.id")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage_check(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_real_values():
    result = manage_check(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 50,
        DJANGO_ALLOWED_HOSTS="binaan.example.go.id",
        DJANGO_FIELD_ENCRYPTION_KEYS="3LzZ6VvXw0m0hJQm3i0l0x6QnXcQ5Zc5R6g5mYv2m7Y=",
    )
    assert result.returncode == 0, result.stderr
