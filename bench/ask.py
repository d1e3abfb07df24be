"""Answers per second through ``kepatuhan ask --jsonl``, against a naive fuzzy matcher.

The requirement: the engine, end to end with process start included, must answer at
least three times as fast as a naive matcher does nothing but match — rapidfuzz
``process.extractOne(message, choices, scorer=fuzz.WRatio)`` over every name and alias
in the store — and reach 2,000 answers/s on the 2-core reference machine. The ratio is
the figure that travels between machines; the absolute rate depends on the machine.

Each run times both on the same 3,000 messages, one after the other (never in
parallel, so they do not compete for the two cores); the ratio is taken per run and
its median reported, so a noisy neighbour slows both sides of one ratio alike.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections import Counter

from bench.core import Row, data_dir, kepatuhan, run_child, runs
from bench.messages import messages

NAME = "ask"
TARGET_RATE = 2000.0
TARGET_RATIO = 3.0


def naive_choices() -> list[str]:
    """Every key of the ``keys`` table plus every canonical name, deduplicated, in order."""
    con = sqlite3.connect(f"file:{data_dir() / 'knowledge.db'}?mode=ro", uri=True)
    try:
        keys = [r[0] for r in con.execute("select key from keys order by rowid")]
        names = [r[0] for r in con.execute("select name from bodies order by rowid")]
    finally:
        con.close()
    return list(dict.fromkeys([*keys, *names]))


def naive_rate(texts: list[str], choices: list[str]) -> float:
    """Messages per second of the naive matcher alone, in this process."""
    from rapidfuzz import fuzz, process

    start = time.perf_counter()
    for text in texts:
        process.extractOne(text, choices, scorer=fuzz.WRatio)
    return len(texts) / (time.perf_counter() - start)


def engine_rate(texts: list[str]) -> tuple[float, Counter[str]]:
    """Answers per second of one ``kepatuhan ask --jsonl`` process, and its intents."""
    payload = ("\n".join(texts) + "\n").encode()
    start = time.perf_counter()
    proc = run_child([kepatuhan(), "ask", "--jsonl"], stdin=payload)
    elapsed = time.perf_counter() - start
    lines = proc.stdout.decode().splitlines()
    if len(lines) != len(texts):
        raise RuntimeError(f"{len(texts)} messages in, {len(lines)} answers out")
    return len(texts) / elapsed, Counter(json.loads(x)["intent"] for x in lines)


def run(quick: bool) -> list[Row]:
    texts = messages()
    choices = naive_choices()
    run_child([kepatuhan(), "ask", "--jsonl"], stdin=b"gumas 2024\n")  # warm caches, pyc
    engine: list[float] = []
    naive: list[float] = []
    ratios: list[float] = []
    intents: Counter[str] = Counter()
    for _ in range(runs(quick, full=7)):
        rate, intents = engine_rate(texts)
        base = naive_rate(texts, choices)
        engine.append(rate)
        naive.append(base)
        ratios.append(rate / base)
    errors = intents.get("error", 0)
    mix = ", ".join(f"{k} {v}" for k, v in intents.most_common())
    return [
        Row.of(
            NAME,
            f"engine end to end: `kepatuhan ask --jsonl`, {len(texts):,} msgs, process start",
            engine,
            "answers/s",
            target=f"≥ {TARGET_RATE:,.0f}",
            ok=lambda v: v >= TARGET_RATE and errors == 0,
            note=f"{len(texts) / statistics.median(engine):.2f} s per process; intents: {mix}"
            + (f"; {errors} ERROR answers" if errors else ""),
        ),
        Row.of(
            NAME,
            f"naive baseline: extractOne WRatio over {len(choices):,} names+aliases, in-process",
            naive,
            "msgs/s",
        ),
        Row.of(
            NAME,
            "ratio engine / naive (median of per-run ratios)",
            ratios,
            "×",
            target=f"≥ {TARGET_RATIO:.0f}×",
            ok=lambda v: v >= TARGET_RATIO,
        ),
    ]
