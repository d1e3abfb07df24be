"""Staff broadcasts through the real Application: preview, confirm, progress, admin checks."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.cli import main as cli
from bot.delivery import DeliveryConfig, Sender, config_from
from db.outbox import BODY, PROVINCE, Outbox
from db.paths import knowledge_db_path
from db.state import StateStore
from handlers.broadcast import go_data, no_data, parse_button
from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.bot_fixtures import make_settings, running, to_chat
from tests.fakebotapi import FakeBotAPI, Recorded
from tests.strings import fragment, in_html, said

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ADMIN = 1001
CITIZEN = 6666
USERS = list(range(2001, 2013))
TEXT = (
    "<b>Pengumuman</b>\nHasil penilaian 2025 &amp; metode baru: "
    '<a href="https://ombudsman.go.id">lihat</a> <tg-spoiler>segera</tg-spoiler>'
)
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def buttons(rec: Recorded) -> dict[str, str]:
    markup = rec.params.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


def delivered(fake: FakeBotAPI, chats: list[int]) -> Counter[int]:
    wanted = set(chats)
    return Counter(
        int(r.chat_id or 0) for r in fake.calls("sendMessage") if r.ok and r.chat_id in wanted
    )


@asynccontextmanager
async def bot(
    fake: FakeBotAPI,
    data: Path,
    engine: Engine,
    state: StateStore,
    *,
    grace: float = DeliveryConfig.grace,
    **settings: Any,
) -> AsyncIterator[AnyApp]:
    """The bot with the sender at the settings' rate; a finished broadcast is reported
    within 0.05 s instead of 1 s, and a stop waits ``grace`` s for requests in flight."""
    fields: dict[str, Any] = {
        "admin_ids": frozenset({ADMIN}),
        "broadcast_rate": 500.0,
        "flood_burst": 100,
        **settings,
    }
    made = make_settings(fake, data, **fields)
    delivery = replace(config_from(made), housekeeping_interval=0.05, grace=grace)
    app = build_application(made, engine=engine, state=state, delivery=delivery)
    async with running(app):
        fake.clear_requests()
        yield app


def add_users(state: StateStore, chats: list[int]) -> None:
    for chat in chats:
        state.touch(chat)


async def draft(fake: FakeBotAPI, text: str) -> tuple[Recorded, int]:
    """/siaran from the admin; returns the confirmation message and the campaign id."""
    fake.push_message(f"/siaran {text}", user_id=ADMIN)
    _, confirm = await fake.wait_for("sendMessage", to_chat(ADMIN), count=2)
    parsed = parse_button(buttons(confirm)[t("bc.btn.cancel", "id")])
    assert parsed is not None
    return confirm, parsed[1]


async def test_preview_confirm_progress_and_report(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> None:
    add_users(state, USERS)
    blocked = USERS[-1]
    fake_api.block(blocked)
    async with bot(fake_api, tmp_path, engine, state):
        fake_api.push_message(f"/siaran {TEXT}", user_id=ADMIN)
        preview, confirm = await fake_api.wait_for("sendMessage", to_chat(ADMIN), count=2)
        assert preview.text == TEXT  # exactly what users will get, parsed by "Telegram"
        assert confirm.text is not None
        assert fragment("bc.preview", target=said("bc.target.all"), count=12) in confirm.text
        choices = buttons(confirm)
        campaign_id = int(choices[t("bc.btn.send", "id", count="12")].split(":")[2])
        assert choices[t("bc.btn.cancel", "id")] == no_data(campaign_id)
        assert not delivered(fake_api, USERS)  # nothing before the confirmation

        fake_api.push_callback(
            go_data(campaign_id), user_id=ADMIN, message_id=confirm.result["message_id"]
        )
        await fake_api.wait_for(
            "sendMessage", lambda r: r.chat_id in USERS and r.ok, count=11, timeout=10
        )
        report = t(
            "bc.report",
            "id",
            id=campaign_id,
            target="semua pengguna",
            sent="11",
            blocked="1",
            failed="0",
            total="12",
        )
        [edit] = await fake_api.wait_for("editMessageText", lambda r: r.text == report, timeout=10)
        assert edit.params["message_id"] == confirm.result["message_id"]
    assert delivered(fake_api, USERS) == Counter(dict.fromkeys(USERS[:-1], 1))
    assert [r.text for r in fake_api.calls("sendMessage") if r.chat_id == USERS[0]] == [TEXT]
    outbox = Outbox(state)
    assert outbox.blocked_at(blocked) is not None
    campaign = outbox.campaign(campaign_id)
    assert campaign is not None and campaign.status == "done" and campaign.created_by == ADMIN

    # confirming again (a double tap, an old message) sends nothing more
    async with bot(fake_api, tmp_path, engine, state):
        fake_api.push_callback(go_data(campaign_id), user_id=ADMIN)
        [answer] = await fake_api.wait_for("answerCallbackQuery")
        assert answer.params["text"] == t("bc.already", "id", id=campaign_id, status="selesai")
        await asyncio.sleep(0.1)  # a woken sender at 500/s would have sent by now
        assert not delivered(fake_api, USERS)
        counts = outbox.counts(campaign_id)
        assert (counts.total, counts.sent, counts.open) == (12, 11, 0)  # nothing queued again


async def test_bad_html_is_shown_to_the_admin_and_nothing_is_created(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> None:
    add_users(state, USERS)
    async with bot(fake_api, tmp_path, engine, state):
        fake_api.push_message("/siaran Halo\n<b>warga <i>semua</b></i>", user_id=ADMIN)
        [rec] = await fake_api.wait_for("sendMessage", to_chat(ADMIN))
        problem = t("bc.html.mismatch", "id", detail="</b> (<i>)")
        expected = t("bc.html_error", "id", problem=problem, line=2, column=18)
        assert rec.text == expected.replace("<", "&lt;").replace(">", "&gt;")

        fake_api.push_message("/siaran a < b", user_id=ADMIN)
        fake_api.push_message("/siaran <br>baris", user_id=ADMIN)
        _, lt, br = await fake_api.wait_for("sendMessage", to_chat(ADMIN), count=3)
        lt_error = said("bc.html_error", problem=said("bc.html.lt"), line=1, column=3)
        assert lt.text == in_html(lt_error) and "&amp;lt;" in lt.text
        br_error = said(
            "bc.html_error", problem=said("bc.html.tag", detail="<br>"), line=1, column=1
        )
        assert br.text == in_html(br_error)

        # the last check is Telegram's own parser, on the preview sent to the admin alone
        fake_api.fail(
            "sendMessage",
            chat_id=ADMIN,
            status=400,
            description="Bad Request: can't parse entities: Unsupported start tag",
        )
        fake_api.push_message("/siaran <b>ok</b>", user_id=ADMIN)
        [refused] = await fake_api.wait_for(
            "sendMessage",
            lambda r: r.ok and fragment("bc.telegram_error", index=0) in (r.text or ""),
        )
        assert refused.text is not None
        assert refused.text.startswith(fragment("bc.telegram_error", index=0))
    outbox = Outbox(state)
    assert [c.status for c in outbox.campaigns(("draft", "queued", "done", "cancelled"))] == [
        "cancelled"
    ]
    assert not delivered(fake_api, USERS)


async def test_audiences_and_the_command_line(
    fake_api: FakeBotAPI,
    tmp_path: Path,
    store_dir: Path,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(knowledge_db_path(store_dir), knowledge_db_path(data))
    monkeypatch.setenv("KEPATUHAN_DATA_DIR", str(data))
    state = StateStore(data / "state.db")
    outbox = Outbox(state)
    kalteng = engine.store.by_name["Provinsi Kalimantan Tengah"]
    bandung = engine.store.by_name["Kota Bandung"]
    outbox.subscribe(3001, PROVINCE, kalteng.id, "Kalimantan Tengah", "Kalimantan Tengah", "id")
    outbox.subscribe(3002, BODY, 3679960277, "Kalimantan Tengah", "Kabupaten Gunung Mas", "id")
    outbox.subscribe(3003, BODY, bandung.id, bandung.province, bandung.name, "id")
    try:
        assert cli(["broadcast", "--text", "<b>oops", "--target", "all"]) == 1
        assert said("bc.html.unclosed", "en", detail="<b>") in capsys.readouterr().err
        assert cli(["broadcast", "--text", "x", "--target", "planet:mars"]) == 2
        assert cli(["broadcast", "--text", "x", "--target", "body:bandung"]) == 2
        assert "Kota Bandung" in capsys.readouterr().err
        assert cli(["broadcast", "--text", "<i>x</i>", "--target", "all", "--dry-run"]) == 0
        assert outbox.campaigns(("draft", "queued")) == []
        assert cli(["broadcast", "--text", "<i>Kalteng</i>", "--target", "province:kalteng"]) == 0
        assert "queued for 2 recipient(s)" in capsys.readouterr().out

        async with bot(fake_api, data, engine, state):  # the running bot drains the CLI's queue
            got = await fake_api.wait_for("sendMessage", lambda r: r.ok, count=2, timeout=10)
            assert sorted(r.chat_id for r in got) == [3001, 3002]  # type: ignore[type-var]

            fake_api.push_message("/siaran instansi: gunung mas\n<b>Gumas</b>", user_id=ADMIN)
            _, confirm = await fake_api.wait_for("sendMessage", to_chat(ADMIN), count=2)
            target = said("bc.target.body", name="Kabupaten Gunung Mas")
            # two recipients: the body's subscriber and the province's
            assert confirm.text is not None
            assert fragment("bc.preview", target=target, count=2) in confirm.text
            fake_api.push_message("/siaran provinsi: Atlantis\nhalo", user_id=ADMIN)
            fake_api.push_message("/siaran instansi: bandung\nhalo", user_id=ADMIN)
            _, _, unknown, ambiguous = await fake_api.wait_for(
                "sendMessage", to_chat(ADMIN), count=4
            )
            assert unknown.text == t("bc.target_unknown", "id", text="Atlantis")
            assert (
                ambiguous.text is not None and "Kabupaten Bandung, Kota Bandung" in ambiguous.text
            )
    finally:
        state.close()


async def test_a_non_admin_cannot_start_confirm_cancel_or_look(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> None:
    add_users(state, USERS)
    outbox = Outbox(state)
    async with bot(fake_api, tmp_path, engine, state):
        confirm, campaign_id = await draft(fake_api, "<b>rahasia</b>")
        fake_api.clear_requests()

        fake_api.push_message("/siaran <b>spam</b>", user_id=CITIZEN)
        fake_api.push_message("/broadcast spam", user_id=CITIZEN)
        fake_api.push_message("/siaran_status", user_id=CITIZEN)
        fake_api.push_message("/siaran_batal", user_id=CITIZEN)
        fake_api.push_message(f"/siaran_batal {campaign_id}", user_id=CITIZEN)
        refusals = await fake_api.wait_for("sendMessage", to_chat(CITIZEN), count=5)
        assert {r.text for r in refusals} == {t("bc.not_admin", "id")}

        # forged buttons: in the citizen's own chat, and pressed on the admin's message
        for data in (go_data(campaign_id), no_data(campaign_id), "b:go:999", "b:xx:1"):
            fake_api.push_callback(data, user_id=CITIZEN)
        fake_api.push_callback(
            go_data(campaign_id),
            user_id=CITIZEN,
            chat_id=ADMIN,
            message_id=confirm.result["message_id"],
        )
        answers = await fake_api.wait_for("answerCallbackQuery", count=5)
        assert {a.params.get("text") for a in answers} == {t("bc.not_admin_button", "id")}
        assert all(a.params.get("show_alert") is True for a in answers)
        await asyncio.sleep(0.1)  # a woken sender at 500/s would have sent by now

        campaign = outbox.campaign(campaign_id)
        assert campaign is not None and campaign.status == "draft"  # nothing changed
        assert outbox.counts(campaign_id).total == 0
        assert len(outbox.campaigns(("draft", "queued", "done", "cancelled"))) == 1
        assert not delivered(fake_api, USERS)
        assert not fake_api.calls("editMessageText")

        # the admin can
        fake_api.push_callback(no_data(campaign_id), user_id=ADMIN)
        [edit] = await fake_api.wait_for("editMessageText")
        assert edit.text == t("bc.draft_cancelled", "id", id=campaign_id)
    assert outbox.campaign(campaign_id).status == "cancelled"  # type: ignore[union-attr]


async def test_status_and_cancel_stop_what_is_not_yet_sent(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> None:
    users = list(range(4001, 4061))
    add_users(state, users)
    outbox = Outbox(state)
    async with bot(fake_api, tmp_path, engine, state, broadcast_rate=40.0):
        confirm, campaign_id = await draft(fake_api, "<i>pelan</i>")
        fake_api.push_callback(
            go_data(campaign_id), user_id=ADMIN, message_id=confirm.result["message_id"]
        )
        await fake_api.wait_for("sendMessage", lambda r: r.chat_id in users, count=5)
        fake_api.push_message("/siaran_status", user_id=ADMIN)
        status = await fake_api.wait_for(
            "sendMessage",
            lambda r: r.chat_id == ADMIN and said("bc.status_title") in (r.text or ""),
        )
        assert status[0].text is not None and said("bc.status.queued") in status[0].text
        fake_api.push_message("/siaran_batal", user_id=ADMIN)
        stopped = fragment("bc.cancelled_report", id=campaign_id)
        [done] = await fake_api.wait_for(
            "sendMessage",
            lambda r: r.chat_id == ADMIN and stopped in (r.text or ""),
        )
        sent_at_cancel = sum(delivered(fake_api, users).values())
        await asyncio.sleep(0.25)  # at 40/s, ten more would have gone out by now
        sent = delivered(fake_api, users)
    counts = outbox.counts(campaign_id)
    assert sum(sent.values()) <= sent_at_cancel + 2  # at most the ones in flight
    assert all(n == 1 for n in sent.values())
    assert counts.cancelled > 20 and counts.sent == sum(sent.values()) and counts.open == 0
    assert outbox.campaign(campaign_id).status == "cancelled"  # type: ignore[union-attr]
    # the report is written at the cancel; a request in flight then may still land (<= 2)
    reports = {
        said(
            "bc.cancelled_report",
            id=campaign_id,
            target=said("bc.target.all"),
            sent=counts.sent - late,
            blocked=counts.blocked,
            failed=counts.failed,
            cancelled=counts.cancelled,
        )
        for late in range(3)
    }
    assert done.text in reports


async def test_interactive_replies_are_not_starved_by_a_broadcast(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> None:
    users = list(range(5001, 5101))
    add_users(state, users)
    for chat in users:  # a slow Telegram for broadcast messages: 2 s each
        fake_api.fail("sendMessage", chat_id=chat, delay=2.0)
    # grace 0: the stop at the end cancels the slow requests still in flight
    async with bot(fake_api, tmp_path, engine, state, grace=0.0, broadcast_concurrency=8) as app:
        _, campaign_id = await draft(fake_api, "<b>ramai</b>")
        fake_api.push_callback(go_data(campaign_id), user_id=ADMIN)
        sender = app.bot_data.sender
        assert isinstance(sender, Sender)
        for _ in range(500):
            if sender.in_flight == 8:
                break
            await asyncio.sleep(0.01)
        # every delivery slot is busy for 2 s; a question still gets its answer at once
        assert sender.in_flight == 8
        asked = time.monotonic()
        fake_api.push_message("zona gunung mas 2024", user_id=7777)
        [answer] = await fake_api.wait_for("sendMessage", to_chat(7777), timeout=5)
        assert answer.time - asked < 0.5
        assert sum(delivered(fake_api, users).values()) < len(users)  # still broadcasting
        fake_api.push_message("/siaran_batal", user_id=ADMIN)
        stopped = fragment("bc.cancelled_report", id=campaign_id)
        await fake_api.wait_for("sendMessage", lambda r: stopped in (r.text or ""))


def test_settings_and_the_command_text(tmp_path: Path) -> None:
    import datetime as dt

    from telegram import Chat, Message, MessageEntity

    from bot.config import ConfigError, load_settings
    from handlers.broadcast import command_text

    settings = load_settings({"KEPATUHAN_DATA_DIR": str(tmp_path)})
    assert (settings.broadcast_rate, settings.broadcast_concurrency) == (25.0, 8)
    custom = load_settings(
        {
            "KEPATUHAN_DATA_DIR": str(tmp_path),
            "KEPATUHAN_BROADCAST_RATE": "12.5",
            "KEPATUHAN_BROADCAST_CONCURRENCY": "4",
        }
    )
    assert (custom.broadcast_rate, custom.broadcast_concurrency) == (12.5, 4)
    for name, value in (
        ("KEPATUHAN_BROADCAST_RATE", "fast"),
        ("KEPATUHAN_BROADCAST_RATE", "0"),
        ("KEPATUHAN_BROADCAST_CONCURRENCY", "0"),
    ):
        with pytest.raises(ConfigError, match=name):
            load_settings({"KEPATUHAN_DATA_DIR": str(tmp_path), name: value})

    chat = Chat(ADMIN, "private")
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    raw = Message(1, when, chat, text="/siaran <b>Halo</b>\nbaris dua")
    assert command_text(raw) == "<b>Halo</b>\nbaris dua"  # typed HTML is taken as written
    formatted = Message(
        2,
        when,
        chat,
        text="/siaran Halo a<b warga",
        entities=[
            MessageEntity("bot_command", 0, 7),
            MessageEntity("bold", 8, 4),
        ],
    )
    # Telegram's own formatting becomes HTML; the literal "<" is escaped, not a tag
    assert command_text(formatted) == "<b>Halo</b> a&lt;b warga"
