"""How much memory a photo will take to decode and shrink, judged from its header alone.

kelurahan/files/images.py decodes in fixed steps, and peak() counts the bytes each step holds at
once:

1. decode: the pixels (a JPEG already reduced by libjpeg: draft scale 1/2, 1/4 or 1/8), plus
   what the decoder keeps meanwhile (a progressive JPEG's coefficients, libwebp's canvases);
2. convert, where Pillow cannot resize the decoded mode (palette, bilevel, alpha): old and new;
3. reduce by a whole factor when the photo is more than twice too large: old and new;
4. resize height, then width, one axis at a time (Pillow's own two-pass resize would hold the
   source, its intermediate and the result at once);
5. the clean RGB copy beside the last image.

Pillow allocates pixels with C malloc, so tracemalloc does not see them: the test measures the
process's peak memory instead (tests/core/test_upload_limits.py).
"""

import math
import re
import struct

from PIL import Image
from PIL.JpegImagePlugin import JpegImageFile

MAX_PIXELS = 50_000_000  # a 50 MP phone camera (8160 × 6120); Pillow's own bomb limit is 179 MP
DECODE_BUDGET = 48 * 1024 * 1024  # bytes of pixels held at once (the whole upload stays < 64 MB)
LONGEST_SIDE = 2000  # of the stored photo
REDUCING_GAP = 2  # as Pillow's thumbnail(): a whole-factor reduce first, then LANCZOS
BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}  # others: 4
REDUCIBLE_MODES = ("RGB", "L", "CMYK")  # Pillow resizes these without converting them first
WEBP_KEPT_PER_PIXEL = 12  # libwebp's canvas and previous frame, and the frame handed to Pillow
ENTROPY_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")  # the first marker after a scan's data


def working_mode(mode: str) -> str:
    """The mode the photo is shrunk in: its own if Pillow can resize it, else L or RGB."""
    return mode if mode in REDUCIBLE_MODES else "L" if mode == "1" else "RGB"


def fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The stored size: at most LONGEST_SIDE on the longest side, same proportions."""
    width, height = size
    if max(width, height) <= LONGEST_SIDE:
        return size
    ratio = LONGEST_SIDE / max(width, height)
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def reduction(size: tuple[int, int]) -> int:
    """The whole factor Image.reduce() divides by before the final resize (1: none)."""
    return max(1, int(max(size) / LONGEST_SIDE / REDUCING_GAP))


def peak(size: tuple[int, int], mode: str, *, kept: int = 0, convert: bool = False) -> int:
    """Most bytes of pixels held at once while decoding a picture of this size and mode."""
    width, height = size
    decoded = BYTES_PER_PIXEL.get(mode, 4)
    bpp = BYTES_PER_PIXEL.get(working_mode(mode), 4)
    converting = convert or mode not in REDUCIBLE_MODES
    stages = [width * height * (decoded + (bpp if converting else 0)) + kept]
    factor = reduction(size)
    if factor > 1:
        smaller = (math.ceil(width / factor), math.ceil(height / factor))
        stages.append((width * height + smaller[0] * smaller[1]) * bpp)
        width, height = smaller
    new_width, new_height = fitted((width, height))
    stages.append((width * height + width * new_height) * bpp)  # height first
    stages.append((width * new_height + new_width * new_height) * bpp)  # then width
    stages.append(new_width * new_height * 8)  # the clean RGB copy
    return max(stages)


def draft_scales(size: tuple[int, int]):
    """JPEG reductions worth trying, least first: none beyond what LONGEST_SIDE needs."""
    least = next((s for s in (8, 4, 2) if max(size) // s >= LONGEST_SIDE), 1)
    return [scale for scale in (1, 2, 4, 8) if scale >= least]


def _several_scans(data: bytes) -> bool:
    """Progressive (or multi-scan) JPEGs make libjpeg keep every coefficient at full size."""
    start = data.find(b"\xff\xda")
    if start < 0:
        return False
    length = int.from_bytes(data[start + 2 : start + 4], "big")
    end = ENTROPY_END.search(data, start + 2 + length)
    while end and data[end.start() + 1] == 0xFF:  # fill bytes before the marker
        end = ENTROPY_END.search(data, end.start() + 1)
    return end is not None and data[end.start() + 1] != 0xD9  # anything but End Of Image


def jpeg_coefficients(image: Image.Image, data: bytes) -> int:
    """Bytes of DCT coefficients libjpeg keeps for a multi-scan JPEG; 0 for a baseline one."""
    if not (image.info.get("progressive") or _several_scans(data)):
        return 0
    assert isinstance(image, JpegImageFile)  # JPEG and MPO photos only (images.JPEG_FORMATS)
    h_max = max(h for _id, h, _v, _q in image.layer)
    v_max = max(v for _id, _h, v, _q in image.layer)
    samples = sum(h * v for _id, h, v, _q in image.layer) / (h_max * v_max)
    width, height = image.size
    return int((width + 15) * (height + 15) * samples * 2)  # 16 bits each, whole blocks


def jpeg_scale(image: Image.Image, data: bytes) -> int | None:
    """The least draft reduction whose decoding fits DECODE_BUDGET; None if none does."""
    kept = jpeg_coefficients(image, data)
    for scale in draft_scales(image.size):
        size = (math.ceil(image.width / scale), math.ceil(image.height / scale))
        if peak(size, image.mode, kept=kept) <= DECODE_BUDGET:
            return scale
    return None


def webp_header(head: bytes) -> tuple[tuple[int, int], bool] | None:
    """(size, animated) of a WebP file from its first 30 bytes; None if it is no WebP."""
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":  # extended: 24-bit canvas size minus one; flag 2 = animation
        width, height = (int.from_bytes(head[i : i + 3], "little") + 1 for i in (24, 27))
        return (width, height), bool(head[20] & 0x02)
    if chunk == b"VP8L":  # lossless: 14-bit width and height minus one
        bits = int.from_bytes(head[21:25], "little")
        return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1), False
    if chunk == b"VP8 ":  # lossy: 14-bit width and height after the start code
        width, height = struct.unpack("<HH", head[26:30])
        return (width & 0x3FFF, height & 0x3FFF), False
    return None


def webp_peak(size: tuple[int, int]) -> int:
    """libwebp allocates its canvases when Pillow opens the file, so judge before opening."""
    return peak(size, "RGBA", kept=size[0] * size[1] * WEBP_KEPT_PER_PIXEL, convert=True)
