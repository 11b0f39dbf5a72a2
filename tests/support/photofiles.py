"""Photo files for upload tests: one that carries every kind of metadata, and decompression bombs.

Each bomb is small on the wire and huge once decoded, as a penetration test sent them to the
tip line: a two-frame 6000×6000 GIF, a 1-bit 6300×6300 PNG, JPEGs whose header
claims a huge size. The phone photos are what a real camera makes and must still be accepted.
"""

import io
import struct

from PIL import Image, ImageCms

# Strings that must never reach a stored file: each one sits in a different metadata block.
MARKERS = {
    "camera make (EXIF)": b"MARKERCAM",
    "body serial number (EXIF)": b"MARKERSERIAL",
    "artist (EXIF)": b"MARKERARTIST",
    "XMP creator": b"MARKERXMP",
    "JPEG comment": b"MARKERCOMMENT",
    "EXIF block": b"Exif\x00\x00",
    "XMP block": b"http://ns.adobe.com/xap/1.0/",
    "ICC profile block": b"ICC_PROFILE",
    "ICC profile signature": b"acsp",
}
GPS_IFD = 0x8825
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator>MARKERXMP</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "MARKERCAM"  # Make
    exif[0x013B] = "MARKERARTIST"  # Artist
    exif[0x0112] = 1  # Orientation: upright
    exif.get_ifd(0x8769)[0xA431] = "MARKERSERIAL"  # BodySerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 50.0, 0.0)})  # Jakarta
    return exif


def jpeg_with_everything(size=(640, 480)) -> bytes:
    """A JPEG carrying GPS, EXIF (camera, serial, artist), XMP, an ICC profile and a comment."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(
        buffer, "JPEG", exif=_exif(), icc_profile=icc, comment=b"MARKERCOMMENT", xmp=XMP
    )
    data = buffer.getvalue()
    assert all(marker in data for marker in MARKERS.values())
    return data


def metadata_left_in(data: bytes) -> list[str]:
    """What of the metadata above a stored file still carries, read with Pillow and as bytes."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    left = [name for name, marker in MARKERS.items() if marker in data]
    left += [f"EXIF tag {tag:#x}" for tag in exif if tag != 0x0112]  # orientation is harmless
    left += ["GPS IFD"] if exif.get_ifd(GPS_IFD) else []
    left += [key for key in ("exif", "xmp", "icc_profile", "comment") if image.info.get(key)]
    return left


def phone_photo(size=(4032, 3024), *, progressive=False) -> bytes:
    """A camera-sized JPEG with texture, so it compresses as a real photo would (a few MB)."""
    noise = Image.effect_noise((size[0] // 4, size[1] // 4), 60).resize(size)
    image = Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), noise))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=_exif(), progressive=progressive)
    return buffer.getvalue()


def two_frame_gif(size=(6000, 6000)) -> bytes:
    """About 50 KB: two flat frames, the second a different colour so it is kept."""
    frames = [Image.new("P", size, 0), Image.new("P", size, 1)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 255, 255])
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], optimize=False)
    return buffer.getvalue()


def one_bit_png(size=(6300, 6300)) -> bytes:
    """About 5 KB: one flat bilevel image, 40 megapixels."""
    buffer = io.BytesIO()
    Image.new("1", size, 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def jpeg_claiming(width: int, height: int, *, progressive=False) -> bytes:
    """A tiny JPEG whose frame header claims width × height (its scan data is far too short)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "gray").save(buffer, "JPEG", progressive=progressive)
    data = bytearray(buffer.getvalue())
    sof = data.find(b"\xff\xc2" if progressive else b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def animated_webp(size=(64, 64)) -> bytes:
    frames = [Image.new("RGB", size, "red"), Image.new("RGB", size, "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def mpo_phone_photo(size=(1600, 1200)) -> bytes:
    """A JPEG with a second picture attached (Multi-Picture Format), as HDR phones write."""
    first = Image.new("RGB", size, "navy")
    second = Image.new("RGB", (size[0] // 4, size[1] // 4), "gray")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=_exif())
    return buffer.getvalue()
