"""``Engine.answer`` in a loop, in-process: latency percentiles and throughput.

Each run opens a fresh ``Engine`` and makes two passes over the 3,000 messages: the
first with empty engine caches (what the first minutes of a restarted bot see), the
second warm (the steady state), timing every call of the warm pass for p50/p99.
Rendering (``Answer.text``/``.html``) is not included; ``bench.ask`` covers it.
"""

from __future__ import annotations

import time

from bench.core import Row, data_dir, percentile, runs
from bench.messages import messages

NAME = "engine"


def run(quick: bool) -> list[Row]:
    from db.store import open_knowledge
    from knowledge.engine import Engine

    texts = messages()
    cold: list[float] = []
    warm: list[float] = []
    p50: list[float] = []
    p99: list[float] = []
    worst: list[float] = []
    errors = 0
    for _ in range(runs(quick, full=5)):
        engine = Engine(open_knowledge(data_dir()))
        try:
            start = time.perf_counter()
            for text in texts:
                errors += engine.answer(text).intent == "error"
            cold.append(len(texts) / (time.perf_counter() - start))
            latencies: list[float] = []
            clock = time.perf_counter_ns
            start = time.perf_counter()
            for text in texts:
                t0 = clock()
                engine.answer(text)
                latencies.append((clock() - t0) / 1e6)
            warm.append(len(texts) / (time.perf_counter() - start))
        finally:
            engine.close()
        p50.append(percentile(latencies, 50))
        p99.append(percentile(latencies, 99))
        worst.append(max(latencies))
    return [
        Row.of(NAME, "Engine.answer latency p50 (warm)", p50, "ms"),
        Row.of(NAME, "Engine.answer latency p99 (warm)", p99, "ms"),
        Row.of(NAME, "Engine.answer slowest message (warm)", worst, "ms"),
        Row.of(NAME, "Engine.answer throughput, warm caches", warm, "answers/s"),
        Row.of(
            NAME,
            "Engine.answer throughput, fresh engine (first pass)",
            cold,
            "answers/s",
            note=f"{errors} ERROR answers in {len(cold)} first passes" if errors else "",
        ),
    ]
