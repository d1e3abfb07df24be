"""Issue 10's chaos test: 50 users keep asking while things break, one after another.

An unparseable update, three 502s on replies, a write lock on state.db held by another
connection (shortened here; ``bench/chaos.py`` holds it 10 s and compares p99 with a calm
run), then a damaged state.db. Every question is answered and nothing about any user is
lost: what was stored stays stored, what arrived during the lock is written after it, and
after the damage each user is still answered in their chosen language.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from telegram.ext import AIORateLimiter

from bot.app import build_application
from bot.config import Settings
from db.outbox import Outbox
from db.state import StateStore
from knowledge.engine import Engine
from tests.bot_fixtures import AnyApp, running
from tests.fakebotapi import FakeBotAPI
from tests.test_hardening import damage, hold_write_lock

USERS = range(5001, 5051)
ENGLISH = frozenset(u for u in USERS if u % 3 == 0)  # chose English before the trouble
QUESTIONS = ("gunung mas 2024", "kota palu 2023", "provinsi jawa timur 2024")
LOCK_SECONDS = 0.5


async def ask_everyone(fake: FakeBotAPI, question: str, answered: dict[int, int]) -> float:
    """Every user asks ``question``; returns the slowest answer's latency in seconds."""
    started = time.monotonic()
    for uid in USERS:
        fake.push_message(question, user_id=uid, language_code="id")
    for uid in USERS:
        answered[uid] += 1
        await fake.wait_for(
            "sendMessage", lambda r, u=uid: r.chat_id == u and r.ok, count=answered[uid], timeout=30
        )
    return time.monotonic() - started


def english(fake: FakeBotAPI, uid: int) -> bool:
    return "Zone" in fake.sent_texts(uid)[-1] or "(regency," in fake.sent_texts(uid)[-1]


@pytest_asyncio.fixture
async def unpaced_app(
    fake_api: FakeBotAPI, bot_settings: Settings, engine: Engine, state: StateStore
) -> AsyncIterator[AnyApp]:
    """The bot as built, but with replies not held to Telegram's ~30/s: 50 users asking
    at once would otherwise spend most of the test in the pacer (``bench/chaos.py`` runs
    the same failures with the production limiter)."""
    app = build_application(bot_settings, engine=engine, state=state)
    app.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, max_retries=2)
    async with running(app):
        yield app


async def test_fifty_users_are_answered_through_every_failure(
    fake_api: FakeBotAPI, unpaced_app: AnyApp, state: StateStore
) -> None:
    outbox = Outbox(state)
    state.retry_quiet = 0.2  # after a failed write, keep changes in memory this long (1 s live)
    engine = unpaced_app.bot_data.engine
    gumas = next(b for b in engine.store.bodies.values() if b.name == "Kabupaten Gunung Mas")
    for uid in USERS:  # stored before the trouble: must survive it
        state.touch(uid)
        if uid in ENGLISH:
            state.set_lang(uid, "en")
        if uid % 5 == 0:
            outbox.subscribe(uid, "body", gumas.id, gumas.province, gumas.name, None)
    answered = dict.fromkeys(USERS, 0)

    # 1. an update PTB cannot parse, then everyone asks
    fake_api.push_unparseable("isi pesan rahasia", user_id=5001)
    await ask_everyone(fake_api, QUESTIONS[0], answered)

    # 2. three 502s on replies
    fake_api.fail("sendMessage", status=502, description="Bad Gateway", times=3)
    await ask_everyone(fake_api, QUESTIONS[1], answered)

    # 3. another process holds the write lock; newcomers and language changes arrive meanwhile
    lock = hold_write_lock(Path(str(state.path)))
    newcomers = (5101, 5102, 5103)
    try:
        for uid in newcomers:
            fake_api.push_message("/start", user_id=uid)
        fake_api.push_message("/bahasa en", user_id=5002)
        waited = await ask_everyone(fake_api, QUESTIONS[2], answered)
        for uid in (*newcomers, 5002):
            await fake_api.wait_for("sendMessage", lambda r, u=uid: r.chat_id == u and r.ok)
        assert waited < LOCK_SECONDS * 4 + 10
        await asyncio.sleep(max(0.0, LOCK_SECONDS - waited))
    finally:
        lock.execute("rollback")
        lock.close()
    await asyncio.sleep(state.retry_quiet)  # no write is retried this soon after a failure
    fake_api.push_message("/start", user_id=5104)  # the next write brings the kept ones in
    await fake_api.wait_for("sendMessage", lambda r: r.chat_id == 5104 and r.ok)
    assert state.pending == 0
    for uid in (*USERS, *newcomers, 5104):
        assert state.user(uid) is not None, uid
    for uid in USERS:
        expected = "en" if uid in ENGLISH or uid == 5002 else None
        assert state.get_lang(uid) == expected, uid
        assert len(outbox.subscriptions(uid)) == (1 if uid % 5 == 0 else 0), uid

    # 4. state.db damaged under the running bot
    damage(Path(str(state.path)))
    await ask_everyone(fake_api, QUESTIONS[0], answered)
    for uid in USERS:
        assert english(fake_api, uid) == (uid in ENGLISH or uid == 5002), uid
    assert state.damaged

    texts = fake_api.sent_texts()
    assert not any(t.startswith(("Maaf", "Sorry")) for t in texts)
