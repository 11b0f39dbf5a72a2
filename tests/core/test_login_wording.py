"""Both login pages say what went wrong in natural Indonesian.

Django's own Indonesian catalogue turns "Please enter a correct %(username)s and password"
into "Masukkan nama pengguna nama pengguna dan sandi yang benar"; our forms have their own text.
"""

import html

import pytest
from django.conf import settings

from tests.support import factories

PAGES = {
    "officer": ("/petugas/masuk/", "Nama pengguna atau kata sandi salah. Perhatikan huruf besar"),
    "admin": (
        "/" + settings.ADMIN_URL + "login/",
        "Nama pengguna atau kata sandi salah, atau akun ini bukan akun staf.",
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_login_wrong_password_reads_naturally_in_indonesian(client, db, page):
    factories.staff(username="staf.jakpus")
    url, expected = PAGES[page]

    response = client.post(url, {"username": "staf.jakpus", "password": "salah-sekali-123"})

    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert expected in text
    assert "nama pengguna nama pengguna" not in text.lower()
    assert "Masukkan nama pengguna" not in text


def test_login_wrong_password_in_english_too(client, db):
    response = client.post("/en/petugas/masuk/", {"username": "x.y", "password": "nope-nope-123"})

    assert "The username or the password is not right." in html.unescape(response.content.decode())
