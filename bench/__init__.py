"""Benchmarks of Tanya Kepatuhan: ``python -m bench`` (or ``make bench``).

Adding a benchmark
------------------
1. Write ``bench/<name>.py`` exposing ``NAME = "<name>"`` and
   ``def run(quick: bool) -> list[Row]`` (``Row`` from ``bench.core``). Build each
   figure with ``Row.of(NAME, metric, samples, unit, target=..., ok=...)`` — one sample
   per run; the table shows the median and the spread, and ``ok`` turns a target
   into PASS/FAIL. Use ``bench.core.runs(quick, full=N)`` for the run count,
   ``bench.core.data_dir()`` for a data dir with the store already built, and
   ``bench.messages.messages()`` for the shared 3,000-message traffic.
2. Append ``"<name>"`` to ``REGISTRY`` below.

Modules are imported only when selected, so a benchmark may import heavy
packages (python-telegram-bot, aiohttp) at module level without slowing the others.
An exception in one benchmark is reported as a FAIL row; the others still run.
"""

from __future__ import annotations

from bench.core import Row

# Run order of `python -m bench`; `--only` selects by these names.
REGISTRY: list[str] = [
    "ask",
    "engine",
    "startup",
    "memory",
    "broadcast",
    "e2e",
    "botmemory",
    "maps",
    "chaos",
]

__all__ = ["REGISTRY", "Row"]
