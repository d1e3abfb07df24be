"""Pytest fixtures around :class:`tests.fakebotapi.FakeBotAPI` (loaded via ``pytest_plugins``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.fakebotapi import FakeBotAPI


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    """A started fake Bot API on 127.0.0.1; stopped after the test so no port or task leaks."""
    api = FakeBotAPI()
    await api.start()
    try:
        yield api
    finally:
        await api.stop()
