"""Fixtures for the Telegram bot tests: the real Application against the fake Bot API.

``bot_app`` is a started Application (long polling on loopback) with the session's
engine and a fresh state.db; ``running(app)`` starts/stops any other Application the
same way (e.g. a second one to simulate a restart).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.resilience import ResilientBot
from db.state import StateStore
from knowledge.engine import Engine
from tests.fakebotapi import FakeBotAPI

AnyApp = Application[Any, Any, Any, Any, Any, Any]


# Reply retries keep their number (three) but not their pauses: a test of what happens
# after the retries need not wait the production 1.7 s (``RETRY_DELAYS``).
QUICK_RETRIES = (0.01, 0.02, 0.04)


@asynccontextmanager
async def running(app: AnyApp) -> AsyncIterator[AnyApp]:
    """Like ``run_polling``: initialise, post_init, start, poll; always stop and shut down."""
    if isinstance(app.bot, ResilientBot):
        app.bot.use_retry_delays(QUICK_RETRIES)
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


def make_settings(fake: FakeBotAPI, data: Path, **overrides: Any) -> Settings:
    fields: dict[str, Any] = {
        "token": fake.token,
        "api_base_url": fake.base_url,
        "data_dir": data,
    }
    fields.update(overrides)
    return Settings(**fields)


@pytest.fixture
def bot_settings(fake_api: FakeBotAPI, tmp_path: Path) -> Settings:
    return make_settings(fake_api, tmp_path)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateStore]:
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


@pytest_asyncio.fixture
async def bot_app(
    fake_api: FakeBotAPI, bot_settings: Settings, engine: Engine, state: StateStore
) -> AsyncIterator[AnyApp]:
    """A running bot; start-up calls (getMe, setMyCommands, …) are already recorded."""
    app = build_application(bot_settings, engine=engine, state=state)
    async with running(app):
        yield app


def mention(text: str, username: str = "tanya_kepatuhan_bot") -> list[dict[str, Any]]:
    """The ``mention`` entity Telegram attaches to ``@username`` inside ``text``."""
    handle = "@" + username
    offset = len(text[: text.index(handle)].encode("utf-16-le")) // 2
    return [{"type": "mention", "offset": offset, "length": len(handle)}]


def to_chat(chat_id: int) -> Any:
    """A ``wait_for`` predicate: successful calls addressed to ``chat_id``."""
    return lambda rec: rec.chat_id == chat_id and rec.ok
