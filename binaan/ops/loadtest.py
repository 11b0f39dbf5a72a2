"""The client side of manage.py load_test: concurrent visitors and officers, bounded, loopback.

Each client is a thread with its own HTTP connection and cookies. It logs in as the demo
officer once, then picks actions at random: public pages (home, directory search, a kelurahan,
a session, an article, the tip form) and officer forms (dashboard, a draft report, a session
proposal, each posted with the CSRF token parsed from the form). Every HTTP request takes one
ticket from a shared budget; clients stop when the tickets or the time run out.
"""

import datetime
import http.client
import math
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
USER_AGENT = "binaan-load-test"
MARKER = "[load test]"
SEARCH_TERMS = ["kebon", "Kemayoran", "gambir", "tppo", "", "%", "' OR 1=1 --", "menteng"]


@dataclass
class Targets:
    """Paths to visit (Indonesian, no prefix) and the officer account."""

    home: str
    directory: str
    kelurahan: list[str]
    sessions: list[str]
    articles: list[str]
    tip: str
    login: str
    dashboard: str
    report_form: str
    session_form: str
    username: str
    password: str


@dataclass
class Results:
    """Latencies per page kind and every failure (kind, what went wrong)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append((kind, error))

    def fail(self, kind: str, error: str) -> None:
        """A failure found after the request was counted (a form without its token)."""
        with self.lock:
            self.errors.append((kind, error))

    @property
    def count(self) -> int:
        return sum(len(values) for values in self.latencies.values())


class Budget:
    """A fixed number of requests and a deadline, shared by all clients."""

    def __init__(self, requests: int, seconds: float):
        self.left, self.deadline = requests, time.monotonic() + seconds
        self.lock = threading.Lock()
        self.timed_out = False

    def take(self) -> bool:
        with self.lock:
            if time.monotonic() >= self.deadline:
                self.timed_out = True
            if self.timed_out or self.left <= 0:
                return False
            self.left -= 1
            return True


class OutOfBudget(Exception):
    """No tickets or time left: the client stops."""


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0-100) of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def form_values(html: str, name: str) -> list[str]:
    """The value attributes of <input name=...> elements in a page."""
    values = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'name="{name}"' in tag:
            match = re.search(r'value="([^"]*)"', tag)
            if match:
                values.append(match.group(1))
    return values


class Client:
    """One visitor: an HTTP connection, its cookies, and the pages it can open."""

    def __init__(self, host, port, targets, budget, results, seed, timeout=30.0):
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.origin = f"http://{host}:{port}"
        self.targets, self.budget, self.results = targets, budget, results
        self.random = random.Random(seed)  # noqa: S311 (which page to open next, not a secret)
        self.cookies: dict[str, str] = {}

    def request(self, kind, method, path, expect, form=None) -> str:
        """Send one request within the budget; record its time and any failure; return the body."""
        if not self.budget.take():
            raise OutOfBudget
        headers = {"User-Agent": USER_AGENT, "Accept-Language": "id"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # opened again by the next request
            self.results.add(kind, time.perf_counter() - started, f"{type(error).__name__}")
            return ""
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        failure = None
        if response.status not in expect:
            failure = f"{method} {path.split('?')[0]}: HTTP {response.status}"
        self.results.add(kind, elapsed, failure)
        return content

    def post_form(self, kind, path, fields, expect=(302,)) -> None:
        """GET a form, then POST it with its CSRF token."""
        page = self.request(f"{kind} form", "GET", path, (200,))
        token = form_values(page, "csrfmiddlewaretoken")
        if not token:
            if page:  # an empty page was already counted as a failed request
                self.results.fail(f"{kind} form", f"GET {path}: no CSRF token in the form")
            return
        data = {**fields(page), "csrfmiddlewaretoken": token[0]}
        self.request(f"{kind} post", "POST", path, expect, data)

    def log_in(self) -> None:
        targets = self.targets
        fields = {"username": targets.username, "password": targets.password}
        self.post_form("login", targets.login, lambda _page: fields)

    # ---- Actions: one page or one form each ----

    def home(self):
        self.request("home", "GET", self.targets.home, (200,))

    def directory(self):
        query = urllib.parse.urlencode({"q": self.random.choice(SEARCH_TERMS)})
        self.request("directory ?q=", "GET", f"{self.targets.directory}?{query}", (200,))

    def kelurahan(self):
        self.request("kelurahan", "GET", self.random.choice(self.targets.kelurahan), (200,))

    def session(self):
        self.request("session", "GET", self.random.choice(self.targets.sessions), (200,))

    def article(self):
        self.request("article", "GET", self.random.choice(self.targets.articles), (200,))

    def tip_form(self):
        self.request("tip form", "GET", self.targets.tip, (200,))

    def dashboard(self):
        self.request("officer dashboard", "GET", self.targets.dashboard, (200,))

    def draft_report(self):
        fields = {
            "category": "tppo",
            "observed": f"{MARKER} Perekrut menawarkan kerja ke luar negeri tanpa dokumen.",
            "location_rt_rw": "003/005",
            "urgency": "1",
        }
        self.post_form("report", self.targets.report_form, lambda _page: fields)

    def propose_session(self):
        starts = datetime.datetime.now() + datetime.timedelta(days=self.random.randint(7, 60))
        ends = starts + datetime.timedelta(hours=2)

        def fields(page):
            return {
                "kind": "sosialisasi",
                "title": f"{MARKER} Sosialisasi pencegahan TPPO",
                "topics": form_values(page, "topics")[:1],
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": ends.strftime("%Y-%m-%dT%H:%M"),
                "venue": "Aula Kantor Kelurahan",
            }

        self.post_form("session proposal", self.targets.session_form, fields)

    def run(self) -> None:
        """Log in, then act until the budget is spent."""
        actions = [self.home] * 3 + [self.directory] * 2 + [self.kelurahan] * 2
        actions += [self.session, self.article, self.tip_form, self.dashboard]
        actions += [self.draft_report, self.propose_session]
        try:
            self.log_in()
            while True:
                self.random.choice(actions)()
        except OutOfBudget:
            pass
        finally:
            self.connection.close()


def run_load(host, port, targets, *, clients, requests, seconds, seed=1) -> tuple[Results, float]:
    """Drive the server with concurrent clients; return the results and the time taken."""
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"the load test only targets this machine ({', '.join(LOOPBACK_HOSTS)})")
    budget, results = Budget(requests, seconds), Results()
    workers = [
        threading.Thread(
            target=Client(host, port, targets, budget, results, seed + n).run, daemon=True
        )
        for n in range(clients)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:  # a request in flight at the deadline gets its socket timeout
        worker.join(timeout=max(0.0, budget.deadline - time.monotonic()) + 35)
    return results, time.perf_counter() - started
