"""Run the test suite and treat "no tests collected" (pytest exit code 5) as a failure.

CI must never go green on an empty run: a suite that collects nothing proves nothing.
"""

from __future__ import annotations

import subprocess
import sys

NO_TESTS_COLLECTED = 5


def main() -> int:
    args = [sys.executable, "-m", "pytest", *sys.argv[1:]]
    code = subprocess.call(args)
    if code == NO_TESTS_COLLECTED:
        sys.stderr.write("run_tests: pytest collected no tests; failing.\n")
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
