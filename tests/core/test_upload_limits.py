"""Decompression bombs and oversized requests cost next to nothing.

Each bomb is what a penetration test sent to the tip form: a 53 KB two-frame 6000×6000 GIF, a
12 KB 1-bit 6300×6300 PNG, JPEGs whose header claims a huge size. Each upload runs in a fresh
process that reports its peak memory above a warmed-up baseline (tests/support/photoprobe.py;
Pillow's pixels are C allocations that tracemalloc cannot see). Real phone photos must still pass.
"""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from binaan.limits import RequestSizeLimitMiddleware
from binaan.ops.localserver import running_gunicorn
from kelurahan.files import imagebudget
from kelurahan.files.images import check_photo
from kelurahan.models import AwarenessReport
from tests.support import photofiles

LIMIT_MB = 64
BASE_DIR = Path(django_settings.BASE_DIR)


def rgba_screenshot(size=(2048, 2732)) -> bytes:
    """A tablet screenshot: PNG with an alpha channel, the costliest common kind to decode."""
    noise = Image.effect_noise((size[0] // 8, size[1] // 8), 50).resize(size)
    buffer = io.BytesIO()
    Image.merge("RGBA", (noise, noise, noise, noise)).save(buffer, "PNG")
    return buffer.getvalue()


def fifty_megapixel_photo() -> bytes:
    """What a 50 MP phone camera writes (8160 × 6120), smooth enough to stay under 5 MB."""
    size = (8160, 6120)
    noise = Image.effect_noise((size[0] // 16, size[1] // 16), 40).resize(size, Image.BILINEAR)
    buffer = io.BytesIO()
    Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), noise)).save(
        buffer, "JPEG", quality=80
    )
    return buffer.getvalue()


PAYLOADS = {
    # name: (bytes, accepted?)
    "two-frame 6000x6000 GIF": (photofiles.two_frame_gif, False),
    "1-bit 6300x6300 PNG": (photofiles.one_bit_png, False),
    "JPEG claiming 60000x60000": (lambda: photofiles.jpeg_claiming(60000, 60000), False),
    "JPEG claiming 9000x9000": (lambda: photofiles.jpeg_claiming(9000, 9000), False),
    "progressive JPEG claiming 7000x7000": (
        lambda: photofiles.jpeg_claiming(7000, 7000, progressive=True),
        False,
    ),
    "animated WebP": (photofiles.animated_webp, False),
    "12 MP phone photo": (photofiles.phone_photo, True),
    "12 MP progressive phone photo": (lambda: photofiles.phone_photo(progressive=True), True),
    "50 MP phone photo": (fifty_megapixel_photo, True),
    "phone photo with an HDR gain map (MPO)": (photofiles.mpo_phone_photo, True),
    "tablet screenshot, PNG with alpha": (rgba_screenshot, True),
}


def probe(tmp_path, data: bytes) -> dict:
    """Upload `data` through every photo check in a fresh process; its outcome and peak memory."""
    path = tmp_path / "upload"
    path.write_bytes(data)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "binaan.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.support.photoprobe", str(path)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", PAYLOADS)
def test_upload_memory_stays_under_64_mb_accepted_or_refused(tmp_path, name):
    make, accepted = PAYLOADS[name]
    data = make()
    assert len(data) <= django_settings.PHOTO_MAX_BYTES
    result = probe(tmp_path, data)
    assert (result["outcome"] == "accepted") == accepted, result
    assert result["above_baseline_mb"] < LIMIT_MB, result


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if Pillow decodes a single pixel."""

    def refuse(self):
        raise AssertionError(f"{self.format} {self.size} was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (photofiles.two_frame_gif, "bad_type"),  # more than one frame
        (lambda: photofiles.two_frame_gif((600, 600)), "bad_type"),  # small, still animated
        (photofiles.animated_webp, "bad_type"),
        (photofiles.one_bit_png, "too_large"),  # 40 MP: within the pixel bound, not the memory
        (lambda: photofiles.jpeg_claiming(60000, 60000), "too_large"),
        (lambda: photofiles.jpeg_claiming(8200, 6200), "too_large"),  # 50.8 MP
        (lambda: photofiles.jpeg_claiming(7000, 7000, progressive=True), "too_large"),
    ],
)
def test_bombs_are_refused_from_the_header_before_any_pixel_is_decoded(no_decoding, make, code):
    with pytest.raises(ValidationError) as refused:
        check_photo(SimpleUploadedFile("foto.jpg", make()))
    assert refused.value.code == code


def test_pixel_bound_is_what_a_phone_camera_makes():
    assert imagebudget.MAX_PIXELS >= 8160 * 6120  # 50 MP sensors (Samsung, Xiaomi)
    assert imagebudget.MAX_PIXELS < 6000 * 6000 * 2  # the GIF's two frames


def test_jpeg_is_decoded_reduced_and_within_the_budget():
    image = Image.open(io.BytesIO(photofiles.jpeg_claiming(8000, 6000)))
    scale = imagebudget.jpeg_scale(image, b"")
    assert scale == 4  # 2000 × 1500: decoded at the stored size, never at 48 MP
    assert imagebudget.peak((2000, 1500), "RGB") <= imagebudget.DECODE_BUDGET


def test_tip_form_refuses_a_bomb_and_keeps_the_text(client, kebon_kosong, settings):
    settings.TIP_MIN_FILL_SECONDS = 0
    stamp = re.search(r'name="stamp" value="([^"]+)"', client.get("/lapor/").content.decode())
    bomb = SimpleUploadedFile("foto.gif", photofiles.two_frame_gif(), "image/gif")
    observed = "Ada penampungan calon PMI di gang sebelah."
    response = client.post(
        "/lapor/",
        {"observed": observed, "kelurahan": "kebon-kosong", "stamp": stamp.group(1), "photo": bomb},
    )
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert observed in response.content.decode()
    assert not AwarenessReport.objects.exists()


class ExplodingBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def test_request_over_the_limit_is_refused_before_its_body_is_read(client, db):
    too_big = django_settings.REQUEST_MAX_BYTES + 1
    response = client.post(
        "/lapor/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(too_big),
        **{"wsgi.input": ExplodingBody()},
    )
    assert response.status_code == 413
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies
    page = response.content.decode()
    assert "Berkas terlalu besar" in page and "The files are too large" in page
    assert "16 MB" in page
    assert not AwarenessReport.objects.exists()


def test_request_at_the_limit_reaches_the_view(rf):
    reached = []
    middleware = RequestSizeLimitMiddleware(lambda request: reached.append(request) or "view")
    request = rf.post("/lapor/", CONTENT_LENGTH=str(django_settings.REQUEST_MAX_BYTES))
    assert middleware(request) == "view" and reached


def test_request_limit_comes_from_the_upload_limits(settings):
    biggest_form = settings.PHOTOS_PER_FORM * settings.PHOTO_MAX_BYTES
    derived = max(biggest_form, settings.PDF_MAX_BYTES) + settings.UPLOAD_FORM_OVERHEAD
    assert derived == settings.REQUEST_MAX_BYTES
    assert settings.REQUEST_MAX_BYTES == 16 * 1024 * 1024
    assert settings.TIP_PHOTO_MAX_BYTES == settings.PHOTO_MAX_BYTES


def test_every_proxy_in_the_deployment_guide_sets_the_same_limit(settings):
    guide = (BASE_DIR / "docs" / "deployment.md").read_text()
    megabytes = settings.REQUEST_MAX_BYTES // (1024 * 1024)
    nginx = re.findall(r"client_max_body_size\s+(\S+);", guide)
    haproxy = re.findall(r"req\.hdr_val\(content-length\) gt (\d+)", guide)
    assert nginx and set(nginx) == {f"{megabytes}m"}
    assert haproxy and {int(value) for value in haproxy} == {settings.REQUEST_MAX_BYTES}


def _raw_post(port: int, length: int) -> tuple[str, float]:
    """Announce `length` bytes, send only the first 64 KB, and read what the server answers."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            b"POST /lapor/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
            + b"x" * 65536
        )
        answer = connection.recv(65536).decode("latin-1")
    return answer, time.monotonic() - started


def test_live_server_answers_413_without_waiting_for_the_body(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "binaan.settings"}
    env.pop("DATABASE_URL", None)  # nothing here touches a database
    with running_gunicorn(workers=1, env=env, ready_path="/static/css/error.css") as server:
        answer, seconds = _raw_post(server.port, 60 * 1024 * 1024)
    status_line, _rest = answer.split("\r\n", 1)
    assert status_line == "HTTP/1.1 413 Request Entity Too Large"
    assert "Cache-Control: no-store" in answer
    assert "Set-Cookie" not in answer
    assert seconds < 5  # 59.9 MB were never sent, and the server did not wait for them
