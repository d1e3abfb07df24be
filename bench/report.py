"""The machine the figures come from, the Markdown table, and ``latest.json``."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.core import ROOT, Row, fmt

RESULTS = Path(__file__).resolve().parent / "results"


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            for raw in fh:
                if raw.startswith(key):
                    return raw.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _git(*args: str) -> str | None:
    """Output of a read-only git command in the checkout, or None outside one."""
    try:
        proc = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def _commit() -> str | None:
    """The checked-out commit, with ``+dirty`` when tracked files have local changes."""
    head = _git("rev-parse", "--short", "HEAD")
    if head is None:
        return None
    changes = _git("status", "--porcelain", "--untracked-files=no")
    return f"{head}+dirty" if changes else head


def machine() -> dict[str, Any]:
    """CPU, cores, memory, OS, Python and library versions, load when the run started."""
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    mem = _proc_field("/proc/meminfo", "MemTotal")
    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or None,
        "cores": len(affinity(0)) if affinity else os.cpu_count(),
        "memory_mb": round(int(mem.split()[0]) / 1024) if mem else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "rapidfuzz": ver("rapidfuzz"),
        "commit": _commit(),
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(rows: Sequence[Row], info: dict[str, Any], command: str) -> str:
    """The results as Markdown: machine line, table, notes, verdict."""
    load = info.get("load_avg")
    out = [
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_mb']} MB RAM; "
        f"{info['os']}; Python {info['python']}; rapidfuzz {info['rapidfuzz']}; "
        f"commit {info['commit']}; load average at start {load}.",
        f"Command: `{command}`",
        "",
        "| Benchmark | Metric | Median | Unit | Min – max | Runs | Target | Result |",
        "|---|---|--:|---|--:|--:|---|---|",
    ]
    for r in rows:
        spread = f"{fmt(min(r.samples))} – {fmt(max(r.samples))}" if r.runs > 1 else ""
        out.append(
            f"| {r.bench} | {_cell(r.metric)} | {fmt(r.value)} | {r.unit} | {spread} "
            f"| {r.runs} | {_cell(r.target)} | {r.status} |"
        )
    notes = [f"- {r.bench}: {r.metric}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "Notes:", *notes]
    failed = [r for r in rows if r.ok is False]
    out.append("")
    if failed:
        out.append(
            f"**FAIL**: {len(failed)} target(s) missed: "
            + "; ".join(
                f"{r.bench}: {r.metric} = {fmt(r.value)} {r.unit} (target {r.target})"
                for r in failed
            )
        )
    else:
        out.append("All targets PASS.")
    return "\n".join(out)


def write_json(
    path: Path, rows: Sequence[Row], info: dict[str, Any], command: str, extra: dict[str, Any]
) -> None:
    """Write the machine, the command and every row (with its samples) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": info,
        **extra,
        "rows": [r.to_json() for r in rows],
        "passed": all(r.ok is not False for r in rows),
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
