"""Cold start of a one-shot ``kepatuhan ask``, import time, and what the answer path imports.

"Cold" means a new process each time (the OS page cache is warm after the first,
untimed run — that is what a user running the command twice sees). The bare
interpreter start is measured alongside, so the share that is ours is visible.
"""

from __future__ import annotations

import json
import time

from bench.core import PYTHON, Row, kepatuhan, run_child, runs

NAME = "startup"
QUESTION = "zona apa gunung mas 2024?"
OWN = frozenset({"bot", "knowledge", "db", "handlers", "site", "encodings"})
HEAVY = ("telegram", "matplotlib", "numpy", "sqlite_utils", "httpx", "apscheduler", "PIL")

_IMPORT_TIME = """
import time
t0 = time.perf_counter()
import bot.cli
from knowledge.engine import Engine
print(time.perf_counter() - t0)
"""

_MODULES = """
import contextlib, io, json, sys
from bot.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    rc = main(["ask", %r])
roots = {m.split(".")[0] for m in sys.modules}
print(json.dumps({
    "rc": rc,
    "telegram": sorted(m for m in sys.modules if m.split(".")[0] == "telegram"),
    "heavy": sorted(roots & set(%r)),
    "modules": len(sys.modules),
    "answered": bool(out.getvalue().strip()),
}))
"""


def wall(argv: list[str]) -> float:
    """Seconds from spawning ``argv`` to its exit."""
    start = time.perf_counter()
    run_child(argv)
    return time.perf_counter() - start


def slowest_imports(limit: int = 4) -> str:
    """The heaviest packages a real ``ask`` imports (``-X importtime``), as text.

    Cumulative times, so a package imported by another (numpy by sqlite_utils) is
    counted inside both; the project's own packages and the interpreter's are left out.
    """
    proc = run_child([PYTHON, "-X", "importtime", "-m", "bot.cli", "ask", QUESTION])
    found: dict[str, int] = {}
    for raw in proc.stderr.decode().splitlines():
        if not raw.startswith("import time:") or raw.count("|") != 2:
            continue
        _self, cumulative, name = raw[len("import time:") :].split("|")
        name = name.strip()
        if cumulative.strip().isdigit() and "." not in name and name not in OWN:
            found[name] = max(found.get(name, 0), int(cumulative))
    top = sorted(found.items(), key=lambda kv: -kv[1])[:limit]
    return ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in top)


def run(quick: bool) -> list[Row]:
    ask = [kepatuhan(), "ask", QUESTION]
    wall(ask)  # untimed: page cache and __pycache__
    n = runs(quick, full=7, fast=3)
    cold = [wall(ask) for _ in range(n)]
    bare = [wall([PYTHON, "-c", "pass"]) for _ in range(n)]
    imports = [float(run_child([PYTHON, "-c", _IMPORT_TIME]).stdout) for _ in range(n)]
    probe = json.loads(run_child([PYTHON, "-c", _MODULES % (QUESTION, HEAVY)]).stdout)
    if probe["rc"] != 0 or not probe["answered"]:
        raise RuntimeError(f"bot.cli.main(['ask', ...]) did not answer: {probe}")
    others = [m for m in probe["heavy"] if m != "telegram"]
    return [
        Row.of(NAME, f'cold start: `kepatuhan ask "{QUESTION}"` (wall)', cold, "s"),
        Row.of(NAME, "bare interpreter start: `python -c pass` (wall)", bare, "s"),
        Row.of(
            NAME,
            "import time: `bot.cli` + `knowledge.engine`",
            [s * 1000 for s in imports],
            "ms",
            note=f"heaviest packages a real ask imports (cumulative): {slowest_imports()}",
        ),
        Row.of(
            NAME,
            "`telegram` modules loaded by `bot.cli.main(['ask', ...])`",
            [float(len(probe["telegram"]))],
            "modules",
            target="0",
            ok=lambda v: v == 0,
            note=f"{probe['modules']} modules loaded in all; other heavy packages: "
            + (", ".join(others) or "none"),
        ),
    ]
