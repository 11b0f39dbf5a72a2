"""Driving wrk (Debian's HTTP load generator) and reading its --latency report."""

import re
import shutil
import subprocess
from dataclasses import dataclass

WRK_MISSING = "wrk is not installed: install it with `sudo apt-get install wrk` (Debian/Ubuntu)."
TIME_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+([\d.]+)\s*$", re.MULTILINE)
PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
TOTAL = re.compile(r"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m|h),", re.MULTILINE)
NON_2XX = re.compile(r"^\s+Non-2xx or 3xx responses:\s+(\d+)\s*$", re.MULTILINE)
SOCKET_ERRORS = re.compile(
    r"^\s+Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$", re.MULTILINE
)


class WrkError(Exception):
    """wrk is missing, failed, or printed something we cannot read."""


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50: float  # seconds
    p99: float  # seconds
    requests: int
    non_2xx: int = 0
    connect_errors: int = 0
    read_errors: int = 0
    write_errors: int = 0
    timeouts: int = 0

    @property
    def failures(self) -> int:
        """Answers that were not 2xx/3xx, and requests that failed or got no answer in time."""
        return (
            self.non_2xx
            + self.connect_errors
            + self.read_errors
            + self.write_errors
            + self.timeouts
        )


def _seconds(value: str, unit: str) -> float:
    return float(value) * TIME_UNITS[unit]


def parse_wrk_output(text: str) -> WrkResult:
    """The figures of one `wrk --latency` run; WrkError if the report is incomplete."""
    rate = REQUESTS_PER_SECOND.search(text)
    percentiles = {int(p): _seconds(value, unit) for p, value, unit in PERCENTILE.findall(text)}
    total = TOTAL.search(text)
    if not rate or 50 not in percentiles or 99 not in percentiles or not total:
        raise WrkError(f"Unexpected wrk output (was --latency given?):\n{text.strip()}")
    non_2xx = NON_2XX.search(text)
    socket = SOCKET_ERRORS.search(text)
    connect, read, write, timeout = (int(n) for n in socket.groups()) if socket else (0, 0, 0, 0)
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50=percentiles[50],
        p99=percentiles[99],
        requests=int(total.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        connect_errors=connect,
        read_errors=read,
        write_errors=write,
        timeouts=timeout,
    )


def wrk_binary() -> str:
    """The path of wrk; the benchmark installs nothing itself."""
    path = shutil.which("wrk")
    if not path:
        raise WrkError(WRK_MISSING)
    return path


def wrk_command(url: str, *, seconds: int, threads: int, connections: int) -> list[str]:
    return [
        wrk_binary(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        "--latency",
        url,
    ]


def run_wrk(url: str, *, seconds: int, threads: int = 2, connections: int = 16) -> WrkResult:
    """Load url for `seconds` and return what wrk measured."""
    command = wrk_command(url, seconds=seconds, threads=threads, connections=connections)
    done = subprocess.run(  # noqa: S603 (our fixed command line, loopback URL)
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise WrkError(f"wrk failed on {url}: {(done.stderr or done.stdout).strip()}")
    return parse_wrk_output(done.stdout)
