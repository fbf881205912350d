"""Run the reader property tests with many more examples than CI does.

Usage, from the repository root after ``python -m pip install -e '.[test]'``::

    python bench/fuzz_readers.py 5000

The argument is the example count per property (default 5000). Examples are random (not
derandomized as in CI), so each run explores new inputs. Record the count, the time and
the result in docs/fuzzing.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    count = sys.argv[1] if len(sys.argv) > 1 else "5000"
    env = dict(os.environ, EFORMLINT_FUZZ_EXAMPLES=count, EFORMLINT_FUZZ_RANDOM="1")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(REPO / "tests" / "test_fuzz_readers.py")],
        env=env, cwd=REPO, check=False,
    )
    print(f"{count} examples per property, {time.monotonic() - started:.0f} s, exit code {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
