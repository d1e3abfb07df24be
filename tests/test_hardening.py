"""Issue 10: one bad update, a flaky proxy, a late button or a sick state.db must not stop the bot.

Everything runs through python-telegram-bot's real HTTP stack against the fake Bot API.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest

from bot.app import build_application
from bot.config import Settings
from bot.main import (
    USER_CONTENT_LOGGERS,
    RedactingFilter,
    TelegramErrorLines,
    configure_logging,
)
from bot.observe import HealthServer
from bot.resilience import RETRY_DELAYS, ResilientBot
from bot.webhook import MAX_BODY, SECRET_HEADER, WebhookServer
from db.state import StateStore
from knowledge.engine import Engine
from tests.bot_fixtures import AnyApp, to_chat
from tests.fakebotapi import FakeBotAPI
from tests.strings import fragment, in_html, said

SECRET_TEXT = "nomor KTP saya 6201234567890123"
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest.fixture
def debug_logs(fake_api: FakeBotAPI) -> Iterator[io.StringIO]:
    """The bot's own logging set-up at DEBUG, writing to a buffer; undone afterwards."""
    root = logging.getLogger()
    names = [*USER_CONTENT_LOGGERS, "httpx", "httpcore", "apscheduler"]
    saved = (root.level, list(root.handlers), {n: logging.getLogger(n).level for n in names})
    hook = sys.excepthook
    stream = io.StringIO()
    configure_logging(level=logging.DEBUG, stream=stream, extra_secrets=[fake_api.token])
    try:
        yield stream
    finally:
        for handler in [h for h in root.handlers if h not in saved[1]]:
            root.removeHandler(handler)
        for handler in root.handlers:
            for f in [
                f for f in handler.filters if isinstance(f, RedactingFilter | TelegramErrorLines)
            ]:
                handler.removeFilter(f)
        root.setLevel(saved[0])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)
        sys.excepthook = hook


def token_forms(token: str) -> list[str]:
    return [token, quote(token, safe=""), quote(token, safe="").lower(), token.split(":", 1)[1]]


# -- 2: one unparseable update ----------------------------------------------------------


async def test_unparseable_update_is_dropped_and_the_offset_advances(
    fake_api: FakeBotAPI, debug_logs: io.StringIO, bot_app: AnyApp
) -> None:
    polls_before = len(fake_api.calls("getUpdates"))
    bad = fake_api.push_unparseable(SECRET_TEXT, user_id=2001)
    fake_api.push_message("gunung mas 2024", user_id=2002)
    [rec] = await fake_api.wait_for("sendMessage", to_chat(2002), timeout=10)
    assert rec.text is not None and "Gunung Mas" in rec.text
    assert fake_api.pending_updates == 0 or all(
        u["update_id"] > bad["update_id"] for u in fake_api._updates
    )
    await asyncio.sleep(0.3)
    # no busy loop re-reading the same batch
    assert len(fake_api.calls("getUpdates")) - polls_before < 20
    logs = debug_logs.getvalue()
    assert "dropped an unreadable update" in logs
    assert f"update={bad['update_id']}" in logs
    # 8: PTB's payload loggers stay at INFO, so no user text is logged at DEBUG
    assert "6201234567890123" not in logs and "gunung mas 2024" not in logs
    assert "DEBUG" in logs
    assert not [form for form in token_forms(fake_api.token) if form.lower() in logs.lower()]


# -- 3: "query is too old" ----------------------------------------------------------------


@pytest.mark.parametrize("data", ["l:{body}:2024", "r", "t:{body}", "s:b:{body}"])
async def test_a_button_too_old_to_acknowledge_still_does_its_work(
    data: str, fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    engine = bot_app.bot_data.engine
    body = next(b.id for b in engine.store.bodies.values() if b.name == "Kabupaten Gunung Mas")
    fake_api.fail("answerCallbackQuery", status=400, description=TOO_OLD)
    fake_api.push_callback(data.format(body=body), user_id=2101)
    recs = (
        await fake_api.wait_for("sendMessage", lambda r: r.chat_id == 2101 and r.ok, timeout=10)
        if not data.startswith("t:")
        else await fake_api.wait_for("sendPhoto", lambda r: r.chat_id == 2101 and r.ok, timeout=20)
    )
    assert recs
    sent = " ".join(fake_api.sent_texts(2101))
    assert "Maaf" not in sent and "tidak berlaku" not in sent


# -- 11: replies retried, then one apology ----------------------------------------------


async def test_three_bad_gateways_still_deliver_the_answer(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.fail("sendMessage", status=502, description="Bad Gateway", times=3)
    fake_api.push_message("gunung mas 2024", user_id=2201)
    [rec] = await fake_api.wait_for("sendMessage", to_chat(2201), timeout=10)
    assert rec.text is not None and "Gunung Mas" in rec.text
    failed = [r for r in fake_api.calls("sendMessage") if r.chat_id == 2201 and not r.ok]
    assert len(failed) == 3


async def test_a_reply_that_keeps_failing_gets_one_apology(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    bot = bot_app.bot
    assert isinstance(bot, ResilientBot)
    fake_api.fail("sendMessage", chat_id=2301, status=500, times=len(bot.retry_delays) + 1)
    fake_api.push_message("gunung mas 2024", user_id=2301)
    [rec] = await fake_api.wait_for("sendMessage", to_chat(2301), timeout=10)
    assert rec.text is not None and said("bot.error") in rec.text
    await asyncio.sleep(0.1)  # a second apology would follow at once (retries are 0.07 s here)
    assert len(fake_api.sent_texts(2301)) == 1


def test_the_assembled_bot_retries_three_times_within_two_seconds(
    bot_settings: Settings, engine: Engine, state: StateStore
) -> None:
    # the fixtures shorten the pauses (QUICK_RETRIES); what ships is RETRY_DELAYS
    bot = build_application(bot_settings, engine=engine, state=state).bot
    assert isinstance(bot, ResilientBot)
    assert bot.retry_delays == RETRY_DELAYS
    assert len(RETRY_DELAYS) == 3 and sum(RETRY_DELAYS) < 2


def _bodies(app: AnyApp) -> dict[str, Any]:
    return {b.name: b for b in app.bot_data.engine.store.bodies.values()}


# -- 4 + 5: state.db locked by another process, then damaged -------------------------------


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's long write transaction (``BEGIN IMMEDIATE``)."""
    con = sqlite3.connect(path, isolation_level=None, timeout=0)
    con.execute("begin immediate")
    con.execute("create table if not exists other_tool (x)")
    return con


def damage(path: Path) -> None:
    """Garbage over state.db and its WAL/SHM, under the bot's open connection."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        part = path.with_name(name)
        if part.exists():
            size = part.stat().st_size
            with part.open("r+b") as fh:
                fh.write(os.urandom(max(size, 4096)))


async def test_a_write_lock_elsewhere_never_makes_a_question_wait(
    fake_api: FakeBotAPI, bot_app: AnyApp, state: StateStore
) -> None:
    fake_api.push_message("/bahasa en", user_id=2401)
    await fake_api.wait_for("sendMessage", to_chat(2401))
    lock = hold_write_lock(Path(str(state.path)))
    try:
        started = time.monotonic()
        fake_api.push_message("/start", user_id=2402)  # a new chat: a write
        fake_api.push_message("/bahasa en", user_id=2403)  # a write
        for uid in range(2410, 2420):
            fake_api.push_message("gunung mas 2024", user_id=uid)
        fake_api.push_message("gunung mas 2024", user_id=2401)
        for uid in (2401, 2402, 2403, *range(2410, 2420)):
            await fake_api.wait_for(
                "sendMessage",
                lambda r, u=uid: r.chat_id == u and r.ok,
                count=2 if uid == 2401 else 1,
            )
        waited = time.monotonic() - started
        assert waited < 2.0, f"answers waited {waited:.1f}s on the lock"
        assert state.pending >= 2  # the new chat and the language choice are kept in memory
        assert (
            said("zone.hijau", "en") in fake_api.sent_texts(2401)[-1]
        )  # 2401's English, from memory
    finally:
        lock.execute("rollback")
        lock.close()
    assert state.flush(force=True) >= 2 and state.pending == 0
    assert state.user(2402) is not None
    assert state.get_lang(2403) == "en" and state.get_lang(2401) == "en"
    texts = " ".join(fake_api.sent_texts())
    assert "Maaf" not in texts and "Sorry" not in texts


async def test_a_damaged_state_db_while_running_still_answers_in_the_chosen_language(
    fake_api: FakeBotAPI, bot_app: AnyApp, state: StateStore
) -> None:
    fake_api.push_message("/bahasa en", user_id=2501, language_code="id")
    await fake_api.wait_for("sendMessage", to_chat(2501))
    fake_api.push_message("gunung mas 2024", user_id=2501, language_code="id")
    await fake_api.wait_for("sendMessage", to_chat(2501), count=2)
    damage(Path(str(state.path)))
    fake_api.push_message("gunung mas 2024", user_id=2501, language_code="id")
    fake_api.push_message("kota palu 2023", user_id=2502, language_code="en")
    fake_api.push_message("/start", user_id=2503, language_code="id")
    fake_api.push_message("/langganan gunung mas", user_id=2504)  # needs state.db: apologises
    three = await fake_api.wait_for("sendMessage", to_chat(2501), count=3)
    [palu] = await fake_api.wait_for("sendMessage", to_chat(2502))
    [start] = await fake_api.wait_for("sendMessage", to_chat(2503))
    [sorry] = await fake_api.wait_for("sendMessage", to_chat(2504))
    assert said("zone.hijau", "en") in (three[-1].text or "")  # chosen language, kept in memory
    city = f"({said('kind.kota', 'en')},"
    assert "Palu" in (palu.text or "") and city in (palu.text or "")  # Telegram's language
    assert (start.text or "").startswith(in_html(said("greeting")))
    assert said("bot.error") in (sorry.text or "")  # the error handler works without state.db
    assert state.damaged
    assert 2503 in state._pending_touch


# -- 2 + 13: the webhook server --------------------------------------------------------------

WEBHOOK_SECRET = "rahasia_Webhook-456"


async def test_webhook_checks_the_secret_first_caps_the_body_and_drops_bad_updates(
    fake_api: FakeBotAPI, debug_logs: io.StringIO, bot_app: AnyApp
) -> None:
    server = WebhookServer(
        bot_app, listen="127.0.0.1", port=0, url_path="telegram", secret_token=WEBHOOK_SECRET
    )
    port = await server.start()
    url = f"http://127.0.0.1:{port}/telegram"
    good = {SECRET_HEADER: WEBHOOK_SECRET}
    try:
        async with aiohttp.ClientSession() as http:
            bad = fake_api.push_unparseable(SECRET_TEXT, user_id=2601)
            fake_api._updates.clear()
            async with http.post(url, json=bad, headers=good) as resp:
                assert resp.status == 200  # Telegram must not resend it forever
            async with http.post(url, data=b"\xff not json", headers=good) as resp:
                assert resp.status == 200
            big = b"x" * (MAX_BODY + 1)
            async with http.post(url, data=big) as resp:  # no secret: refused unread
                assert resp.status == 403
            async with http.post(url, data=big, headers=good) as resp:
                assert resp.status == 413
            fake_api.push_message("gunung mas 2024", user_id=2602)
            update = fake_api._updates.popleft()
            async with http.post(url, json=update, headers=good) as resp:
                assert resp.status == 200
        [rec] = await fake_api.wait_for("sendMessage", to_chat(2602), timeout=10)
        assert rec.text is not None and "Gunung Mas" in rec.text
    finally:
        await server.stop()
    logs = debug_logs.getvalue()
    assert "dropped an unreadable update" in logs
    assert "6201234567890123" not in logs and "gunung mas 2024" not in logs
    assert WEBHOOK_SECRET not in logs
    assert not [form for form in token_forms(fake_api.token) if form.lower() in logs.lower()]


async def test_healthz_refuses_a_huge_request_line_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    health = HealthServer(lambda: {"status": "ok"})
    port = await health.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /healthz?" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 5)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 414")
        await asyncio.sleep(0.05)
    finally:
        await health.stop()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


# -- 14: inline queries go through the flood guard ------------------------------------------


async def test_inline_queries_count_against_the_flood_guard(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    burst = bot_app.bot_data.flood.burst
    for _ in range(burst * 5):
        fake_api.push_inline_query("gunung mas", user_id=2701)
    fake_api.push_message("gunung mas 2024", user_id=2702)
    await fake_api.wait_for("sendMessage", to_chat(2702), timeout=10)
    await asyncio.sleep(0.3)
    answers = fake_api.calls("answerInlineQuery")
    assert len(answers) == burst + 1  # the burst, then one "too fast" and silence
    assert fragment("bot.flood.inline", index=0) in str(answers[-1].params.get("button"))


# -- 15: /hapusdata in a group --------------------------------------------------------------


async def test_hapusdata_in_a_group_says_to_use_it_in_private(
    fake_api: FakeBotAPI, bot_app: AnyApp, state: StateStore
) -> None:
    fake_api.push_message("/langganan gunung mas", user_id=2801)
    await fake_api.wait_for("sendMessage", to_chat(2801))
    fake_api.push_message("/hapusdata", user_id=2801, chat_id=-100280, chat_type="group")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(-100280))
    assert said("privacy.private_only") in (rec.text or "") and "1" not in (rec.text or "")
    assert state.user(2801) is not None  # nothing deleted from the group


# -- 16: deleted data leaves the WAL ------------------------------------------------------------


async def test_deleted_user_data_is_not_left_in_the_wal(
    fake_api: FakeBotAPI, bot_app: AnyApp, state: StateStore
) -> None:
    fake_api.push_message("/langganan Kabupaten Gunung Mas", user_id=2901)
    await fake_api.wait_for("sendMessage", to_chat(2901))
    fake_api.push_message("/hapusdata", user_id=2901)
    [_, done] = await fake_api.wait_for("sendMessage", to_chat(2901), count=2)
    assert fragment("privacy.deleted", index=0) in (done.text or "")
    path = Path(str(state.path))
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed (truncate)
    assert b"Kabupaten Gunung Mas" not in path.read_bytes()  # secure_delete overwrote it


# -- 17: bidi controls and empty callback data -------------------------------------------------


async def test_names_repeated_back_lose_bidi_controls(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_message("/langganan \u202ezzqx\u202c qwv\u2066", user_id=3001)
    [rec] = await fake_api.wait_for("sendMessage", to_chat(3001))
    assert "zzqx qwv" in (rec.text or "")
    assert not any(ch in (rec.text or "") for ch in "\u202e\u202c\u2066")


async def test_empty_callback_data_is_stale(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_callback("", user_id=3002)
    [ack] = await fake_api.wait_for("answerCallbackQuery", timeout=5)
    assert str(ack.params.get("text")) == said("bot.button_expired")
    await asyncio.sleep(0.1)  # a draft's first question would follow the acknowledgement
    assert fake_api.sent_texts(3002) == []  # no report draft started


# -- 1: what escapes anyway is one redacted line -------------------------------------------


def test_excepthook_prints_one_redacted_line(
    fake_api: FakeBotAPI, debug_logs: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    token = fake_api.token
    error = RuntimeError(f"GET http://proxy/bot{quote(token, safe='')}/getMe failed: {token}")
    sys.excepthook(RuntimeError, error, None)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kepatuhan: stopped by an unexpected error" in err
    assert not [form for form in token_forms(token) if form.lower() in err.lower()]
