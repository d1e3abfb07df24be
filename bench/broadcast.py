"""The delivery engine: 10,000 recipients at the configured rate, and its own ceiling.

``python -m bench --only broadcast`` (or ``python -m bench.broadcast`` on its own).

The fake Bot API (``tests/fakebotapi.py``) runs in a *child process* on 127.0.0.1, so
the server and the sender each have a core, as Telegram and the bot would. The
sender runs here exactly as in the bot: ``db.outbox`` rows in a fresh ``state.db``
(one broadcast to N users, materialised by ``queue_broadcast``), ``bot.delivery.Sender``
with its own ``telegram.Bot`` (``delivery_bot``), claim → send → record per row.

Figures:

* **paced**: N recipients at ``KEPATUHAN_BROADCAST_RATE`` (25/s). The achieved rate
  is measured by the server, (sends − 1) / (last arrival − first arrival); target
  within 5 % of the configured rate. Memory: this process's RSS sampled every 5 s;
  "growth" is the largest RSS after the first 10 % of sends minus the RSS at 10 %
  (target < 5 MB: flat, nothing accumulates per recipient).
* **unthrottled**: rate 0 (no pacing), 8 requests in flight; sends per second
  measured the same way; target ≥ 500/s on loopback.
* every run also checks the outcome: each recipient received exactly one message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.core import ROOT, Row, runs

NAME = "broadcast"
RATE = 25.0
CONCURRENCY = 8
RECIPIENTS = 10_000
QUICK_RECIPIENTS = 250
CEILING_TARGET = 500.0
RATE_TOLERANCE = 0.05
GROWTH_TARGET_MB = 5.0
TEXT = (
    "📣 <b>Pengumuman Ombudsman RI</b>\nHasil Penilaian Kepatuhan 2025 sudah terbit. "
    'Cek hasil daerah Anda: ketik nama kabupaten/kota. <a href="https://ombudsman.go.id">'
    "ombudsman.go.id</a>"
)


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the fake Bot API in a child process ---------------------------------------------


async def _serve() -> None:
    """Child: serve the fake Bot API; on a line on stdin, print the send statistics."""
    sys.path.insert(0, str(ROOT))
    from tests.fakebotapi import FakeBotAPI

    api = FakeBotAPI()
    await api.start()
    print(api.base_url, flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)
    sends = [r for r in api.calls("sendMessage") if r.ok]
    per_chat = Counter(r.chat_id for r in sends)
    times = sorted(r.time for r in sends)
    print(
        json.dumps(
            {
                "sends": len(sends),
                "chats": len(per_chat),
                "repeated": sum(1 for n in per_chat.values() if n > 1),
                "first": times[0] if times else 0.0,
                "last": times[-1] if times else 0.0,
                "statuses": dict(Counter(str(r.status) for r in api.calls("sendMessage"))),
            }
        ),
        flush=True,
    )
    await api.stop()


class FakeServer:
    """The child process; ``stats()`` ends it and returns what it saw."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.broadcast", "--serve"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http://127.0.0.1:"):
            self.proc.kill()
            raise RuntimeError(f"fake Bot API did not start: {self.base_url!r}")

    def stats(self) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        data: dict[str, Any] = json.loads(self.proc.stdout.readline())
        self.proc.wait(timeout=30)
        return data

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


# -- one run ---------------------------------------------------------------------------


@dataclass
class Result:
    recipients: int
    rate: float
    wall_s: float
    server_rate: float
    exactly_once: bool
    rss: list[tuple[int, float]] = field(default_factory=list)  # (sent so far, MB)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def growth_mb(self) -> float:
        """Largest RSS after the first 10 % of sends, minus the RSS at that point."""
        after = [mb for sent, mb in self.rss if sent >= self.recipients // 10]
        return max(after) - after[0] if len(after) > 1 else 0.0


async def _run(recipients: int, rate: float, backend: str = "auto") -> Result:
    from bot.delivery import BotTransport, DeliveryConfig, Sender, delivery_bot
    from db.outbox import ALL, Outbox
    from db.state import StateStore

    server = FakeServer()
    tmp = Path(tempfile.mkdtemp(prefix="kepatuhan-bench-broadcast-"))
    state = StateStore(tmp / "state.db")
    try:
        with state.transaction() as con:
            con.executemany(
                "insert into users (chat_id, lang, created, updated) values (?, 'id', ?, ?)",
                [(100_000 + i, "2026-01-01", "2026-01-01") for i in range(recipients)],
            )
        outbox = Outbox(state)
        campaign = outbox.create_broadcast(TEXT, ALL, created_by=None)
        assert outbox.queue_broadcast(campaign) == recipients
        config = DeliveryConfig(rate=rate, concurrency=CONCURRENCY, poll_interval=0.5)
        bot = delivery_bot("123456:TEST-TOKEN", server.base_url, config, backend=backend)
        await bot.request.initialize()
        sender = Sender(outbox, BotTransport(bot, config.read_timeout), lambda job: TEXT, config)
        rss: list[tuple[int, float]] = [(0, rss_mb())]

        async def sample() -> None:
            while True:
                await asyncio.sleep(5.0)
                rss.append((sender.stats.sent, rss_mb()))

        sampler = asyncio.create_task(sample())
        started = time.perf_counter()
        await sender.drain()
        wall = time.perf_counter() - started
        sampler.cancel()
        rss.append((sender.stats.sent, rss_mb()))
        await bot.request.shutdown()
        counts = outbox.counts(campaign)
        stats = server.stats()
    finally:
        server.kill()
        state.close()
        for path in tmp.iterdir():
            path.unlink()
        tmp.rmdir()
    span = stats["last"] - stats["first"]
    server_rate = (stats["sends"] - 1) / span if span > 0 else 0.0
    once = (
        stats["sends"] == recipients
        and stats["chats"] == recipients
        and stats["repeated"] == 0
        and counts.sent == recipients
    )
    return Result(recipients, rate, wall, server_rate, once, rss, stats)


def _progress(text: str) -> None:
    print(f"bench: broadcast: {text}", file=sys.stderr, flush=True)


def paced(quick: bool, recipients: int | None = None, rate: float = RATE) -> list[Row]:
    n = recipients or (QUICK_RECIPIENTS if quick else RECIPIENTS)
    _progress(f"{n:,} recipients at {rate:g}/s (about {n / rate:.0f} s)…")
    result = asyncio.run(_run(n, rate))
    low, high = rate * (1 - RATE_TOLERANCE), rate * (1 + RATE_TOLERANCE)
    note = (
        f"{n:,} recipients, {result.wall_s:.0f} s wall; RSS {result.rss[0][1]:.0f} → "
        f"{result.rss[-1][1]:.0f} MB ({len(result.rss)} samples)"
    )
    return [
        Row.of(
            NAME,
            f"achieved rate at {rate:g}/s",
            [result.server_rate],
            "msg/s",
            target=f"{low:g}–{high:g}",
            ok=lambda v: low <= v <= high,
            note=note,
        ),
        Row.of(
            NAME,
            "RSS growth after the first 10 %",
            [result.growth_mb],
            "MB",
            target=f"< {GROWTH_TARGET_MB:g}",
            ok=lambda v: v < GROWTH_TARGET_MB,
            note="sampled every 5 s while sending",
        ),
        Row.of(
            NAME,
            "paced: each recipient exactly once",
            [1.0 if result.exactly_once else 0.0],
            "",
            target="1",
            ok=lambda v: v == 1.0,
            note=json.dumps(result.stats.get("statuses", {})),
        ),
    ]


def ceiling(quick: bool, recipients: int | None = None, backend: str = "auto") -> list[Row]:
    n = recipients or (2_000 if quick else RECIPIENTS)
    samples: list[float] = []
    once = True
    for i in range(runs(quick, full=3)):
        _progress(f"unthrottled run {i + 1}: {n:,} recipients ({backend} backend)…")
        result = asyncio.run(_run(n, 0.0, backend))
        samples.append(result.server_rate)
        once = once and result.exactly_once
    return [
        Row.of(
            NAME,
            f"unthrottled ceiling ({CONCURRENCY} in flight"
            + (f", {backend} backend)" if backend != "auto" else ")"),
            samples,
            "msg/s",
            target=f"≥ {CEILING_TARGET:g}",
            ok=lambda v: v >= CEILING_TARGET,
            note=f"{n:,} recipients per run; exactly once: {once}",
        )
    ]


def run(quick: bool) -> list[Row]:
    """The plug-in entry point of ``python -m bench``."""
    return ceiling(quick) + paced(quick)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__)
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--quick", action="store_true", help="250 paced / 2,000 unthrottled")
    p.add_argument("--only", choices=("paced", "ceiling"), help="one of the two figures")
    p.add_argument("--recipients", type=int, help="override the number of recipients")
    p.add_argument("--rate", type=float, default=RATE, help="paced rate (default 25/s)")
    p.add_argument(
        "--backend",
        choices=("auto", "aiohttp", "httpx"),
        default="auto",
        help="HTTP backend of the delivery Bot for the ceiling (auto: aiohttp if installed)",
    )
    args = p.parse_args(argv)
    if args.serve:
        asyncio.run(_serve())
        return 0
    rows: list[Row] = []
    if args.only in (None, "ceiling"):
        rows += ceiling(args.quick, args.recipients, args.backend)
    if args.only in (None, "paced"):
        rows += paced(args.quick, args.recipients, args.rate)
    for row in rows:
        print(
            f"{row.metric}: {row.value:,.2f} {row.unit} [{row.status or '-'}] "
            f"(target {row.target}; runs {row.samples}) {row.note}"
        )
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
