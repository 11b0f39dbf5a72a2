"""What a first visit to a page downloads, measured from the real HTML (manage.py page_budget).

Sizes are gzip level 6, the usual server setting. WhiteNoise serves pre-compressed static files
(gzip level 9 and Brotli), which are the same size or smaller, so the figures are an upper bound.
"""

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", re.IGNORECASE)
COLUMN = {"css": "css", "js": "js", "icon": "images", "image": "images", "font": "fonts"}
PRELOAD_KINDS = {"style": "css", "script": "js", "font": "font", "image": "image"}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class Subresources(HTMLParser):
    """The files a browser fetches while loading the page; lazy-loaded images are left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.inline_css: list[str] = []
        self.blocking_scripts = 0
        self._in_head = self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        if tag in ("head", "body"):
            self._in_head = tag == "head"
        elif tag == "link" and a.get("href"):
            self._link(a)
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
            deferred = "defer" in a or "async" in a or a.get("type") == "module"
            self.blocking_scripts += self._in_head and not deferred
        elif tag == "img" and a.get("src") and a.get("loading", "").lower() != "lazy":
            self.found.append(("image", a["src"]))
        self._in_style = tag == "style"

    def _link(self, a):
        rel = a.get("rel", "").lower().split()
        if "stylesheet" in rel:
            self.found.append(("css", a["href"]))
        elif "icon" in rel:
            self.found.append(("icon", a["href"]))
        elif "preload" in rel and a.get("as") in PRELOAD_KINDS:
            self.found.append((PRELOAD_KINDS[a["as"]], a["href"]))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def css_references(css: str) -> list[tuple[str, str]]:
    """Imports, fonts (url() inside @font-face) and any other url() of a stylesheet."""
    found = [("css", url) for url in CSS_IMPORT.findall(css)]
    fonts = [url for block in FONT_FACE.findall(css) for url in CSS_URL.findall(block)]
    found += [("font", url) for url in fonts]
    imports = {url for _kind, url in found}
    found += [("image", url) for url in CSS_URL.findall(css) if url not in imports | set(fonts)]
    return found


@dataclass
class PageWeight:
    name: str
    path: str
    html_raw: int = 0
    html: int = 0
    css: int = 0
    js: int = 0
    images: int = 0
    fonts: int = 0
    font_files: int = 0
    blocking_scripts: int = 0
    external: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + self.css + self.js + self.images + self.fonts

    def problems(self, max_total: int, max_css: int) -> list[str]:
        checks = [
            (self.total > max_total, f"total over {max_total / 1024:g} KB"),
            (self.css > max_css, f"CSS over {max_css / 1024:g} KB"),
            (self.blocking_scripts, "render-blocking JavaScript"),
            (self.font_files, "web fonts"),
            (self.external, "files from other sites"),
        ]
        return [text for failed, text in checks if failed]


def _prefix(url: str) -> str:
    return url if url.startswith(("/", "http")) else "/" + url


def asset_bytes(path: str, client) -> bytes:
    """A file's bytes: static files through the finders, uploads from storage, else via Django."""
    static_prefix, media_prefix = _prefix(settings.STATIC_URL), _prefix(settings.MEDIA_URL)
    if path.startswith(static_prefix):
        name = unquote(path[len(static_prefix) :])
        found = finders.find(name)
        if found:
            with open(found, "rb") as source:
                return source.read()
        if staticfiles_storage.exists(name):  # collected files with hashed names
            with staticfiles_storage.open(name) as source:
                return source.read()
    if path.startswith(media_prefix):
        with default_storage.open(unquote(path[len(media_prefix) :])) as source:
            return source.read()
    response = client.get(path)
    if response.status_code != 200:
        raise LookupError(f"{path} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure(client, name: str, path: str, **request) -> PageWeight:
    """Fetch the page like a first-time visitor and add up everything it downloads."""
    response = client.get(path, **request)
    if response.status_code != 200:
        raise LookupError(f"{path} answered {response.status_code}")
    weight = PageWeight(name, path, len(response.content), gzip_size(response.content))
    parser = Subresources()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    weight.blocking_scripts = parser.blocking_scripts
    queue = [(kind, url, path) for kind, url in parser.found]
    queue += [(kind, url, path) for css in parser.inline_css for kind, url in css_references(css)]
    seen = set()
    while queue:
        kind, url, base = queue.pop(0)
        parts = urlsplit(urljoin(base, url))
        if parts.scheme == "data" or parts.path in seen:
            continue
        if parts.scheme or parts.netloc:
            weight.external.append(url)
            continue
        seen.add(parts.path)
        data = asset_bytes(parts.path, client)
        column = COLUMN[kind]
        setattr(weight, column, getattr(weight, column) + gzip_size(data))
        weight.font_files += kind == "font"
        if kind == "css":
            queue += [(k, u, parts.path) for k, u in css_references(data.decode("utf-8"))]
    return weight
