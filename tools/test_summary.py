"""Read an Odoo test log and print the closing line ``N passed, N failed``.

Exit status 1 when a test failed or errored, when the log has ERROR or CRITICAL lines
or says that demo data failed to install,
when a test was skipped (a skipped tour means a missing browser or websocket-client),
or when no test ran at all.
"""

import re
import sys

REPORT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
SKIPPED = re.compile(r" INFO \S+ \S+: skipped (?P<test>.*)$")
# Odoo only warns when a module's demo data fails and installs it without: that is a
# broken demo, so it fails the run like an error.
DEMO_FAILED = re.compile(r"demo data failed to install")


def summarize(lines):
    failed = errors = run = 0
    seen_report = False
    bad_lines = []
    skipped = []
    for line in lines:
        match = REPORT.search(line)
        if match:
            seen_report = True
            failed += int(match["failed"])
            errors += int(match["errors"])
            run += int(match["run"])
        level = LEVEL.match(line)
        if (level and level["level"] in ("ERROR", "CRITICAL")) or DEMO_FAILED.search(
            line
        ):
            bad_lines.append(line.rstrip())
        skip = SKIPPED.search(line)
        if skip:
            skipped.append(skip["test"].strip())
    return {
        "seen_report": seen_report,
        "failed": failed + errors,
        "run": run,
        "skipped": skipped,
        "bad_lines": bad_lines,
    }


def main(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        result = summarize(log)
    passed = result["run"] - result["failed"] - len(result["skipped"])
    ok = True
    if not result["seen_report"] or result["run"] == 0:
        sys.stderr.write("no test ran (no test report in the log)\n")
        ok = False
    for test in result["skipped"]:
        sys.stderr.write(f"skipped: {test}\n")
        ok = False
    if result["bad_lines"]:
        sys.stderr.write(f"{len(result['bad_lines'])} ERROR/CRITICAL log line(s):\n")
        for line in result["bad_lines"][:20]:
            sys.stderr.write(f"  {line}\n")
        ok = False
    if result["failed"]:
        ok = False
    # Skipped tests are counted as failures: they mean part of the suite did not run.
    failed = result["failed"] + len(result["skipped"])
    if not ok:
        # Log errors or a missing report fail the run even when every test passed.
        failed = max(failed, 1)
    print(f"{passed} passed, {failed} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
