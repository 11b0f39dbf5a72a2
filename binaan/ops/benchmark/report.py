"""The benchmark's table: printed to the terminal and written to docs/benchmarks.md."""

import datetime
import os
import platform
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from binaan.ops.benchmark.dataset import Step
from binaan.ops.benchmark.measure import Measurement

NO_CACHE, CACHE_WARM = "no cache", "cache warm"
ANCHOR_KEYS = ("ceiling", "bare")
# (page key, phase) -> the least ratio to the no-middleware bare view (the framework's
# ceiling) that meets the cached-page goal.
RATIO_GOALS = {("kelurahan", NO_CACHE): 0.25, ("kelurahan", CACHE_WARM): 0.9}
# Every public page, uncached, under the benchmark's load.
LATENCY_GOALS = {NO_CACHE: (0.050, 0.150)}  # phase -> (p50, p99) in seconds
ADMIN_RATIO_GOAL = 2.0
IMPORT_GOAL_SECONDS = 60.0


@dataclass
class Results:
    command: str
    scale: dict
    machine: dict
    load: str = ""  # how the server ran and wrk loaded it, in words
    steps: list[Step] = field(default_factory=list)
    import_seconds: float | None = None
    admin_small: float | None = None  # median seconds of the changelist at the small count
    admin_large: float | None = None
    admin_counts: tuple[int, int] = (0, 0)
    office_rows: list[list[str]] = field(default_factory=list)  # admin_timing.OfficeTiming.rows
    reused_from: str = ""  # when the reused data set was built (--reuse-database), else ""
    measurements: list[Measurement] = field(default_factory=list)
    started: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    )

    def phases(self) -> list[str]:
        return list(dict.fromkeys(m.phase for m in self.measurements))

    def bare_runs(self, phase: str, key: str = "bare") -> list[Measurement]:
        return [m for m in self.measurements if m.page.key == key and m.phase == phase]

    def pages(self, phase: str) -> list[Measurement]:
        return [m for m in self.measurements if m.page.key not in ANCHOR_KEYS and m.phase == phase]

    @staticmethod
    def ratio(measurement: Measurement, anchor: str = "bare") -> float | None:
        """Requests/s against an anchor's, measured on either side of this page."""
        reference = measurement.references.get(anchor)
        if not reference:
            return None
        return measurement.result.requests_per_second / reference

    @property
    def admin_ratio(self) -> float | None:
        if not self.admin_small or self.admin_large is None:
            return None
        return self.admin_large / self.admin_small


def machine_description(postgres_version: str) -> dict:
    return {
        "cpus": os.cpu_count(),
        "cpu model": _cpu_model(),
        "memory": _memory(),
        "database": postgres_version,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _verdict(met: bool | None) -> str:
    return "—" if met is None else ("yes" if met else "NO")


def _ratio(ratio: float | None) -> str:
    """Two decimals; three below 0.1, so a page at 0.004 of the bare view does not read 0.00."""
    if ratio is None:
        return "—"
    return f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.3f}"


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f}"


def _mean_rps(runs: list[Measurement]) -> float:
    return statistics.mean(m.result.requests_per_second for m in runs)


def _anchor_row(runs: list[Measurement], phase: str, ceiling_rps: float | None) -> list[str]:
    rates = [m.result.requests_per_second for m in runs]
    spread = f" ({len(rates)} runs, {min(rates):,.0f}–{max(rates):,.0f})" if len(rates) > 1 else ""
    failures = sum(m.result.failures for m in runs)
    mean = statistics.mean(rates)
    return [
        f"{runs[0].page.label}, {phase}",
        f"{mean:,.1f}{spread}" + (f" ({failures} failed)" if failures else ""),
        _ratio(mean / _mean_rps(runs) if runs[0].page.key == "bare" else None),
        _ratio(mean / ceiling_rps if ceiling_rps else None),
        _ms(statistics.median(m.result.p50 for m in runs)),
        _ms(statistics.median(m.result.p99 for m in runs)),
        "",
        "",
    ]


def page_goals(results: Results, m: Measurement) -> list[tuple[str, bool | None]]:
    """Each performance goal this page has in this phase, with whether the run met it."""
    goals = []
    latency = LATENCY_GOALS.get(m.phase)
    if latency:
        p50, p99 = latency
        met = None if not m.result.requests else m.result.p50 <= p50 and m.result.p99 <= p99
        goals.append((f"p50 ≤ {p50 * 1000:.0f} ms, p99 ≤ {p99 * 1000:.0f} ms", met))
    ratio_goal = RATIO_GOALS.get((m.page.key, m.phase))
    if ratio_goal:
        ratio = results.ratio(m, "ceiling")
        met = None if ratio is None else ratio >= ratio_goal
        goals.append((f"≥ {ratio_goal:.2f} × no-middleware bare", met))
    return goals


def _page_row(results: Results, m: Measurement) -> list[str]:
    goals = page_goals(results, m)
    verdicts = [met for _goal, met in goals]
    met = None if None in verdicts else all(verdicts)
    failures = f" ({m.result.failures} failed)" if m.result.failures else ""
    return [
        f"{m.page.label}, {m.phase}",
        f"{m.result.requests_per_second:,.1f}{failures}",
        _ratio(results.ratio(m, "bare")),
        _ratio(results.ratio(m, "ceiling")),
        _ms(m.result.p50 if m.result.requests else None),
        _ms(m.result.p99 if m.result.requests else None),
        "; ".join(goal for goal, _met in goals),
        _verdict(met) if goals else "",
    ]


def http_rows(results: Results) -> list[list[str]]:
    """Per phase: the anchors (mean of their runs), then each page against them."""
    table = []
    for phase in results.phases():
        ceiling = results.bare_runs(phase, "ceiling")
        ceiling_rps = _mean_rps(ceiling) if ceiling else None
        for key in ANCHOR_KEYS:
            runs = results.bare_runs(phase, key)
            if runs:
                table.append(_anchor_row(runs, phase, ceiling_rps))
        table += [_page_row(results, m) for m in results.pages(phase)]
    return table


def other_rows(results: Results) -> list[list[str]]:
    small, large = results.admin_counts
    ratio = results.admin_ratio
    admin = [
        f"admin report changelist, {large:,} ÷ {small:,} reports",
        f"{_ms(results.admin_large)} ms ÷ {_ms(results.admin_small)} ms",
        "—" if ratio is None else f"{ratio:.2f}",
        f"≤ {ADMIN_RATIO_GOAL:.0f}",
        _verdict(None if ratio is None else ratio <= ADMIN_RATIO_GOAL),
    ]
    seconds = results.import_seconds
    region_import = [
        "national region import (load_wilayah --file)",
        "—" if seconds is None else f"{seconds:.1f} s",
        "",
        f"< {IMPORT_GOAL_SECONDS:.0f} s",
        _verdict(None if seconds is None else seconds < IMPORT_GOAL_SECONDS),
    ]
    return [admin, *results.office_rows, region_import]


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


HTTP_HEADER = [
    "page",
    "requests/s",
    "ratio to bare (full stack)",
    "ratio to bare (no middleware)",
    "p50 ms",
    "p99 ms",
    "goal",
    "met",
]
OTHER_HEADER = ["measurement", "value", "ratio", "goal", "met"]
STEP_HEADER = ["data build step", "rows", "seconds"]


def _step_rows(results: Results) -> list[list[str]]:
    return [[s.name, f"{s.rows:,}" if s.rows else "", f"{s.seconds:.1f}"] for s in results.steps]


def text_report(results: Results) -> str:
    return "\n\n".join(
        [
            _text_table(HTTP_HEADER, http_rows(results)),
            _text_table(OTHER_HEADER, other_rows(results)),
            _text_table(STEP_HEADER, _step_rows(results)),
        ]
    )


def markdown_report(results: Results, method: str) -> str:
    machine = "\n".join(f"- {name}: {value}" for name, value in results.machine.items())
    scale = ", ".join(f"{name} {value:,}" for name, value in results.scale.items())
    load = f"\nLoad: {results.load}.\n" if results.load else ""
    data = (
        f"\nData set: reused (`--reuse-database`), built at {results.reused_from}; the import, "
        "the build steps and the changelist at 1,000 reports are that build's figures.\n"
        if results.reused_from
        else ""
    )
    return f"""# Benchmarks

Measured by `manage.py benchmark` on {results.started:%Y-%m-%d %H:%M} UTC. Ratios are measured
side by side in one run, so they compare across machines; absolute figures do not.

Reproduce (installs nothing; needs PostgreSQL, Redis and Debian's `wrk`; add
`--reuse-database` to keep a data set of the same scale that an earlier run built):

```sh
{results.command}
```

Scale: {scale}.
{data}{load}
Machine:
{machine}

## Pages against a bare Django view on the same server

{_markdown_table(HTTP_HEADER, http_rows(results))}

## Admin and import

{_markdown_table(OTHER_HEADER, other_rows(results))}

## Data build

{_markdown_table(STEP_HEADER, _step_rows(results))}

{method.strip()}
"""


def write_markdown(path: Path, results: Results, method: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown_report(results, method), encoding="utf-8")
