"""Flood guard, error handler, concurrency, restarts, optional start-up calls, log hygiene."""

from __future__ import annotations

import io
import logging
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.main import RedactingFilter, configure_logging
from bot.resilience import ResilientBot
from db.state import StateStore
from db.store import open_knowledge
from handlers.flood import FloodGuard, Verdict
from knowledge.answer import Answer
from knowledge.catalogue import t
from knowledge.context import Dialogue
from knowledge.engine import Engine
from tests.bot_fixtures import make_settings, running, to_chat
from tests.fakebotapi import FakeBotAPI
from tests.strings import said

USER = 1001
AnyApp = Application[Any, Any, Any, Any, Any, Any]


# -- flood guard ---------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_flood_guard_bucket_warns_once_then_waits_for_a_full_refill() -> None:
    clock = Clock()
    guard = FloodGuard(burst=3, window=3.0, clock=clock)
    assert [guard.check(1) for _ in range(3)] == [Verdict.OK] * 3
    assert guard.check(1) is Verdict.WARN
    assert guard.check(2) is Verdict.OK  # other users are unaffected
    assert guard.wait_seconds(1) == 3
    clock.now += 1.5
    assert guard.check(1) is Verdict.DROP  # half refilled: still quiet
    clock.now += 1.5
    assert guard.check(1) is Verdict.OK  # full again: forgiven
    clock.now += 10
    assert guard.prune() == 2 and len(guard) == 0
    with pytest.raises(ValueError):
        FloodGuard(burst=0)


async def test_flood_guard_in_the_bot(
    fake_api: FakeBotAPI, engine: Engine, state: StateStore, tmp_path: Path
) -> None:
    settings = make_settings(fake_api, tmp_path, flood_burst=3, flood_window=60.0)
    async with running(build_application(settings, engine=engine, state=state)):
        for n in range(7):
            fake_api.push_message(f"Gunung Mas {2021 + n % 4}")
        fake_api.push_callback("l:3679960277:2021")
        replies = await fake_api.wait_for("sendMessage", to_chat(USER), count=4)
        fake_api.push_message("/start", user_id=1002)  # someone else is still served
        await fake_api.wait_for("sendMessage", to_chat(1002))
        await fake_api.wait_for("answerCallbackQuery")
    sent = [r.text for r in fake_api.calls("sendMessage") if r.chat_id == USER]
    slow_down = t("bot.flood", "id", seconds=60)
    assert sent.count(slow_down) == 1  # one polite message, then silence
    assert len(sent) == 4 and sent == [r.text for r in replies]
    [pressed] = fake_api.calls("answerCallbackQuery")
    assert "text" not in pressed.params  # the button is acknowledged quietly


# -- errors --------------------------------------------------------------------------------


async def test_error_handler_logs_apologises_once_and_keeps_running(
    fake_api: FakeBotAPI,
    bot_app: AnyApp,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = Dialogue.answer  # what the text handler calls (a conversation over the engine)

    def exploding(self: Dialogue, key: Hashable, text: str, lang: str | None = None) -> Answer:
        if "meledak" in text:
            raise RuntimeError("kaboom")
        return real(self, key, text, lang)

    monkeypatch.setattr(Dialogue, "answer", exploding)
    caplog.set_level(logging.ERROR, logger="handlers.errors")
    fake_api.push_message("meledak 1")
    [apology] = await fake_api.wait_for("sendMessage", to_chat(USER))
    fake_api.push_message("meledak 2")
    fake_api.push_message("Gunung Mas 2024")
    _, answer = await fake_api.wait_for("sendMessage", to_chat(USER), count=2)

    assert apology.text == t("bot.error", "id")
    assert answer.text is not None and answer.text.startswith("<b>Kabupaten Gunung Mas</b>")
    assert [r.text for r in fake_api.calls("sendMessage")].count(t("bot.error", "id")) == 1
    failures = [r for r in caplog.records if r.name == "handlers.errors"]
    assert len(failures) == 2
    assert f"chat={USER}" in failures[0].getMessage()
    assert "error=RuntimeError" in failures[0].getMessage()
    assert failures[0].exc_info is not None


async def test_a_failed_send_is_logged_and_the_user_told(
    fake_api: FakeBotAPI, bot_app: AnyApp, caplog: pytest.LogCaptureFixture
) -> None:
    # one 500 is retried (issue 10); a send that keeps failing ends in the apology
    assert isinstance(bot_app.bot, ResilientBot)
    attempts = len(bot_app.bot.retry_delays) + 1
    fake_api.fail("sendMessage", chat_id=USER, status=500, times=attempts)
    fake_api.push_message("Gunung Mas 2024")
    *failed, apology = await fake_api.wait_for(
        "sendMessage", lambda r: r.chat_id == USER, count=attempts + 1
    )
    assert [f.status for f in failed] == [500] * attempts
    assert apology.ok and apology.text == t("bot.error", "id")
    assert any("handler failed" in r.getMessage() for r in caplog.records)


async def test_optional_start_up_call_failing_does_not_stop_the_bot(
    fake_api: FakeBotAPI,
    engine: Engine,
    state: StateStore,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_api.fail_method("setMyCommands")
    caplog.set_level(logging.WARNING, logger="bot.app")
    app = build_application(make_settings(fake_api, tmp_path), engine=engine, state=state)
    async with running(app):
        fake_api.push_message("/start")
        [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.ok
    assert any("method=setMyCommands" in r.getMessage() for r in caplog.records)


# -- concurrency and restarts ----------------------------------------------------------------


async def test_two_users_talking_at_once(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    slow, fast = 3001, 3002
    fake_api.fail("sendMessage", chat_id=slow, delay=0.2)  # only delays the answer
    fake_api.push_message("Gunung Mas 2024", user_id=slow)
    fake_api.push_message("Kota Bandung 2023", user_id=fast)
    [first] = await fake_api.wait_for("sendMessage", count=1)
    assert first.chat_id == fast  # the slow chat did not hold the other user up
    [late] = await fake_api.wait_for("sendMessage", to_chat(slow))
    assert late.text is not None and "Gunung Mas" in late.text
    assert first.text is not None and "Kota Bandung" in first.text


async def test_button_still_works_after_a_restart(
    fake_api: FakeBotAPI, engine: Engine, tmp_path: Path
) -> None:
    settings = make_settings(fake_api, tmp_path)
    first_state = StateStore(tmp_path / "state.db")
    async with running(build_application(settings, engine=engine, state=first_state)):
        fake_api.push_message("/bahasa en")
        fake_api.push_message("bandung")
        await fake_api.wait_for("sendMessage", to_chat(USER), count=2)
    first_state.close()
    asked = next(r for r in fake_api.calls("sendMessage") if r.params.get("reply_markup"))
    data = asked.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]

    # A new process: new Application, new engine and state opened from the data directory.
    fresh_engine = Engine(open_knowledge(engine.store.path.parent))
    try:
        app = build_application(settings, engine=fresh_engine)
        async with running(app):
            fake_api.push_callback(data, message_id=asked.result["message_id"])
            recs = await fake_api.wait_for("sendMessage", to_chat(USER), count=3)
    finally:
        fresh_engine.close()
    assert recs[2].text is not None and recs[2].text.startswith("<b>Kabupaten Bandung</b>")
    english = [said(f"zone.{zone}", "en") for zone in ("hijau", "kuning")]
    assert any(zone in recs[2].text for zone in english)  # English remembered


# -- logs ----------------------------------------------------------------------------------


async def test_token_never_appears_in_debug_logs(
    fake_api: FakeBotAPI, engine: Engine, state: StateStore, tmp_path: Path
) -> None:
    buffer = io.StringIO()
    root = logging.getLogger()
    saved_level, saved_handlers = root.level, list(root.handlers)
    settings = make_settings(fake_api, tmp_path, log_level="DEBUG")
    handler = configure_logging(settings, stream=buffer)
    noisy = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    for name in noisy:  # even when someone turns httpx's request logging back on
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        async with running(build_application(settings, engine=engine, state=state)):
            fake_api.push_message("Gunung Mas 2024")
            fake_api.push_inline_query("bandung")
            await fake_api.wait_for("sendMessage")
            await fake_api.wait_for("answerInlineQuery")
        logging.getLogger("telegram.test").warning("url %s/getMe", fake_api.base_url + "123:X")
        logging.getLogger("telegram.test").debug("token %s", settings.token, exc_info=True)
    finally:
        root.removeHandler(handler)
        for h in root.handlers:
            for f in [f for f in h.filters if isinstance(f, RedactingFilter)]:
                h.removeFilter(f)
        root.setLevel(saved_level)
        for name, level in noisy.items():
            logging.getLogger(name).setLevel(level)
        assert root.handlers == saved_handlers
    logs = buffer.getvalue()
    assert "DEBUG telegram" in logs  # PTB's own DEBUG logs were on
    assert "HTTP Request" in logs  # and httpx's request URLs were logged…
    assert fake_api.token not in logs  # …but never the token
    assert "TEST-TOKEN" not in logs
    assert "bot<redacted>" in logs


def test_redacting_filter_covers_args_exceptions_and_bare_tokens() -> None:
    token = "7012345678:AAHk3-bcdefghijklmnopqrstuvwxyz01234"
    redactor = RedactingFilter([token])
    try:
        raise RuntimeError(f"GET https://api.telegram.org/bot{token}/getMe failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "calling %s", (token,), sys.exc_info()
        )
    assert redactor.filter(record)
    formatted = logging.Formatter().format(record)
    assert token not in formatted and "<redacted>" in formatted
    other = "6999999999:ZZZk3-bcdefghijklmnopqrstuvwxyz98765"  # another bot's token
    assert other not in redactor.redact(f"leaked {other} and bot{other}/x")
    assert redactor.redact("score 85:30 at 12:45") == "score 85:30 at 12:45"


async def test_a_user_who_blocked_the_bot_is_logged_not_apologised_to(
    fake_api: FakeBotAPI, bot_app: AnyApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="handlers.errors")
    fake_api.block(USER)
    fake_api.push_message("Gunung Mas 2024")
    [refused] = await fake_api.wait_for("sendMessage", lambda r: r.chat_id == USER)
    fake_api.push_message("/start", user_id=1002)
    await fake_api.wait_for("sendMessage", to_chat(1002))
    assert refused.status == 403
    assert len([r for r in fake_api.calls("sendMessage") if r.chat_id == USER]) == 1
    assert any("chat unreachable" in r.getMessage() for r in caplog.records)
