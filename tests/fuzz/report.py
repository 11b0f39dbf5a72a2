"""The fuzz tests' figures at the end of the run, loaded by tests/conftest.py as a plugin.

Under pytest-xdist the examples run in the workers, whose counters the controller never sees:
each worker hands its counts over when it finishes, and the controller adds them up. The plugin
is loaded from the top conftest because the controller collects no tests, so it never loads
tests/fuzz/conftest.py.
"""

import pytest

from tests.fuzz.harness import INPUTS, SERVER_ERRORS
from tests.fuzz.strategies import FORM_EXAMPLES


def pytest_sessionfinish(session):
    output = getattr(session.config, "workeroutput", None)  # only in a pytest-xdist worker
    if output is not None:
        output["fuzz_inputs"] = [[*key, n] for key, n in INPUTS.items()]
        output["fuzz_errors"] = [[form, n] for form, n in SERVER_ERRORS.items()]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, "workeroutput", {})
    for form, level, n in output.get("fuzz_inputs", []):
        INPUTS[(form, level)] += n
    for form, n in output.get("fuzz_errors", []):
        SERVER_ERRORS[form] += n


def pytest_terminal_summary(terminalreporter):
    """fuzz: N forms x M inputs, 0 server errors."""
    if not INPUTS:
        return
    forms = sorted({form for form, _level in INPUTS})
    per_form = {form: sum(n for (f, _l), n in INPUTS.items() if f == form) for form in forms}
    # The views call the form too, so both count as inputs through the form; CSRF refusals not.
    through_form = {form: INPUTS[(form, "direct")] + INPUTS[(form, "view")] for form in forms}
    fuzzed = [form for form in forms if through_form[form]] or forms
    views = sum(n for (_f, level), n in INPUTS.items() if level == "view")
    csrf = sum(n for (_f, level), n in INPUTS.items() if level == "csrf")
    queries = sum(n for (_f, level), n in INPUTS.items() if level == "query")
    errors = sum(SERVER_ERRORS.values())
    write = terminalreporter.write_line
    terminalreporter.section("fuzz")
    write(
        f"fuzz: {len(fuzzed)} forms x {min(through_form[f] for f in fuzzed):,}+ inputs "
        "through the form "
        f"(target {FORM_EXAMPLES:,}); {sum(per_form.values()):,} inputs in all, "
        f"{views:,} of them through the views, {csrf:,} with a bad CSRF token, "
        f"{queries:,} public pages with any query string; "
        f"{errors} server errors"
    )
    for form in forms:
        levels = ", ".join(
            f"{INPUTS[(form, level)]:,} {level}"
            for level in ("direct", "view", "csrf", "query")
            if INPUTS[(form, level)]
        )
        flag = f"  SERVER ERRORS: {SERVER_ERRORS[form]}" if SERVER_ERRORS[form] else ""
        write(f"  {form}: {levels}{flag}")
