"""HTTP measurements with wrk against a running gunicorn: warm-up, then a timed run per page."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from binaan.ops.benchmark.wrk import WrkResult, run_wrk

MAX_SETTLE_SECONDS = 60


class PageError(Exception):
    """A page did not answer 200 before its measurement: measuring it would mean nothing."""


@dataclass(frozen=True)
class Page:
    key: str  # "bare", "ceiling", "kelurahan", "search", "home", ...
    label: str
    path: str


@dataclass(frozen=True)
class Load:
    seconds: int = 10
    warmup: int = 3
    threads: int = 2
    connections: int = 16


@dataclass(frozen=True)
class Measurement:
    page: Page
    phase: str  # "no cache" or "cache warm"
    result: WrkResult
    # Each anchor's mean requests/s just before and just after this page, by anchor key
    # ("bare", "ceiling"); empty for the anchors themselves.
    references: dict = field(default_factory=dict)

    @property
    def bare_rps(self) -> float | None:
        return self.references.get("bare")


def check_answers(base_url: str, page: Page) -> None:
    try:
        with urllib.request.urlopen(base_url + page.path, timeout=60) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise PageError(f"{page.label} ({page.path}) answered {status}, not 200.")


def settle_seconds(result: WrkResult, load: Load) -> float:
    """How long the requests still queued when wrk stopped take to be served.

    wrk leaves up to --connections requests behind, and gunicorn still serves them; at the
    rate just measured that takes connections / rate seconds. Waiting so long, the next run
    starts on an idle server. A run that finished no request gives no rate: wait longer.
    """
    if not result.requests or not result.requests_per_second:
        return float(MAX_SETTLE_SECONDS)
    return min(load.connections / result.requests_per_second, MAX_SETTLE_SECONDS)


def _load(url: str, seconds: int, load: Load) -> WrkResult:
    result = run_wrk(url, seconds=seconds, threads=load.threads, connections=load.connections)
    time.sleep(settle_seconds(result, load))
    return result


def _run(base_url: str, page: Page, load: Load, *, warm_up: bool) -> WrkResult:
    """A first request (must answer 200), a warm-up run if asked (fills any cache), the run."""
    check_answers(base_url, page)
    url = base_url + page.path
    if warm_up and load.warmup:
        _load(url, load.warmup, load)
    return _load(url, load.seconds, load)


def measure_pages(
    base_url: str, anchors: list[Page], pages: list[Page], phase: str, load: Load, say=None
):
    """Each page between two rounds of the anchors: anchors, page 1, anchors, page 2, ..., anchors.

    The anchors are the bare view through the full middleware stack and the same view with no
    middleware (the framework's ceiling). A page's ratio to each is taken against the mean of
    that anchor's runs on either side of it, so a neighbour's load on a shared machine (or a
    CPU slowing down) weighs on both sides alike.
    """
    measurements = []
    before = {}
    for anchor in anchors:
        before[anchor.key] = Measurement(anchor, phase, _run(base_url, anchor, load, warm_up=True))
        measurements.append(before[anchor.key])
        _say(say, measurements[-1])
    for page in pages:
        result = _run(base_url, page, load, warm_up=True)
        after = {
            a.key: Measurement(a, phase, _run(base_url, a, load, warm_up=False)) for a in anchors
        }
        references = {
            key: (before[key].result.requests_per_second + after[key].result.requests_per_second)
            / 2
            for key in after
        }
        measurements.append(Measurement(page, phase, result, references=references))
        _say(say, measurements[-1])
        for anchor_run in after.values():
            measurements.append(anchor_run)
            _say(say, anchor_run)
        before = after
    return measurements


def _say(say, measurement: Measurement) -> None:
    if not say:
        return
    result = measurement.result
    failed = f"  ({result.failures} failed)" if result.failures else ""
    if not result.requests:
        say(
            f"  {measurement.phase:<10} {measurement.page.label:<18} no request finished in the run"
        )
        return
    say(
        f"  {measurement.phase:<10} {measurement.page.label:<18} "
        f"{result.requests_per_second:8.1f} req/s  p50 {result.p50 * 1000:7.1f} ms  "
        f"p99 {result.p99 * 1000:7.1f} ms{failed}"
    )
