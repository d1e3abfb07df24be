"""Zone maps: drawing time cold and cached, and what drawing does to other users' replies.

``python -m bench --only maps``.

* **cold**: ``Engine.answer("peta …")`` with an empty picture directory, in a process that
  has already imported matplotlib and drawn one map (the bot's steady state); the first
  picture of a fresh process, import included, is reported on its own row (the CLI).
* **cached**: the same question again. Two figures: the picture alone (describing the
  map, its fingerprint and finding the file: what "cached render" costs) and the whole
  answer, whose text is the province overview and costs what "rekap <provinsi>" costs.
* **reply latency while maps are drawn**: the real Application (production settings,
  drawing on its worker thread) against the fake Bot API in this process. Text questions
  from the shared traffic arrive at ``RATE`` a second from distinct users; in the loaded
  runs another user keeps the drawing worker busy the whole time (the next uncached map
  is asked as soon as the previous photo arrives). Latency = push → the answer's arrival.
  The fake server shares this process (and its GIL) with the bot, so the loaded figure
  is, if anything, pessimistic: a real Telegram does not compete for the bot's CPU.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.core import Row, bench_env, data_dir, kepatuhan, percentile, runs

NAME = "maps"
PROVINCE_Q = "peta kalteng 2024"
COUNTRY_Q = "peta indonesia 2024"
PROVINCES_Q = "peta provinsi 2024"
RATE = 10.0  # text questions per second (below the production 30/s overall limit)
TEXTS, TEXTS_QUICK = 150, 40
TEXT_USERS = 800_000_000
MAP_USERS = 810_000_000
YEARS = (2021, 2022, 2023, 2024)


def _province_questions() -> list[str]:
    from knowledge import geo

    names = sorted(s.province for s in geo.shapes("provinsi").values())
    return [f"peta provinsi {name} {year}" for year in YEARS for name in names]


def _render_rows(quick: bool) -> list[Row]:
    from db.store import open_knowledge
    from knowledge.engine import Engine
    from knowledge.maps import map_picture

    engine = Engine(open_knowledge(data_dir()))
    cold: dict[str, list[float]] = {PROVINCE_Q: [], COUNTRY_Q: [], PROVINCES_Q: []}
    cached_answer: dict[str, list[float]] = {q: [] for q in cold}
    picture: list[float] = []
    try:
        engine.chart_dir = Path(tempfile.mkdtemp(prefix="maps-warm-"))
        engine.answer("peta jambi 2023")  # imports matplotlib, reads the boundaries
        for _ in range(runs(quick, full=5)):
            directory = Path(tempfile.mkdtemp(prefix="maps-cold-"))
            engine.chart_dir = directory
            for q in cold:
                t0 = time.perf_counter()
                ans = engine.answer(q)
                cold[q].append(time.perf_counter() - t0)
                assert ans.chart and Path(ans.chart).exists(), q
                t0 = time.perf_counter()
                again = engine.answer(q)
                cached_answer[q].append((time.perf_counter() - t0) * 1000)
                assert again.chart == ans.chart
            # the picture alone, for the largest map: spec, fingerprint, file check
            province = engine.store.by_name["Provinsi Kalimantan Tengah"]
            spec = engine.maps.province(_blank(), province, 2024)
            country = engine.maps.country(_blank(), 2024, provinces=False)
            assert spec is not None and country is not None
            t0 = time.perf_counter()
            ans = _blank()
            map_picture(ans, country, directory, later=True)
            picture.append((time.perf_counter() - t0) * 1000)
            assert ans.draw is None  # found, not drawn
            shutil.rmtree(directory, ignore_errors=True)
    finally:
        engine.close()
    return [
        Row.of(
            NAME,
            "map cold: province (Kalimantan Tengah 2024), answer + drawing",
            cold[PROVINCE_Q],
            "s",
            target="< 1",
            ok=lambda v: v < 1.0,
        ),
        Row.of(
            NAME,
            "map cold: country, every kabupaten/kota (2024)",
            cold[COUNTRY_Q],
            "s",
            target="< 3",
            ok=lambda v: v < 3.0,
        ),
        Row.of(
            NAME,
            "map cold: country by province (2024), numbered",
            cold[PROVINCES_Q],
            "s",
            target="< 3",
            ok=lambda v: v < 3.0,
        ),
        Row.of(
            NAME,
            "map cached: the picture (fingerprint + file found), country map",
            picture,
            "ms",
            target="< 10",
            ok=lambda v: v < 10.0,
        ),
        Row.of(
            NAME,
            "map cached: whole answer, province (text = the overview)",
            cached_answer[PROVINCE_Q],
            "ms",
        ),
        Row.of(NAME, "map cached: whole answer, country", cached_answer[COUNTRY_Q], "ms"),
    ]


def _blank() -> Any:
    from knowledge.answer import Answer

    return Answer("", "map", "id")


def _first_picture_rows(quick: bool) -> list[Row]:
    """``kepatuhan ask`` drawing a map in a fresh process (matplotlib import included)."""
    env = bench_env()
    charts = data_dir() / "charts"
    samples: list[float] = []
    for _ in range(runs(quick, full=3)):
        shutil.rmtree(charts, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run(
            [kepatuhan(), "ask", "--json", PROVINCE_Q],
            env=env,
            check=True,
            capture_output=True,
        )
        samples.append(time.perf_counter() - t0)
    return [
        Row.of(
            NAME,
            f'`kepatuhan ask "{PROVINCE_Q}"`, fresh process, drawing included',
            samples,
            "s",
        )
    ]


async def _lag(stop: asyncio.Event, out: list[float]) -> None:
    """How late a 10 ms timer fires: the event loop's stalls, in seconds."""
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.01)
        out.append(time.perf_counter() - t0 - 0.01)


async def _latencies(with_maps: bool, count: int) -> tuple[list[float], int, list[float]]:
    """Reply latencies (s) of ``count`` text questions, how many maps were sent meanwhile,
    and the event loop's stalls (s) during the measurement."""
    from bench.messages import messages
    from bot.app import build_application
    from bot.config import Settings
    from db.store import open_knowledge
    from knowledge.engine import Engine
    from tests.fakebotapi import FakeBotAPI

    work = Path(tempfile.mkdtemp(prefix="maps-bot-"))
    api = FakeBotAPI()
    await api.start()
    engine = Engine(open_knowledge(data_dir()))
    engine.chart_dir = work / "charts"
    app = build_application(
        Settings(token=api.token, api_base_url=api.base_url, data_dir=work), engine=engine
    )
    stop = asyncio.Event()
    maps_sent = 0

    async def keep_drawing() -> None:
        nonlocal maps_sent
        for k, question in enumerate(itertools.cycle(_province_questions())):
            if stop.is_set():
                return
            user = MAP_USERS + k  # a new chat each time: wait_for counts recorded calls too
            api.push_message(question, user_id=user)
            try:
                await api.wait_for("sendMessage", lambda r, u=user: r.chat_id == u, timeout=30)
            except AssertionError:
                return
            maps_sent += 1

    latencies: list[float] = []
    stalls: list[float] = []
    try:
        async with app:
            assert app.post_init is not None  # as run_polling: pictures go to the worker
            await app.post_init(app)
            assert engine.draw_later
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            # warm up: caches, connections, matplotlib imported and one picture sent
            api.push_message("peta jambi 2023", user_id=MAP_USERS - 1)
            await api.wait_for("sendPhoto", timeout=60)
            for i, text in enumerate(messages()[:20]):
                api.push_message(text, user_id=TEXT_USERS - 100 - i)
            await asyncio.sleep(2)
            drawer = asyncio.create_task(keep_drawing()) if with_maps else None
            await asyncio.sleep(0.5)
            ticker = asyncio.create_task(_lag(stop, stalls))
            pushed: dict[int, float] = {}
            arrived: dict[int, float] = {}
            start = time.monotonic()
            for i, text in enumerate(messages()[100 : 100 + count]):
                delay = start + i / RATE - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                pushed[TEXT_USERS + i] = time.monotonic()
                api.push_message(text, user_id=TEXT_USERS + i)
                for rec in api.calls("sendMessage"):
                    if rec.chat_id in pushed and rec.chat_id not in arrived:
                        arrived[rec.chat_id] = rec.time
            deadline = time.monotonic() + 60
            while len(arrived) < count and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
                for rec in api.calls("sendMessage"):
                    if rec.chat_id in pushed and rec.chat_id not in arrived:
                        arrived[rec.chat_id] = rec.time
            stop.set()
            await ticker
            if drawer is not None:
                await asyncio.wait_for(drawer, 60)
            latencies = [arrived[c] - pushed[c] for c in arrived]
            assert len(latencies) == count, f"{count - len(latencies)} questions unanswered"
            await app.updater.stop()
            await app.stop()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
    finally:
        await api.stop()
        engine.close()
        shutil.rmtree(work, ignore_errors=True)
    return latencies, maps_sent, stalls


def _latency_rows(quick: bool) -> list[Row]:
    count = TEXTS_QUICK if quick else TEXTS
    calm: list[float] = []
    busy: list[float] = []
    ratio: list[float] = []
    drawn: list[float] = []
    stall_calm: list[float] = []
    stall_busy: list[float] = []
    for _ in range(runs(quick, full=3)):
        without, _n, lag_calm = asyncio.run(_latencies(False, count))
        loaded, maps, lag_busy = asyncio.run(_latencies(True, count))
        calm.append(percentile(without, 99) * 1000)
        busy.append(percentile(loaded, 99) * 1000)
        ratio.append(busy[-1] / calm[-1])
        drawn.append(float(maps))
        stall_calm.append(percentile(lag_calm, 99) * 1000)
        stall_busy.append(percentile(lag_busy, 99) * 1000)
    return [
        Row.of(NAME, f"text reply latency p99, {RATE:.0f} questions/s, no maps", calm, "ms"),
        Row.of(
            NAME,
            "text reply latency p99, same traffic while maps are drawn non-stop",
            busy,
            "ms",
            note=f"maps sent per run: {', '.join(f'{d:.0f}' for d in drawn)}",
        ),
        Row.of(NAME, "event-loop stall p99 (10 ms timer), no maps", stall_calm, "ms"),
        Row.of(NAME, "event-loop stall p99 (10 ms timer), maps drawn", stall_busy, "ms"),
        Row.of(
            NAME,
            "p99 with maps / p99 without (median of per-run ratios)",
            ratio,
            "×",
            target="≤ 2",
            ok=lambda v: v <= 2.0,
        ),
    ]


def run(quick: bool) -> list[Row]:
    return _render_rows(quick) + _first_picture_rows(quick) + _latency_rows(quick)
