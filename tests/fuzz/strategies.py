"""Hypothesis strategies for hostile form input, and the settings every fuzz test runs with.

Text mixes Hypothesis' own unicode with fragments people and robots really send: HTML and
template markup, SQL, right-to-left and zero-width characters, emoji and combining marks,
control characters and NUL bytes, and strings of 10,000 to 50,000 characters. Numbers and
dates come as text too, because that is what a browser sends: letters, huge and negative
numbers, 0000-00-00, 99999-12-31. A form's data may miss fields, repeat a field, or carry
fields it does not have (a tampered kelurahan, status or author).
"""

import datetime
import functools
import os
import random
from urllib.parse import urlencode

from django.http import QueryDict
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The count per form follows the Hypothesis profile loaded by tests/conftest.py: a few dozen in
# "dev" (`make test`), 1,000 in "ci" (.ci/run). FUZZ_EXAMPLES sets it for one run.
# A form whose view is cheap gets all its inputs through the view (FUZZ). An officer form
# costs 25 ms or more per request, so DIRECT_EXAMPLES of its inputs go through the form and
# the service as the view calls them, and VIEW_EXAMPLES through the view: together 1,000.
FORM_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", settings.default.max_examples))
VIEW_EXAMPLES = max(1, FORM_EXAMPLES // 5)
DIRECT_EXAMPLES = FORM_EXAMPLES - VIEW_EXAMPLES
CSRF_EXAMPLES = max(1, FORM_EXAMPLES // 25)

FUZZ = settings(
    max_examples=FORM_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    database=None,
    print_blob=True,
)
FUZZ_DIRECT = settings(FUZZ, max_examples=DIRECT_EXAMPLES)
FUZZ_VIEWS = settings(FUZZ, max_examples=VIEW_EXAMPLES)
FUZZ_CSRF = settings(FUZZ, max_examples=CSRF_EXAMPLES)

MISSING = object()  # a field left out of the request

CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]))
HTML_FRAGMENTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><b>bold</b><textarea>",
    "<svg/onload=alert`1`>",
    "javascript:alert(1)",
    "&lt;&amp;&#0;&#x0;&nbsp;",
    "<!-- -->]]><![CDATA[",
    "{{ request.user }}{% debug %}",
    "{% csrf_token %}{{ settings.SECRET_KEY }}",
    "%(name)s %s %d {0} ${x}",
]
SQL_FRAGMENTS = [
    "' OR '1'='1",
    "'; DROP TABLE kelurahan_awarenessreport; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5) --",
    "%' UNION SELECT username, password FROM auth_user --",
    "\\",
    "%",
    "_",
    "%%__",
    "$1 ?",
]
UNICODE_FRAGMENTS = [
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202eevil\u202c",
    "\u200f\u200e\u061c",
    "👩‍👩‍👧‍👦🇮🇩🏳️‍🌈",
    "e\u0301\u0302\u0303\u0304\u0305",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\ufffd\ufffe\uffff",
    "İı ß ﬃ ǅ",
    "𝕳𝖊𝖑𝖑𝖔 日本語 한국어",
    "\u2028\u2029\x85",
    "\U0010fffd\U000e0001",
    "Kebon Kosong",
    "10630",
]
FRAGMENTS = HTML_FRAGMENTS + SQL_FRAGMENTS + UNICODE_FRAGMENTS
PLAUSIBLE = [
    "Sosialisasi pencegahan TPPO bagi warga RW 05",
    "Aula Kantor Kelurahan",
    "Jl. Kebon Kosong Raya No. 5, RT 003/RW 005",
    "Ada perekrut menawarkan kerja di luar negeri tanpa dokumen resmi.",
    "003/005",
    "0812-3456-7890",
    "warga@example.test",
]

# Numbers as a browser sends them: text.
WEIRD_NUMBERS = [
    "",
    " ",
    "-1",
    "-0",
    "+5",
    " 7 ",
    "007",
    "1e3",
    "1.5",
    "5.0",
    "1,5",
    "0x1F",
    "NaN",
    "inf",
    "-inf",
    "١٢٣",
    "１２",
    "²",
    "Ⅻ",
    "12abc",
    "abc",
    "1_000",
    "2147483647",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9" * 30,
    "9" * 5000,
]
WEIRD_DATES = [
    "0000-00-00",
    "99999-12-31",
    "9999-12-31",
    "0001-01-01",
    "1900-01-01",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "31/12/2024",
    "12/31/2024",
    "31-12-2024",
    "2024-1-1",
    "2024/01/01",
    "20240101",
    "-2024-01-01",
    "２０２４-０１-０１",
    "today",
    "now",
    "1e10",
    "",
    " ",
]
WEIRD_TIMES = [
    "T00:00",
    "T10:00",
    "T23:59",
    "T24:00",
    "T25:61",
    " 10:00",
    "T10:00:60",
    "T10:00:00",
    "T10:00:00.000001",
    "T10",
    "T-1:00",
    "T10:00+07:00",
    "T10:00Z",
    "",
]


# Hypothesis spends about a millisecond on every value it draws, so a form of twelve fields
# drawn character by character costs more than the form itself. Instead each field draws ONE
# value from a pool built once, from a fixed seed, out of the same ingredients: every run
# sees the same pools, Hypothesis still combines them freely and shrinks a failure towards
# the simple values at the start of each pool.
ALPHABETS = [
    "".join(map(chr, range(0x20, 0x7F))),  # printable ASCII
    CONTROL_CHARS,
    "".join(map(chr, range(0xA0, 0x250))),  # Latin-1 and Latin Extended
    "".join(map(chr, range(0x590, 0x700))),  # Hebrew and Arabic (right to left)
    "".join(map(chr, range(0x300, 0x370))),  # combining marks
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff\u00ad",
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u3000",
    "".join(map(chr, range(0x4E00, 0x4F00))),  # CJK
    "".join(map(chr, range(0x1F300, 0x1F650))),  # emoji
    "\ufffd\ufffe\uffff\U0010fffd\U000e0001\U0001d573",
    "<>&\"'`/\\;%_{}[]()$#=",
]
LONG = 10_000  # "very long": at least this many characters


def _any_char(rnd: random.Random) -> str:
    """Any code point a browser can send (UTF-8 has no surrogates)."""
    while True:
        point = rnd.randint(0, 0x10FFFF)
        if not 0xD800 <= point <= 0xDFFF:
            return chr(point)


def _noise(rnd: random.Random) -> str:
    """Up to 40 random characters from one or two alphabets, or from all of Unicode."""
    size = rnd.choice((1, 2, 3, 5, 8, 13, 40))
    if rnd.random() < 0.2:
        return "".join(_any_char(rnd) for _ in range(size))
    alphabet = rnd.choice(ALPHABETS) + rnd.choice(ALPHABETS)
    return "".join(rnd.choice(alphabet) for _ in range(size))


def _text_pool(rnd: random.Random) -> list[str]:
    simple = ["", " ", "x", "0", *PLAUSIBLE, *FRAGMENTS]
    noise = [_noise(rnd) for _ in range(1500)]
    parts = simple + noise
    mixed = ["".join(rnd.choice(parts) for _ in range(rnd.randint(2, 4))) for _ in range(1200)]
    for i in range(0, len(mixed), 8):  # NUL bytes, which PostgreSQL cannot store
        cut = rnd.randint(0, len(mixed[i]))
        mixed[i] = mixed[i][:cut] + "\x00" + mixed[i][cut:]
    long = []
    for _ in range(200):  # 10,000 to 30,000 characters
        chunk = rnd.choice(parts[1:]) or "x"
        long.append((chunk * (3 * LONG // len(chunk) + 1))[: rnd.randint(LONG, 3 * LONG)])
    return simple + noise + mixed + long


def _number_pool(rnd: random.Random, texts: list[str]) -> list[str]:
    small = [str(n) for n in range(0, 501)]
    sized = [str(rnd.randint(-(10**e), 10**e)) for e in range(1, 41) for _ in range(15)]
    return small + WEIRD_NUMBERS + sized + rnd.sample(texts, 300)


def _iso_date(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _date_pool(rnd: random.Random, texts: list[str]) -> list[str]:
    today = datetime.date.today()
    near = [_iso_date(today + datetime.timedelta(days=rnd.randint(-400, 400))) for _ in range(900)]
    anywhen = [_iso_date(datetime.date.fromordinal(rnd.randint(1, 3_652_059))) for _ in range(300)]
    return near + WEIRD_DATES + anywhen + rnd.sample(texts, 300)


def _datetime_pool(rnd: random.Random, dates: list[str], texts: list[str]) -> list[str]:
    def clock() -> str:
        return f"T{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}"

    plain = [f"{day}{clock()}" for day in dates[:900]]
    weird = [f"{rnd.choice(dates)}{rnd.choice(WEIRD_TIMES)}" for _ in range(900)]
    return plain + weird + rnd.sample(texts, 300)


_rnd = random.Random(20240614)  # noqa: S311 (test data, not secrets); Kebon Kosong, June 2024
TEXT_POOL = _text_pool(_rnd)
NUMBER_POOL = _number_pool(_rnd, TEXT_POOL)
DATE_POOL = _date_pool(_rnd, TEXT_POOL)
DATETIME_POOL = _datetime_pool(_rnd, DATE_POOL, TEXT_POOL)

any_text = st.sampled_from(TEXT_POOL)
short_text = st.sampled_from([t for t in TEXT_POOL if len(t) <= 100])
long_text = st.sampled_from([t for t in TEXT_POOL if len(t) >= LONG])
number_text = st.sampled_from(NUMBER_POOL)
date_text = st.sampled_from(DATE_POOL)
datetime_text = st.sampled_from(DATETIME_POOL)


@functools.cache
def clean_text(max_size: int) -> st.SearchStrategy[str]:
    """Text a form should accept: no NUL, not too long, maybe HTML, SQL or emoji in it."""
    accepted = [t for t in PLAUSIBLE + TEXT_POOL if "\x00" not in t and t.strip()]
    return st.sampled_from([t for t in accepted if len(t) <= max_size])


def text_field(max_size: int) -> st.SearchStrategy[str]:
    """A text field: accepted text, or anything."""
    return st.one_of(clean_text(max_size), any_text)


def _weighted(*pairs):
    """one_of with weights: (weight, strategy) pairs."""
    return st.one_of([s for weight, s in pairs for _ in range(weight)])


def choice(valid) -> st.SearchStrategy[str]:
    """One of a field's choices, or something that is not one."""
    return _weighted((3, st.sampled_from([str(v) for v in valid])), (1, number_text), (1, any_text))


def choices(valid) -> st.SearchStrategy[list[str]]:
    """Several values for a multiple-choice field (checkboxes)."""
    return st.lists(choice(valid), max_size=5)


field_names = st.one_of(
    st.sampled_from(["id", "pk", "status", "owner", "user", "is_staff", "is_superuser", "__all__"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-[].0123456789", min_size=1, max_size=20),
)


@st.composite
def form_data(draw, fields: dict, *, tamper: dict | None = None) -> dict:
    """A POST or GET: each field present (23 times in 24), sometimes sent twice or
    as the wrong kind of value; some tampering fields; some fields the form never had."""
    data = {}
    for name, strategy in fields.items():
        how = draw(st.integers(0, 23))
        if how == 0:
            continue
        value = draw(strategy)
        if how == 1 and not isinstance(value, list):
            value = [draw(any_text), value]  # the field twice: Django keeps the last
        data[name] = value
    for name, strategy in (tamper or {}).items():
        if draw(st.integers(0, 3)) == 0:
            data[name] = draw(strategy)
    for name in draw(st.lists(field_names, max_size=2)):
        data.setdefault(name, draw(short_text))
    return data


def querydict(data: dict) -> QueryDict:
    """The QueryDict Django would build from this data."""
    result = QueryDict(mutable=True)
    for name, value in data.items():
        result.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return result


def last(value):
    """The value Django's QueryDict.get() gives for a field sent once or several times."""
    return value[-1] if isinstance(value, list) else value


def urlencoded(data: dict) -> str:
    return urlencode(
        {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in data.items()},
        doseq=True,
    )


encodings = st.sampled_from(["multipart", "urlencoded"])


def _image(mode: str, size: tuple, fmt: str, **options) -> bytes:
    from io import BytesIO

    from PIL import Image

    output = BytesIO()
    Image.new(mode, size).save(output, format=fmt, **options)
    return output.getvalue()


@functools.cache
def sample_images() -> list[bytes]:
    """Small real images in the formats and modes phones and editors produce."""
    png = _image("RGB", (4, 3), "PNG")
    return [
        png,
        png[: len(png) // 2],  # cut off
        _image("RGB", (3, 4), "JPEG"),
        _image("CMYK", (3, 3), "JPEG"),
        _image("L", (2, 2), "JPEG"),
        _image("P", (5, 5), "GIF"),
        _image("RGBA", (3, 3), "PNG"),
        _image("LA", (3, 3), "PNG"),
        _image("1", (9, 9), "PNG"),
        _image("I;16", (3, 3), "PNG"),
        _image("I", (3, 3), "TIFF"),
        _image("F", (3, 3), "TIFF"),
        _image("RGB", (3, 3), "WEBP"),
        _image("RGB", (3, 3), "BMP"),
        _image("RGB", (3, 3), "TIFF"),
        _image("RGB", (1200, 2), "PNG"),
        b"GIF89a" + b"\x00" * 20,
        b"\x89PNG\r\n\x1a\n" + b"\xff" * 40,
        b"%PDF-1.4\n%%EOF",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"",
    ]


file_names = st.one_of(
    st.sampled_from(["foto.jpg", "foto.png", "foto.JPG", "a.gif", "x.pdf", "noext", ".jpg"]),
    st.builds("{}.jpg".format, short_text.map(lambda s: s.replace("\x00", "").replace("/", ""))),
)


@st.composite
def uploads(draw):
    """(file name, content) of an upload: a real image, a broken one, or any bytes."""
    images = sample_images()
    content = draw(st.one_of(st.sampled_from(images), st.binary(max_size=300)))
    return draw(file_names), content
