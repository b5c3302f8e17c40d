"""The suite's own harness: a worker that dies mid-file (a segfault, a timeout's kill)
fails its one test and the run still ends, every other test run once.

Stop 27's CI sat at 99% for 90 minutes after one worker segfaulted: pytest-xdist's file
scheduler deadlocks after a crash (tests/support/xdist_crash.py). These child runs use
the same scheduler as `make test`, in the same two processes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHED = ["-p", "tests.support.xdist_crash"]

FILES = {
    "test_a.py": "def test_a1(): pass\ndef test_a2(): pass\ndef test_a3(): pass\n",
    # Dies on its first test; its second must still run, on the replacement worker.
    "test_b.py": ("import faulthandler, os\n"
                  "def test_b_crash():\n"
                  "    faulthandler.disable()\n"
                  "    os.kill(os.getpid(), 11)\n"
                  "def test_b_after(): pass\n"),
    "test_c.py": "def test_c1(): pass\n",
    "test_d.py": "def test_d1(): pass\ndef test_d2(): pass\n",
    "test_e.py": "def test_e1(): pass\n",
}


def run_children(tmp_path: Path, files: dict[str, str], *args: str) -> tuple[str, int]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadfile",
         *SCHED, "-p", "no:cacheprovider", "-rA", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    return proc.stdout + proc.stderr, proc.returncode


def counts(out: str) -> dict[str, int]:
    summary = re.findall(r"^=+ (.*) in [\d.]+s =+$", out, re.M)
    assert len(summary) == 1, out
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed)", summary[0])}


def test_a_crashed_worker_fails_its_test_and_the_run_ends(tmp_path: Path) -> None:
    out, code = run_children(tmp_path, FILES)
    assert code == 1, out
    assert counts(out) == {"passed": 8, "failed": 1}, out
    assert "FAILED test_b.py::test_b_crash" in out
    assert "PASSED test_b.py::test_b_after" in out, "the rest of the crashed file runs"
    assert out.count("test_b_crash") <= 3, "the crashing test is not run again"


def test_a_hung_test_is_stopped_and_the_rest_runs(tmp_path: Path) -> None:
    files = dict(FILES)
    files.pop("test_b.py")
    # The first file hangs on its last test: the worker had finished files of its own.
    files["test_a.py"] += "def test_hangs():\n    import time; time.sleep(600)\n"
    out, code = run_children(tmp_path, files, "-o", "faulthandler_timeout=3",
                             "-o", "faulthandler_exit_on_timeout=true")
    assert code == 1, out
    assert counts(out) == {"passed": 7, "failed": 1}, out
    assert re.search(r"Timeout \(0:00:03\)!\n.*in test_hangs\n", out, re.S), \
        "the hung test's stack is shown"
