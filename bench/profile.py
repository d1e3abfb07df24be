"""Where the answer path spends its time: ``python -m bench.profile [--sort tottime]``.

Profiles (cProfile) exactly what ``kepatuhan ask --jsonl`` does per process — open
the Engine, then ``answer`` + ``to_json`` + ``json.dumps`` for each of the 3,000
benchmark messages — and prints the top functions, then the slowest messages and
the slowest variant kinds. Imports are not in the profile; for those run
``python -X importtime -m bot.cli ask "gumas 2024"``. Not in ``REGISTRY``: it
produces a diagnosis, not figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import time
from collections import defaultdict
from collections.abc import Sequence

from bench.core import data_dir
from bench.messages import labelled


def ask_loop(texts: Sequence[str]) -> None:
    """``cmd_ask --jsonl`` without the process: open, answer, serialise."""
    from db.store import open_knowledge
    from knowledge.engine import Engine

    engine = Engine(open_knowledge(data_dir()))
    sink = io.StringIO()
    for text in texts:
        sink.write(json.dumps(engine.answer(text).to_json(), ensure_ascii=False))
        sink.write("\n")
    engine.close()


def slowest(pairs: Sequence[tuple[str, str]], limit: int) -> str:
    """The slowest messages (warm engine) and mean time per variant kind."""
    from db.store import open_knowledge
    from knowledge.engine import Engine

    engine = Engine(open_knowledge(data_dir()))
    for text, _ in pairs:
        engine.answer(text)
    timings: list[tuple[float, str, str]] = []
    for text, variant in pairs:
        t0 = time.perf_counter()
        engine.answer(text).to_json()
        timings.append(((time.perf_counter() - t0) * 1000, variant, text))
    engine.close()
    per: dict[str, list[float]] = defaultdict(list)
    for ms, variant, _ in timings:
        per[variant].append(ms)
    out = ["mean ms per variant (warm, answer + to_json):"]
    out += [f"  {v:9} {sum(x) / len(x):.3f} ms  n={len(x)}" for v, x in sorted(per.items())]
    out.append(f"slowest {limit} messages:")
    out += [f"  {ms:7.2f} ms  {v:9} {t!r}" for ms, v, t in sorted(timings, reverse=True)[:limit]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    p.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    p.add_argument("--limit", type=int, default=30, help="functions to show")
    args = p.parse_args(argv)
    pairs = labelled()
    texts = [t for t, _ in pairs]
    ask_loop(texts[:50])  # imports and module caches outside the profile
    prof = cProfile.Profile()
    prof.enable()
    ask_loop(texts)
    prof.disable()
    stats = pstats.Stats(prof)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.limit)
    print(slowest(pairs, 15))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
