"""Operations: one log line per update, the health endpoint, reloading after an import."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import shutil
import socket
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.app import build_application, reload_knowledge
from db.importer import import_file
from db.outbox import Job
from db.paths import knowledge_db_path
from db.state import StateStore
from db.store import RESULT_COLUMNS, open_knowledge
from knowledge.engine import Engine
from outreach.notify import Renderer
from tests.bot_fixtures import make_settings, running, to_chat
from tests.fakebotapi import FakeBotAPI

TODAY = dt.date(2026, 11, 24)


async def test_one_line_per_update_without_the_text(
    fake_api: FakeBotAPI, bot_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake_api.push_message("gumas 2024 rahasiaku")
    fake_api.push_message("/zona kotim 2022")
    await fake_api.wait_for("sendMessage", to_chat(1001), count=2)
    await asyncio.sleep(0.05)
    lines = [r.getMessage() for r in caplog.records if r.name == "kepatuhan.updates"]
    assert len(lines) == 2
    assert any("type=message" in x and "outcome=ok" in x and " ms=" in x for x in lines)
    assert any("type=command" in x and "command=/zona" in x for x in lines)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not any("rahasiaku" in x or "kotim" in x for x in info)


async def test_failed_update_is_logged_as_error(
    fake_api: FakeBotAPI,
    bot_app: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.INFO)
    engine = bot_app.bot_data.engine

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(engine, "answer_body", boom)
    fake_api.push_callback(f"l:{engine.store.by_name['Kabupaten Gunung Mas'].id}:2024")
    await fake_api.wait_for("sendMessage", to_chat(1001))  # the apology
    await asyncio.sleep(0.05)
    lines = [r.getMessage() for r in caplog.records if r.name == "kepatuhan.updates"]
    assert any("type=callback" in x and "outcome=error" in x for x in lines)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def http_get(port: int, path: str) -> tuple[str, dict[str, Any]]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    raw = (await reader.read()).decode()
    writer.close()
    head, body = raw.split("\r\n\r\n", 1)
    return head.splitlines()[0], json.loads(body)


async def test_health_endpoint(
    fake_api: FakeBotAPI, engine: Engine, tmp_path: Path, state: StateStore
) -> None:
    port = free_port()
    settings = make_settings(fake_api, tmp_path, health_port=port)
    app = build_application(settings, engine=engine, state=state)
    async with running(app):
        status, body = await http_get(port, "/healthz")
        assert status.endswith("200 OK")
        assert body["status"] == "ok" and body["bodies"] > 800
        status, _ = await http_get(port, "/other")
        assert status.endswith("404 Not Found")
    with pytest.raises(OSError):
        await http_get(port, "/healthz")


def copy_store(store_dir: Path, tmp_path: Path) -> Path:
    """A data directory of our own holding a copy of the built knowledge.db."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(knowledge_db_path(store_dir), knowledge_db_path(data))
    return data


def import_new_gumas_score(tmp_path: Path, data: Path) -> None:
    """Import a 2024 score of 88.12 for Gunung Mas, as ``kepatuhan db import`` does."""
    csv = tmp_path / "new.csv"
    csv.write_text(
        ",".join(RESULT_COLUMNS) + "\n2024,Kabupaten Gunung Mas,kabupaten,62.10,Kalimantan Tengah,"
        "88.12,hijau,tertinggi,,,named,https://example.org/g,\n",
        encoding="utf-8",
    )
    assert import_file(csv, data, TODAY).ok


async def test_engine_reloads_after_an_import(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path, state: StateStore
) -> None:
    data = copy_store(store_dir, tmp_path)
    settings = make_settings(fake_api, data)
    engine = Engine(open_knowledge(data), today=lambda: TODAY)
    app = build_application(settings, engine=engine, state=state)
    context = SimpleNamespace(bot_data=app.bot_data)
    await reload_knowledge(context)  # type: ignore[arg-type]
    assert app.bot_data.engine is engine  # nothing changed yet
    import_new_gumas_score(tmp_path, data)
    await reload_knowledge(context)  # type: ignore[arg-type]
    assert not app.bot_data.engines.refresh()  # the job swapped it already
    fresh = app.bot_data.engine
    assert fresh is not engine
    assert fresh.answer("gumas 2024").results[0].score == 88.12
    fresh.close()


async def test_notifications_and_handlers_share_one_engine_getter(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path, state: StateStore
) -> None:
    """After an import the renderer and the handlers see the same fresh engine, and the
    old one is closed once (no second reload path opening its own store)."""
    data = copy_store(store_dir, tmp_path)
    engine = Engine(open_knowledge(data), today=lambda: TODAY)
    app = build_application(make_settings(fake_api, data), engine=engine, state=state)
    svc = app.bot_data
    gumas = engine.store.by_name["Kabupaten Gunung Mas"]
    renderer = Renderer(svc.outbox, svc.engines.get)
    job = Job(1, 1, "notify", 1001, 0, 0, json.dumps([[gumas.id, 2024]]), "id", False)
    assert "88,12" not in renderer(job)
    import_new_gumas_score(tmp_path, data)
    assert "88,12" in renderer(job)  # rendered with the store just imported
    fresh = svc.engine
    assert fresh is not engine and svc.engines.get() is fresh
    assert fresh.answer("gumas 2024").results[0].score == 88.12
    assert not svc.engines.refresh()  # the job finds nothing left to do
    fresh.close()
