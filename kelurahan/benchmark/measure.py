"""HTTP measurements with wrk against a running gunicorn: warm-up, then a timed run per page."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from kelurahan.benchmark.wrk import WrkResult, run_wrk

MAX_SETTLE_SECONDS = 60


class PageError(Exception):
    """A page did not answer 200 before its measurement: measuring it would mean nothing."""


@dataclass(frozen=True)
class Page:
    key: str  # "bare", "kelurahan", "search", "home"
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
    # The bare view's requests/s just before and just after this page (None for the bare view).
    bare_rps: float | None = None


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


def measure_pages(base_url: str, bare: Page, pages: list[Page], phase: str, load: Load, say=None):
    """Each page between two runs of the bare view: bare, page 1, bare, page 2, ..., bare.

    A page's ratio is taken against the mean of the bare runs on either side of it, so a
    neighbour's load on a shared machine (or a CPU slowing down) weighs on both alike.
    """
    measurements = [Measurement(bare, phase, _run(base_url, bare, load, warm_up=True))]
    _say(say, measurements[-1])
    for page in pages:
        result = _run(base_url, page, load, warm_up=True)
        after = Measurement(bare, phase, _run(base_url, bare, load, warm_up=False))
        before_rps = measurements[-1].result.requests_per_second
        reference = (before_rps + after.result.requests_per_second) / 2
        measurements.append(Measurement(page, phase, result, bare_rps=reference))
        _say(say, measurements[-1])
        measurements.append(after)
        _say(say, after)
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
