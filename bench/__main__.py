"""``python -m bench [--only ask,engine] [--quick] [--out PATH]``.

Runs the selected benchmarks in ``REGISTRY`` order, prints the Markdown table on
stdout (progress on stderr), writes ``bench/results/latest.json``, and exits 1 when
any target is missed or a benchmark crashed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from bench import REGISTRY
from bench.core import Row
from bench.report import RESULTS, machine, markdown, write_json


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument(
        "--only",
        default="",
        help=f"comma-separated benchmarks to run (default all: {','.join(REGISTRY)})",
    )
    p.add_argument("--quick", action="store_true", help="one run each: a smoke test, not figures")
    p.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="JSON results file")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return p.parse_args(argv)


def selected(only: str) -> list[str]:
    """Benchmark names to run, in registry order; unknown names are an error."""
    if not only:
        return list(REGISTRY)
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in REGISTRY]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; known: {REGISTRY}")
    return [n for n in REGISTRY if n in wanted]


def run_one(name: str, quick: bool) -> list[Row]:
    """Import ``bench.<name>`` and run it; a crash becomes a FAIL row with the error."""
    try:
        module = importlib.import_module(f"bench.{name}")
        rows: list[Row] = module.run(quick)
        return rows
    except Exception as exc:
        traceback.print_exc()
        return [Row(name, "benchmark crashed", 0.0, "", [0.0], "no crash", False, repr(exc))]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        print("\n".join(REGISTRY))
        return 0
    names = selected(args.only)
    command = "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv)
    info = machine()
    rows: list[Row] = []
    started = time.perf_counter()
    for name in names:
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        rows += run_one(name, args.quick)
        print(f"bench: {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(markdown(rows, info, command.strip()))
    write_json(
        args.out,
        rows,
        info,
        command.strip(),
        {"quick": args.quick, "benchmarks": names, "elapsed_s": round(elapsed, 1)},
    )
    print(f"\nbench: {elapsed:.0f} s in all; wrote {args.out}", file=sys.stderr)
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
