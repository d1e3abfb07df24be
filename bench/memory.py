"""Peak resident memory of a process that opens the Engine and answers 3,000 messages.

Each figure comes from a fresh subprocess: ``VmHWM`` (the kernel's peak RSS) from
``/proc/self/status``, or ``ru_maxrss`` where /proc is missing. The target (< 150 MB)
is the running bot's; the engine alone is its floor, and the variant that also
imports ``telegram.ext`` is the nearest estimate of the bot until a bot benchmark
exists. The ``kepatuhan ask --jsonl`` figure is ``RUSAGE_CHILDREN`` of a parent
that ran nothing else.
"""

from __future__ import annotations

import json

from bench.core import PYTHON, Row, data_dir, kepatuhan, run_child, runs
from bench.messages import messages

NAME = "memory"
TARGET_MB = 150.0

_PEAK = """
def peak_mb(field="VmHWM"):
    try:
        with open("/proc/self/status") as fh:
            for ln in fh:
                if ln.startswith(field + ":"):
                    return int(ln.split()[1]) / 1024
    except OSError:
        pass
    import resource, sys
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)
"""

_ENGINE = (
    _PEAK
    + """
import json, sys
from pathlib import Path
texts = sys.stdin.read().splitlines()
%s
from db.store import open_knowledge
from knowledge.engine import Engine
engine = Engine(open_knowledge(Path(%r)))
opened = peak_mb("VmRSS")
for text in texts:
    engine.answer(text).to_json()
print(json.dumps({"peak": peak_mb(), "opened": opened, "answered": len(texts)}))
"""
)

_CHILD_PEAK = """
import resource, subprocess, sys
with open(sys.argv[1], "rb") as fh:
    subprocess.run([sys.argv[2], "ask", "--jsonl"], stdin=fh, stdout=subprocess.DEVNULL, check=True)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(rss / (1024 * 1024 if sys.platform == "darwin" else 1024))
"""


def engine_peak(texts: list[str], preload: str = "") -> tuple[float, float]:
    """(peak MB, MB right after opening) of one subprocess answering ``texts``."""
    code = _ENGINE % (preload, str(data_dir()))
    out = json.loads(run_child([PYTHON, "-c", code], stdin="\n".join(texts).encode()).stdout)
    if out["answered"] != len(texts):
        raise RuntimeError(f"answered {out['answered']} of {len(texts)}")
    return float(out["peak"]), float(out["opened"])


def run(quick: bool) -> list[Row]:
    texts = messages()
    n = runs(quick, full=3)
    inputs = data_dir() / "bench-messages.txt"
    inputs.write_text("\n".join(texts) + "\n", encoding="utf-8")
    engine = [engine_peak(texts) for _ in range(n)]
    with_ptb = [engine_peak(texts, "import telegram.ext") for _ in range(n)]
    probe = [PYTHON, "-c", _CHILD_PEAK, str(inputs), kepatuhan()]
    cli = [float(run_child(probe).stdout) for _ in range(n)]
    opened = sorted(o for _, o in engine)[len(engine) // 2]
    target = f"< {TARGET_MB:.0f} (bot)"
    return [
        Row.of(
            NAME,
            f"peak RSS: Engine.open + answer {len(texts):,} msgs",
            [p for p, _ in engine],
            "MB",
            target=target,
            ok=lambda v: v < TARGET_MB,
            note=f"RSS right after Engine.open: {opened:.1f} MB",
        ),
        Row.of(
            NAME,
            "peak RSS: same, with `telegram.ext` imported (bot floor estimate)",
            [p for p, _ in with_ptb],
            "MB",
            target=target,
            ok=lambda v: v < TARGET_MB,
        ),
        Row.of(NAME, f"peak RSS: `kepatuhan ask --jsonl` on {len(texts):,} msgs", cli, "MB"),
    ]
