"""The tip line as residents use it: send a tip, read the code once, follow it, stay safe."""

import io
import pickle
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kelurahan import ratelimit, services
from kelurahan.models import AwarenessReport, ReportUpdate
from tests.support import factories
from tests.support.publicpages import stamp_from, text

TIP_URL = "/lapor/"
STATUS_URL = "/lapor/status/"
EXIT_URL = "https://www.bmkg.go.id/"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
GROUPED_CODE = re.compile(r'<p class="receipt-code">(\d{4} \d{4} \d{4} \d{4})</p>')


pytestmark = pytest.mark.usefixtures("tip_line")


def send_tip(client, *, address="192.0.2.10", stamp=None, **fields):
    """GET the form as a browser would, then POST it with the stamp it carried."""
    if stamp is None:
        stamp = stamp_from(client.get(TIP_URL, REMOTE_ADDR=address))
    data = {"observed": "Ada perekrutan kerja ke luar negeri tanpa izin.", "stamp": stamp}
    data.update(fields)
    return client.post(TIP_URL, data, REMOTE_ADDR=address)


def code_from(response) -> str:
    return GROUPED_CODE.search(text(response)).group(1)


def jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "MARKERCAM"
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 50.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "darkred").save(buffer, format="JPEG", exif=exif)
    assert b"MARKERCAM" in buffer.getvalue()
    return SimpleUploadedFile("IMG_20240614_rumah_pak_budi.jpg", buffer.getvalue(), "image/jpeg")


def test_tip_whole_journey_send_follow_and_add(client, kebon_kosong, staff_user):
    form_page = client.get(TIP_URL)
    assert form_page.status_code == 200
    assert f'action="{TIP_URL}"' in text(form_page) and 'method="post"' in text(form_page)

    sent = send_tip(
        client,
        stamp=stamp_from(form_page),
        kelurahan="kebon-kosong",
        category="tppo",
        urgency="2",
        location="Dekat pasar",
    )
    assert sent.status_code == 200  # rendered, not redirected: nothing carries the code
    code = code_from(sent)
    tip = AwarenessReport.objects.get()
    assert tip.filed_by is None and tip.source == AwarenessReport.Source.TIP_LINE
    assert tip.kelurahan == kebon_kosong and tip.urgency == AwarenessReport.Urgency.URGENT
    assert code.replace(" ", "") not in str(tip.__dict__)
    assert STATUS_URL in text(sent) and "/privasi/" in text(sent)

    lookup = client.get(STATUS_URL)
    assert lookup.status_code == 200 and 'name="code"' in text(lookup)
    status = client.post(STATUS_URL, {"code": code})
    assert status.status_code == 200
    assert str(AwarenessReport.Status.SUBMITTED.label) in text(status)

    services.report_start_review(
        report=tip,
        by=staff_user,
        note_for_reporter="Terima kasih, kami sedang memeriksa.",
        internal_note="RAHASIA-INTERNAL",
    )
    status = client.post(STATUS_URL, {"code": code})
    page = text(status)
    assert "Terima kasih, kami sedang memeriksa." in page
    assert str(AwarenessReport.Status.UNDER_REVIEW.label) in page
    assert "Kantor Imigrasi" in page
    assert "RAHASIA-INTERNAL" not in page
    assert staff_user.username not in page

    added = client.post(STATUS_URL, {"code": code, "message": "Mobilnya berwarna hitam."})
    assert added.status_code == 200
    assert "Mobilnya berwarna hitam." in text(added)
    addition = ReportUpdate.objects.exclude(reporter_message="").get()
    assert addition.reporter_message == "Mobilnya berwarna hitam."
    assert addition.author is None and addition.report == tip
    assert "RAHASIA-INTERNAL" not in text(added)


def test_tip_post_sets_no_session_or_messages_cookie(client, db):
    response = send_tip(client)
    assert response.status_code == 200
    assert not response.cookies  # not even a CSRF cookie: the tip views are CSRF-exempt
    assert not response.wsgi_request.session.accessed
    assert not response.wsgi_request._messages.used


def test_tip_status_wrong_codes_get_one_identical_answer(client, kebon_kosong):
    code = code_from(send_tip(client)).replace(" ", "")
    other_secret = "0000000000" if code[6:] != "0000000000" else "1111111111"
    other_lookup = f"{(int(code[:6]) + 1) % 1_000_000:06d}"
    wrong_codes = [
        code[:6] + other_secret,
        other_lookup + code[6:],
        "1234",
        "abcd efgh ijkl mnop",
        "",
    ]
    bodies = set()
    for wrong in wrong_codes:
        response = client.post(STATUS_URL, {"code": wrong})
        assert response.status_code == 200
        bodies.add(CSRF_INPUT.sub(b"", response.content))
    assert len(bodies) == 1
    assert b'name="message"' not in bodies.pop()


def test_tip_honeypot_writes_nothing_and_keeps_the_text(client, db):
    response = send_tip(client, observed="Agen menjanjikan kerja di kapal.", website="http://x")
    assert response.status_code == 200
    assert not AwarenessReport.objects.exists()
    assert response.context["form"].errors.as_data()["__all__"][0].code == "check_again"
    assert "Agen menjanjikan kerja di kapal." in text(response)
    assert 'name="website" id="id_website" value=""' in text(response)


def test_tip_sent_too_fast_or_without_stamp_writes_nothing(client, db, settings):
    settings.TIP_MIN_FILL_SECONDS = 60
    for stamp, code in ((None, "too_fast"), ("", "check_again"), ("forged:x:y", "check_again")):
        response = send_tip(client, stamp=stamp, observed="Penampungan calon PMI di gang 3.")
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["__all__"][0].code == code
        assert "Penampungan calon PMI di gang 3." in text(response)
    assert not AwarenessReport.objects.exists()


def test_tip_form_error_keeps_text_and_says_the_photo_was_dropped(client, db):
    response = send_tip(client, observed="  ", contact="0812-0000-1111", photo=jpeg_with_gps())
    assert response.status_code == 200
    assert "observed" in response.context["form"].errors
    assert "0812-0000-1111" in text(response)
    assert response.context["photo_dropped"] is True
    assert not AwarenessReport.objects.exists()


def test_tip_rate_limit_per_hashed_address(client, db, settings):
    settings.TIP_RATE_LIMIT_PER_HOUR = 2
    assert send_tip(client, address="192.0.2.10").status_code == 200
    assert send_tip(client, address="192.0.2.10").status_code == 200
    refused = send_tip(client, address="192.0.2.10")
    assert refused.status_code == 429
    assert "tel:110" in text(refused)  # the hotlines, in plain language
    assert AwarenessReport.objects.count() == 2
    assert send_tip(client, address="192.0.2.11").status_code == 200
    assert AwarenessReport.objects.count() == 3

    stored = cache._cache  # LocMemCache: {key: pickled value}
    assert stored
    for key, value in stored.items():
        assert "192.0.2.1" not in key
        assert "192.0.2.1" not in repr(pickle.loads(value))  # noqa: S301 (our own cache)


def test_tip_status_lookups_are_rate_limited(client, db, settings):
    settings.TIP_STATUS_RATE_LIMIT_PER_HOUR = 3
    for _ in range(3):
        assert client.post(STATUS_URL, {"code": "1234"}).status_code == 200
    refused = client.post(STATUS_URL, {"code": "1234"})
    assert refused.status_code == 429
    assert refused["Cache-Control"] == "no-store"


def test_tip_reloaded_confirmation_does_not_send_twice(client, db):
    stamp = stamp_from(client.get(TIP_URL))
    assert send_tip(client, stamp=stamp).status_code == 200
    again = send_tip(client, stamp=stamp)
    assert again.status_code == 200
    assert "public/tips/already_sent.html" in [t.name for t in again.templates]
    assert not GROUPED_CODE.search(text(again))
    assert AwarenessReport.objects.count() == 1


def test_tip_photo_is_stored_without_exif_or_gps(client, db):
    response = send_tip(client, photo=jpeg_with_gps())
    assert response.status_code == 200
    tip = AwarenessReport.objects.get()
    assert "pak_budi" not in tip.photo.name
    with tip.photo.open("rb") as stored:
        data = stored.read()
    assert b"MARKERCAM" not in data and b"Exif" not in data
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert image.size == (64, 48)


def test_tip_photo_that_is_not_an_image_is_refused(client, db):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
    response = send_tip(client, photo=fake, observed="Ada yang mencurigakan.")
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert "Ada yang mencurigakan." in text(response)
    assert not AwarenessReport.objects.exists()


def test_tip_photo_too_large_is_refused(client, db, settings):
    settings.TIP_PHOTO_MAX_BYTES = 100
    response = send_tip(client, photo=jpeg_with_gps())
    assert response.context["form"].errors["photo"]
    assert not AwarenessReport.objects.exists()


def test_tip_pages_send_no_store_and_no_referrer_to_other_sites(client, kebon_kosong):
    sent = send_tip(client)
    code = code_from(sent)
    responses = [
        client.get(TIP_URL),
        client.post(TIP_URL, {"observed": ""}),
        sent,
        client.get(STATUS_URL),
        client.post(STATUS_URL, {"code": "1"}),
        client.post(STATUS_URL, {"code": code}),
        client.get("/en/lapor/"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"


def test_tip_pages_have_an_exit_link_that_works_without_javascript(client, db):
    for url in (TIP_URL, STATUS_URL, "/privasi/"):
        page = text(client.get(url))
        exit_link = re.search(r"<a [^>]*data-exit-page[^>]*>", page).group(0)
        assert f'href="{EXIT_URL}"' in exit_link and 'rel="noreferrer"' in exit_link
        assert 'target="' not in exit_link
        assert re.search(r'<script src="[^"]*js/exit-page\.js" defer>', page)
        assert page.index("data-exit-page") < page.index('id="main"')


def test_tip_form_lists_kelurahan_by_kecamatan_and_preselects(client, kebon_kosong, gambir):
    page = text(client.get(TIP_URL, {"kelurahan": "kebon-kosong"}))
    assert '<optgroup label="Kecamatan Kemayoran">' in page
    assert '<option value="kebon-kosong" selected>' in page
    assert '<option value="gambir">' in page
    assert '<option value="" selected>' in text(client.get(TIP_URL))


def test_tip_without_kelurahan_goes_to_the_main_office(client, db):
    assert send_tip(client, kelurahan="").status_code == 200
    tip = AwarenessReport.objects.get()
    assert tip.kelurahan is None and tip.office == factories.main_office()


def test_tip_status_of_closed_report_offers_no_addition(client, kebon_kosong, staff_user):
    code = code_from(send_tip(client))
    tip = AwarenessReport.objects.get()
    services.report_start_review(report=tip, by=staff_user)
    services.report_close(report=tip, by=staff_user, note_for_reporter="Sudah ditangani.")
    page = text(client.post(STATUS_URL, {"code": code}))
    assert "Sudah ditangani." in page
    assert 'name="message"' not in page
    refused = client.post(STATUS_URL, {"code": code, "message": "Lagi."})
    assert refused.status_code == 200
    assert "Lagi." not in list(ReportUpdate.objects.values_list("reporter_message", flat=True))


def test_privacy_page_in_both_languages(client, db):
    indonesian = client.get("/privasi/")
    assert indonesian.status_code == 200 and '<html lang="id">' in text(indonesian)
    english = client.get("/en/privasi/")
    assert english.status_code == 200 and '<html lang="en">' in text(english)
    assert "What we never keep" in text(english)
    assert "UU No. 27 Tahun 2022" in text(english)
    assert "/privasi/" in text(client.get(TIP_URL))


def test_home_and_kelurahan_page_link_to_the_tip_form(client, kebon_kosong):
    assert f'href="{TIP_URL}"' in text(client.get("/"))
    kelurahan_page = text(client.get("/kelurahan/kebon-kosong/"))
    assert f'href="{TIP_URL}?kelurahan=kebon-kosong"' in kelurahan_page
    assert 'href="/privasi/"' in kelurahan_page  # footer


def test_stamp_is_refused_when_forged_or_too_young(settings):
    settings.TIP_MIN_FILL_SECONDS = 3600
    assert not ratelimit.stamp_is_old_enough(ratelimit.new_stamp())
    assert not ratelimit.stamp_is_old_enough("x:y:z")
    settings.TIP_MIN_FILL_SECONDS = 0
    assert ratelimit.stamp_is_old_enough(ratelimit.new_stamp())
