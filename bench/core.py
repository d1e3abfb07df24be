"""What every benchmark shares: the ``Row`` it returns, timing helpers and the data dir.

A benchmark module never builds its own knowledge store: ``data_dir()`` prepares one
temporary ``KEPATUHAN_DATA_DIR`` per ``python -m bench`` process (store already built,
so no benchmark times a build) and removes it at exit.
"""

from __future__ import annotations

import atexit
import functools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = sys.executable


@dataclass
class Row:
    """One figure in the results table.

    ``value`` is the median of ``samples`` (one sample per run); ``ok`` is None when
    the figure has no target, else whether the target was met.
    """

    bench: str
    metric: str
    value: float
    unit: str
    samples: list[float] = field(default_factory=list)
    target: str = ""
    ok: bool | None = None
    note: str = ""
    passed_as: str = "PASS"  # what a met target is called ("Telegram's limit" for a paced row)

    @classmethod
    def of(
        cls,
        bench: str,
        metric: str,
        samples: Sequence[float],
        unit: str,
        *,
        target: str = "",
        ok: Callable[[float], bool] | None = None,
        note: str = "",
        passed_as: str = "PASS",
    ) -> Row:
        """A row whose value is the median of ``samples``, judged by ``ok`` if given."""
        value = statistics.median(samples)
        verdict = None if ok is None else bool(ok(value))
        return cls(bench, metric, value, unit, list(samples), target, verdict, note, passed_as)

    @property
    def status(self) -> str:
        """PASS (or the row's own name for a met target), FAIL, or empty with no target."""
        if self.ok is None:
            return ""
        return self.passed_as if self.ok else "FAIL"

    @property
    def runs(self) -> int:
        return len(self.samples)

    def to_json(self) -> dict[str, Any]:
        return {
            "bench": self.bench,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "runs": self.runs,
            "samples": self.samples,
            "min": min(self.samples) if self.samples else None,
            "max": max(self.samples) if self.samples else None,
            "target": self.target,
            "status": self.status,
            "note": self.note,
        }


def fmt(value: float) -> str:
    """A figure with about three significant digits, thousands separated."""
    size = abs(value)
    if value.is_integer() and size < 100:
        return f"{value:.0f}"
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def runs(quick: bool, full: int, fast: int = 1) -> int:
    """How many runs a benchmark makes: ``full`` normally, ``fast`` with ``--quick``."""
    return fast if quick else full


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by nearest rank; ``values`` need not be sorted."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


@functools.cache
def data_dir() -> Path:
    """A temporary data directory with knowledge.db built; removed when the process exits."""
    from db.store import build, is_stale

    path = Path(tempfile.mkdtemp(prefix="kepatuhan-bench-"))
    atexit.register(shutil.rmtree, path, True)
    build(path)
    if is_stale(path):  # the CLI would rebuild inside the timed region
        raise RuntimeError(f"store in {path} is stale right after building it")
    return path


def bench_env() -> dict[str, str]:
    """Environment for benchmark subprocesses: the prepared data dir, no bot token."""
    env = dict(os.environ)
    env["KEPATUHAN_DATA_DIR"] = str(data_dir())
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


def kepatuhan() -> str:
    """Path of the installed ``kepatuhan`` console script next to this interpreter."""
    path = BIN / "kepatuhan"
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run `.venv/bin/pip install -e '.[test]'`")
    return str(path)


def run_child(
    argv: Sequence[str], *, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """Run a subprocess in the benchmark environment; raise with its stderr on failure."""
    proc = subprocess.run(
        list(argv),
        input=stdin,
        capture_output=True,
        env=bench_env(),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip()[-2000:]
        raise RuntimeError(f"{argv[0]} exited {proc.returncode}: {err}")
    return proc
