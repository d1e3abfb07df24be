"""End to end: updates per second through the real bot, long polling the fake Bot API.

``python -m bench --only e2e`` (or ``python -m bench.e2e`` for one run, with options).

Three processes, so the bot and "Telegram" each get a core, as in production:

* the **fake Bot API** (``tests/fakebotapi.py``) serves 127.0.0.1 in a child process and
  plays the users: on command it queues the messages (``push_message``), waits until
  every one is answered, and reports what it saw;
* the **bot** is a second child, built by ``build_application(Settings(...))`` exactly as
  ``kepatuhan run`` builds it (default settings: ``AIORateLimiter``, flood guard 8 msgs /
  10 s per user, 64 updates in flight, INFO logging through the token-redacting filter,
  here into /dev/null); it opens the Engine and a fresh ``state.db`` in its own data
  directory and runs ``Application.run_polling`` as in production; SIGTERM stops it,
  as systemd does, and it then prints its figures (peak RSS for ``bench.botmemory``);
* this process only orchestrates.

Traffic: the first N of the shared messages (``bench/messages.py``) pushed in one burst,
from distinct private users in turn (user = message index mod ``users``): 6 messages a
user, fewer than the flood guard's burst of 8, so the guard, left at its defaults, never
trips (the bot counts "flood guard tripped" log records to prove it). Before them, a
warm-up of 200 messages from 50 other users is answered and forgotten (connections open,
caches filled: a bot that has been running for a while).

Checked in every run: every message is answered by exactly one successful
``sendMessage`` to its chat (counted per chat, none to other chats, none extra within 1 s
after the last), no other method is called (none of the 3,000 messages asks for a trend,
so no chart photo is expected; a ``sendPhoto`` would fail the check), no error status,
the bot handled every update without error, logged no error and no flood warning.

Rate = messages / (arrival of the last answer − first push), on the server's clock.
Latency = push → arrival of the answer, matching a chat's k-th answer to its k-th
message (answers in private chats carry no reference to the message).

Configurations:

* **production**: as built. ``AIORateLimiter``'s overall limit (Telegram's ~30 messages
  per second per bot) paces every ``sendMessage``, so this rate is that limit;
* **limit off**: the same Application with its rate limiter replaced by
  ``AIORateLimiter(overall_max_rate=0, max_retries=2)`` (per-group limit and retries
  kept): what python-telegram-bot + handlers + engine do on this machine;
* **paced**: production configuration, messages pushed at 20/s (below the limit): the
  answer latency of a bot that is not saturated.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import logging
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.core import ROOT, Row, data_dir, fmt, percentile, runs

NAME = "e2e"
TOKEN = "123456:TEST-TOKEN"
TARGET = 200.0  # updates/s, every update answered
TELEGRAM_PACE = 30.0  # messages/s per bot that AIORateLimiter holds replies to
USER_BASE = 700_000_000
WARMUP_BASE = 600_000_000
WARMUP, WARMUP_USERS = 200, 50
GRACE_S = 1.0  # after the last expected answer: time for extra answers to show up
LIMIT_OFF = (3000, 500)  # (messages, users) of the limit-off runs, also bench.botmemory's
PRODUCTION = (600, 100)  # at ~30 answers/s: 20 s a run
PACED_RATE, PACED = 20.0, (200, 200)
QUICK = {"limit off": (600, 100), "production": (150, 25), "paced": (60, 60)}
LIMIT_OFF_RUNS, PRODUCTION_RUNS = 5, 3


def _mb(field_name: str) -> float:
    """``VmHWM``/``VmRSS`` of this process in MB (``ru_maxrss`` without /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_of(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by process ``pid``; None without /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _progress(text: str) -> None:
    print(f"bench: e2e: {text}", file=sys.stderr, flush=True)


# -- child 1: the fake Bot API, which also plays the users -------------------------------


async def _workload(
    api: Any, count: int, users: int, rate: float, warmup: int, bot_pid: int
) -> dict[str, Any]:
    """Push ``count`` messages (a burst, or ``rate`` a second); wait for every answer."""
    from bench.messages import SEED, messages

    # start_polling's deleteWebhook comes right before the first getUpdates (which is
    # recorded only when it returns, up to 10 s later)
    await api.wait_for("deleteWebhook", timeout=120)
    await asyncio.sleep(0.5)
    texts = messages()[:count] if count <= 3000 else messages(count)
    if warmup:
        for i, text in enumerate(messages(warmup, seed=SEED + 1)):
            api.push_message(text, user_id=WARMUP_BASE + i % WARMUP_USERS)
        await api.wait_for("sendMessage", count=warmup, timeout=120)
        await asyncio.sleep(0.5)
    api.clear_requests()  # forget getMe, setMyCommands, the warm-up …
    pushed: dict[int, list[float]] = defaultdict(list)
    cpu_server, cpu_bot = time.process_time(), _cpu_of(bot_pid)
    first = time.monotonic()
    for i, text in enumerate(texts):
        if rate > 0:
            delay = first + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        chat = USER_BASE + i % users
        api.push_message(text, user_id=chat)
        pushed[chat].append(time.monotonic())
    last_push = time.monotonic()
    complete = True
    try:
        await api.wait_for("sendMessage", count=count, timeout=60 + count / 10)
    except AssertionError:
        complete = False
    cpu_server = time.process_time() - cpu_server
    bot_now = _cpu_of(bot_pid)
    await asyncio.sleep(GRACE_S)
    sends = api.calls("sendMessage")
    ok = [r for r in sends if r.ok]
    arrivals: dict[Any, list[float]] = defaultdict(list)
    for rec in ok:
        arrivals[rec.chat_id].append(rec.time)
    latencies: list[float] = []
    wrong = 0
    for chat, times in pushed.items():
        got = sorted(arrivals.pop(chat, []))
        wrong += len(got) != len(times)
        latencies += [a - p for p, a in zip(times, got, strict=False)]
    wrong += len(arrivals)  # answers to chats that never wrote
    answers = sorted(r.time for r in ok)
    polls = [r for r in api.calls("getUpdates") if r.ok and isinstance(r.result, list)]
    methods = Counter(r.method for r in api.requests)
    methods.pop("getUpdates", None)
    methods.pop("sendMessage", None)
    last = answers[min(count, len(answers)) - 1] if answers else first
    return {
        "complete": complete,
        "answered": len(ok),
        "statuses": dict(Counter(str(r.status) for r in sends)),
        "wrong_chats": wrong,
        "other_methods": dict(methods),
        "push_s": last_push - first,
        "span_s": last - first,
        "server_cpu_s": cpu_server,
        "bot_cpu_s": None if bot_now is None or cpu_bot is None else bot_now - cpu_bot,
        "latencies": latencies,
        "polls": len(polls),
        "max_batch": max((len(r.result) for r in polls), default=0),
        "pending": api.pending_updates,
    }


async def _serve() -> None:
    """Child: serve the fake Bot API; run one JSON command per stdin line."""
    sys.path.insert(0, str(ROOT))
    from tests.fakebotapi import FakeBotAPI

    api = FakeBotAPI(TOKEN)
    await api.start()
    print(api.base_url, flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line.strip():
            break
        print(json.dumps(await _workload(api, **json.loads(line))), flush=True)
    await api.stop()


# -- child 2: the bot --------------------------------------------------------------------


class _Tally(logging.Handler):
    """Counts log records of level WARNING and above, and flood-guard trips."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.levels: Counter[str] = Counter()
        self.flood = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.levels[record.levelname] += 1
        if record.name == "handlers.flood" and str(record.msg).startswith("flood guard tripped"):
            self.flood += 1


def _bot(base_url: str, data: Path, limit_off: bool, profile: Path | None = None) -> None:
    """Child: the real bot, long polling until SIGTERM; then print its figures."""
    from telegram.ext import AIORateLimiter

    from bot.app import ALLOWED_UPDATES, build_application
    from bot.config import Settings
    from bot.main import configure_logging
    from bot.observe import LoggingUpdateProcessor

    settings = Settings(token=TOKEN, api_base_url=base_url, data_dir=data)
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open while the bot runs)
    configure_logging(settings, stream=sink)
    tally = _Tally()
    logging.getLogger().addHandler(tally)
    app = build_application(settings)
    if limit_off:
        app.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, max_retries=2)
    ready: dict[str, float] = {}
    post_init = app.post_init

    async def after_init(application: Any) -> None:
        if post_init is not None:
            await post_init(application)
        ready["rss"] = _mb("VmRSS")

    app.post_init = after_init
    polling = functools.partial(
        app.run_polling, allowed_updates=list(ALLOWED_UPDATES), stop_signals=(signal.SIGTERM,)
    )
    if profile is None:
        polling()
    else:
        import cProfile

        cProfile.runctx("polling()", globals(), {"polling": polling}, str(profile))
    processor = app.update_processor
    stats = {
        "hwm": _mb("VmHWM"),
        "ready_rss": ready.get("rss", 0.0),
        "handled": processor.handled if isinstance(processor, LoggingUpdateProcessor) else -1,
        "errors": processor.errors if isinstance(processor, LoggingUpdateProcessor) else -1,
        "log_levels": dict(tally.levels),
        "flood_trips": tally.flood,
    }
    print(json.dumps(stats), flush=True)


# -- this process: one run ---------------------------------------------------------------


@dataclass
class Result:
    config: str
    count: int
    users: int
    rate: float  # pushes per second; 0: one burst
    warmup: int
    server: dict[str, Any] = field(default_factory=dict)
    bot: dict[str, Any] = field(default_factory=dict)

    @property
    def updates_per_s(self) -> float:
        span = float(self.server["span_s"])
        return self.count / span if span > 0 else 0.0

    def problems(self) -> list[str]:
        """Why this run does not count as "every update answered exactly once"."""
        s, b = self.server, self.bot
        found = []
        if not s["complete"] or s["answered"] != self.count:
            found.append(f"{s['answered']} of {self.count} answered")
        if s["wrong_chats"]:
            found.append(f"{s['wrong_chats']} chats with the wrong number of answers")
        if set(s["statuses"]) != {"200"}:
            found.append(f"statuses {s['statuses']}")
        if s["other_methods"]:
            found.append(f"other methods {s['other_methods']}")
        if b.get("handled") != self.count + self.warmup or b.get("errors") != 0:
            found.append(f"bot handled {b.get('handled')} updates, {b.get('errors')} errors")
        if b.get("log_levels"):
            found.append(f"bot logged {b['log_levels']}")
        if b.get("flood_trips"):
            found.append(f"flood guard tripped {b['flood_trips']} times")
        return found

    def latency_ms(self, q: float) -> float:
        return percentile(self.server["latencies"], q) * 1000

    def bot_ms_per_update(self) -> float | None:
        cpu = self.server.get("bot_cpu_s")
        return None if cpu is None else cpu / self.count * 1000

    def describe(self) -> str:
        s = self.server
        bot_cpu = self.bot_ms_per_update()
        cpu = "" if bot_cpu is None else f", bot CPU {bot_cpu:.2f} ms/update"
        return (
            f"{self.config}: {self.count:,} msgs / {self.users} users"
            + (f" at {self.rate:g}/s" if self.rate else "")
            + f": {self.updates_per_s:,.0f} updates/s, latency p50 {self.latency_ms(50):,.0f} "
            f"ms p99 {self.latency_ms(99):,.0f} ms{cpu}, server CPU "
            f"{s['server_cpu_s'] / self.count * 1000:.2f} ms/update, peak RSS "
            f"{self.bot.get('hwm', 0):.1f} MB, {s['polls']} getUpdates (≤ {s['max_batch']} "
            f"updates each); {'; '.join(self.problems()) or 'each answered exactly once'}"
        )


def _child(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.e2e", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _end(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def one_run(
    config: str,
    count: int,
    users: int,
    rate: float = 0.0,
    *,
    warmup: int = WARMUP,
    profile: Path | None = None,
) -> Result:
    """Start server and bot, run the workload, stop the bot (SIGTERM), collect both sides."""
    tmp = Path(tempfile.mkdtemp(prefix="kepatuhan-bench-e2e-"))
    shutil.copy2(data_dir() / "knowledge.db", tmp / "knowledge.db")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KEPATUHAN_DATA_DIR": str(tmp)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    server = _child(["--serve"], env)
    bot: subprocess.Popen[str] | None = None
    try:
        assert server.stdin is not None and server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"fake Bot API did not start: {base_url!r}")
        flags = ["--limit-off"] if config == "limit off" else []
        if profile is not None:
            flags += ["--profile", str(profile.resolve())]
        bot = _child(["--bot", base_url, "--data", str(tmp), *flags], env)
        command = {
            "count": count,
            "users": users,
            "rate": rate,
            "warmup": warmup,
            "bot_pid": bot.pid,
        }
        server.stdin.write(json.dumps(command) + "\n")
        server.stdin.flush()
        line = server.stdout.readline()
        if not line:
            raise RuntimeError("fake Bot API exited during the workload")
        result = Result(config, count, users, rate, warmup, server=json.loads(line))
        bot.send_signal(signal.SIGTERM)
        out, _ = bot.communicate(timeout=60)
        if bot.returncode != 0 or not out.strip():
            raise RuntimeError(f"bot exited {bot.returncode} without its figures")
        result.bot = json.loads(out.strip().splitlines()[-1])
        server.stdin.write("\n")
        server.stdin.flush()
        server.wait(timeout=30)
        return result
    finally:
        if bot is not None:
            _end(bot)
        _end(server)
        shutil.rmtree(tmp, ignore_errors=True)


def _runs(config: str, quick: bool, n: int, rate: float = 0.0) -> list[Result]:
    count, users = (
        QUICK[config] if quick else {"limit off": LIMIT_OFF, "production": PRODUCTION}[config]
    )
    out = []
    for i in range(n):
        _progress(f"{config} run {i + 1}/{n}: {count:,} messages from {users} users…")
        out.append(one_run(config, count, users, rate))
        _progress(out[-1].describe())
    return out


@functools.cache
def limit_off_runs(quick: bool) -> tuple[Result, ...]:
    """The 3,000-message runs with the rate limit off; ``bench.botmemory`` reuses them."""
    return tuple(_runs("limit off", quick, runs(quick, full=LIMIT_OFF_RUNS)))


def paced_run(quick: bool) -> Result:
    count, users = QUICK["paced"] if quick else PACED
    _progress(f"paced run: {count:,} messages at {PACED_RATE:g}/s (production config)…")
    result = one_run("production", count, users, PACED_RATE)
    _progress(result.describe())
    return result


def run(quick: bool) -> list[Row]:
    """The plug-in entry point of ``python -m bench``."""
    prod = _runs("production", quick, runs(quick, full=PRODUCTION_RUNS))
    off = list(limit_off_runs(quick))
    paced = paced_run(quick)
    every = [*prod, *off, paced]
    failed = [r.describe() for r in every if r.problems()]
    target = f"≥ {TARGET:g}"
    bot_ms = [ms for r in off if (ms := r.bot_ms_per_update()) is not None]
    server_ms = [r.server["server_cpu_s"] / r.count * 1000 for r in off]
    p50 = statistics.median(r.latency_ms(50) for r in off)
    p99 = statistics.median(r.latency_ms(99) for r in off)
    burst = f"latency in these bursts (queueing): p50 {fmt(p50)} ms, p99 {fmt(p99)} ms"
    rows = [
        Row.of(
            NAME,
            f"production config (AIORateLimiter, 30/s overall): {prod[0].count:,} msgs in one "
            f"burst from {prod[0].users} users",
            [r.updates_per_s for r in prod],
            "updates/s",
            # With the limiter on, the expected figure is Telegram's own pace (~30 msg/s per
            # bot), not the bot's capacity: the capacity target is the "limit off" row.
            target=f"≈ {TELEGRAM_PACE:g} (Telegram's pace)",
            ok=lambda v: 0.8 * TELEGRAM_PACE <= v <= 1.2 * TELEGRAM_PACE,
            note="paced by AIORateLimiter's overall limit (30 requests/s), not by the bot",
            passed_as="Telegram's limit",
        ),
        Row.of(
            NAME,
            f"overall rate limit off: {off[0].count:,} msgs in one burst from {off[0].users} users",
            [r.updates_per_s for r in off],
            "updates/s",
            target=target,
            ok=lambda v: v >= TARGET,
            note=burst,
        ),
    ]
    if bot_ms:
        rows.append(
            Row.of(
                NAME,
                "bot process CPU per update (limit off)",
                bot_ms,
                "ms",
                note=f"fake Bot API process: {fmt(statistics.median(server_ms))} ms per update",
            )
        )
    rows += [
        Row.of(
            NAME,
            f"answer latency p50, paced {PACED_RATE:g} msgs/s (production config)",
            [paced.latency_ms(50)],
            "ms",
            note=f"{paced.count} msgs from {paced.users} users, push → sendMessage at the server",
        ),
        Row.of(
            NAME,
            f"answer latency p99, paced {PACED_RATE:g} msgs/s (production config)",
            [paced.latency_ms(99)],
            "ms",
        ),
        Row.of(
            NAME,
            f"every update answered exactly once (all {len(every)} runs)",
            [0.0 if failed else 1.0],
            "",
            target="1",
            ok=lambda v: v == 1.0,
            note=" | ".join(failed),
        ),
    ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.e2e", description=__doc__)
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--bot", metavar="URL", help=argparse.SUPPRESS)
    p.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--limit-off", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--config", choices=("production", "limit off"), default="limit off")
    p.add_argument("--messages", type=int, default=LIMIT_OFF[0])
    p.add_argument("--users", type=int, default=LIMIT_OFF[1])
    p.add_argument("--rate", type=float, default=0.0, help="messages pushed a second (0: burst)")
    p.add_argument("--warmup", type=int, default=WARMUP, help="messages answered first")
    p.add_argument("--profile", type=Path, help="cProfile the bot process into this file")
    args = p.parse_args(argv)
    if args.serve:
        asyncio.run(_serve())
        return 0
    if args.bot:
        _bot(args.bot, args.data, args.limit_off, args.profile)
        return 0
    result = one_run(
        args.config, args.messages, args.users, args.rate, warmup=args.warmup, profile=args.profile
    )
    print(result.describe())
    return 0 if not result.problems() else 1


if __name__ == "__main__":
    sys.exit(main())
