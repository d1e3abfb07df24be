"""/langganan, /berhenti, the "Langganan" button, and result notifications after an import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram.ext import Application

from bot.app import build_application
from db.imports import ImportLog, run_import
from db.outbox import BODY, PROVINCE, SUBSCRIPTION_CAP, Outbox
from db.state import StateStore
from db.store import RESULT_COLUMNS, open_knowledge
from handlers.buttons import answer_keyboard
from handlers.subscribe import Press, parse_press
from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.bot_fixtures import make_settings, running, to_chat
from tests.fakebotapi import FakeBotAPI, Recorded
from tests.strings import in_html, said

USER = 1001
GUMAS = 3679960277  # Kabupaten Gunung Mas
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def buttons(rec: Recorded) -> list[tuple[str, str]]:
    markup = rec.params.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


@pytest_asyncio.fixture
async def app(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> AsyncIterator[AnyApp]:
    settings = make_settings(fake_api, tmp_path, broadcast_rate=500.0, flood_burst=100)
    async with running(build_application(settings, engine=engine, state=state)) as application:
        fake_api.clear_requests()
        yield application


async def say(fake: FakeBotAPI, text: str, user: int = USER, n: int = 1) -> list[Recorded]:
    before = len([r for r in fake.calls("sendMessage") if r.chat_id == user])
    fake.push_message(text, user_id=user)
    got = await fake.wait_for("sendMessage", to_chat(user), count=before + n)
    return got[before:]


async def press(fake: FakeBotAPI, data: str, user: int = USER, n: int = 1) -> list[Recorded]:
    before = len([r for r in fake.calls("sendMessage") if r.chat_id == user])
    fake.push_callback(data, user_id=user)
    got = await fake.wait_for("sendMessage", to_chat(user), count=before + n)
    return got[before:]


def test_callback_data_is_parsed_strictly() -> None:
    assert parse_press("s:b:3679960277") == Press("follow", GUMAS)
    assert parse_press("s:o:1") == Press("only", 1)
    assert parse_press("s:p:12") == Press("province", 12)
    assert parse_press("s:u:b:7") == Press("stop", 7, BODY)
    assert parse_press("s:u:p:7") == Press("stop", 7, PROVINCE)
    assert parse_press("s:u:all") == Press("stop_all")
    for bad in (None, "", "s:", "s:b:", "s:x:1", "s:b:99999999999", "s:b:4294967296", "s:u:q:1"):
        assert parse_press(bad) is None, bad


def test_langganan_button_only_under_answers_about_one_body(engine: Engine) -> None:
    one = answer_keyboard(engine.answer("gunung mas 2024", "id"), "id")
    assert one is not None and one.inline_keyboard[-1][0].callback_data == f"s:b:{GUMAS}"
    assert one.inline_keyboard[-1][0].text == t("sub.btn.subscribe", "id")
    for text in ("bandung 2023", "Gunung Mas dan Kota Palangka Raya 2023", "halo"):
        markup = answer_keyboard(engine.answer(text, "id"), "id")
        datas = [b.callback_data for row in (markup.inline_keyboard if markup else []) for b in row]
        assert not any(str(d).startswith("s:") for d in datas), text


async def test_subscribe_list_and_stop(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore
) -> None:
    [rec] = await say(fake_api, "/langganan")
    assert rec.text is not None and said("sub.usage") in rec.text
    [rec] = await say(fake_api, "/langganan gunung mas")
    assert rec.text == t("sub.added_body", "id", name="Kabupaten Gunung Mas")
    [rec] = await say(fake_api, "/langganan Gumas")
    assert rec.text == t("sub.exists", "id", name="Kabupaten Gunung Mas")

    [asked] = await say(fake_api, "/langganan bandung")  # ambiguous: ask with buttons
    choices = dict(buttons(asked))
    assert set(choices) == {"Kabupaten Bandung", "Kota Bandung"}
    [rec] = await press(fake_api, choices["Kota Bandung"])
    assert rec.text == t("sub.added_body", "id", name="Kota Bandung")

    [asked] = await say(fake_api, "/langganan kalteng")  # a province: it, or everything in it?
    options = dict(buttons(asked))
    assert len(options) == 2
    [rec] = await press(fake_api, options[said("sub.btn.province", province="Kalimantan Tengah")])
    assert rec.text == t("sub.added_province", "id", name="Kalimantan Tengah")

    subs = Outbox(state).subscriptions(USER)
    assert [(s.scope, s.name) for s in subs] == [
        (BODY, "Kabupaten Gunung Mas"),
        (BODY, "Kota Bandung"),
        (PROVINCE, "Kalimantan Tengah"),
    ]
    [listing] = await say(fake_api, "/langganan")
    item = said("sub.item_province", name="Kalimantan Tengah")
    assert listing.text is not None and item in listing.text
    stops = dict(buttons(listing))
    stop_bandung = said("sub.btn.stop", name="Kota Bandung")
    assert stops[stop_bandung] == "s:u:b:" + str(subs[1].body_id)

    [rec] = await press(fake_api, stops[stop_bandung])
    assert rec.text == t("sub.removed", "id", name="Kota Bandung")
    [rec] = await say(fake_api, "/berhenti gunung mas")
    assert rec.text == t("sub.removed", "id", name="Kabupaten Gunung Mas")
    [rec] = await say(fake_api, "/berhenti bandung")
    assert rec.text is not None
    assert rec.text.startswith(in_html(said("sub.not_subscribed", text="bandung")))
    [rec] = await say(fake_api, "/berhenti semua")
    assert rec.text == t("sub.removed_all", "id", count=1)
    assert Outbox(state).subscriptions(USER) == []
    [rec] = await say(fake_api, "/berhenti")
    assert rec.text == t("sub.none", "id")


async def test_the_button_under_an_answer_subscribes(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore
) -> None:
    [answer] = await say(fake_api, "zona gunung mas 2024", user=2002)
    data = dict(buttons(answer))[t("sub.btn.subscribe", "id")]
    [rec] = await press(fake_api, data, user=2002)
    assert rec.text == t("sub.added_body", "id", name="Kabupaten Gunung Mas")
    assert [s.body_id for s in Outbox(state).subscriptions(2002)] == [GUMAS]


async def test_cap_english_groups_and_forged_buttons(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore, engine: Engine
) -> None:
    outbox = Outbox(state)
    bodies = [b for b in engine.store.bodies.values() if b.kind == "kabupaten"][:SUBSCRIPTION_CAP]
    for body in bodies:
        assert outbox.subscribe(3003, BODY, body.id, body.province, body.name, "en") == "added"
    fake_api.push_message("/langganan gunung mas", user_id=3003, language_code="en")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(3003))
    assert rec.text == t("sub.full", "en", cap=SUBSCRIPTION_CAP)

    fake_api.push_message("/langganan gunung mas", user_id=3004, chat_id=-100, chat_type="group")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(-100))
    assert rec.text == t("sub.private_only", "id")
    assert outbox.subscriptions(-100) == [] and outbox.subscriptions(3004) == []

    for forged in ("s:b:1", "s:p:" + str(GUMAS), "s:z:1"):  # unknown body, not a province, junk
        fake_api.push_callback(forged, user_id=3005)
    calls = await fake_api.wait_for("answerCallbackQuery", count=3)
    assert all(c.params.get("text") == t("bot.button_expired", "id") for c in calls)
    assert outbox.subscriptions(3005) == []


async def test_an_import_notifies_each_follower_once_when_the_bot_runs(
    fake_api: FakeBotAPI, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEPATUHAN_DATA_DIR", str(data_copy))
    engine = Engine(open_knowledge(data_copy))
    state = StateStore(data_copy / "state.db")
    outbox = Outbox(state)
    kalteng = engine.store.by_name["Provinsi Kalimantan Tengah"]
    bandung = engine.store.by_name["Kota Bandung"]
    outbox.subscribe(4001, BODY, GUMAS, "Kalimantan Tengah", "Kabupaten Gunung Mas", "id")
    outbox.subscribe(4002, PROVINCE, kalteng.id, "Kalimantan Tengah", "Kalimantan Tengah", "en")
    outbox.subscribe(4003, BODY, GUMAS, "Kalimantan Tengah", "Kabupaten Gunung Mas", "id")
    outbox.subscribe(4003, PROVINCE, kalteng.id, "Kalimantan Tengah", "Kalimantan Tengah", "id")
    outbox.subscribe(4004, BODY, bandung.id, bandung.province, bandung.name, "id")
    state.set_lang(4002, "en")

    # the import runs while the bot is down: it only queues
    csv = tmp_path / "new.csv"
    row = (
        "2024,Kabupaten Gunung Mas,kabupaten,62.10,Kalimantan Tengah,88.12,hijau,tertinggi,,,"
        "named,https://example.org/gumas-2024,test row"
    )
    csv.write_text(",".join(RESULT_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    report, import_id, count = run_import(csv, data_copy, state, "test")
    assert report.ok and report.added and import_id is not None
    assert count == 3
    campaign_id = ImportLog(state).get(import_id).campaign_id  # type: ignore[union-attr]
    assert campaign_id
    again = run_import(csv, data_copy, state, "test")
    assert again[0].ok and not again[0].added and again[1:] == (None, 0)  # queued once

    settings = make_settings(fake_api, data_copy, broadcast_rate=500.0)
    try:
        async with running(build_application(settings, engine=engine, state=state)):
            sent = await fake_api.wait_for(
                "sendMessage", lambda r: r.chat_id in (4001, 4002, 4003), count=3, timeout=10
            )
    finally:
        state_counts = outbox.counts(campaign_id)
        state.close()
        engine.close()
    per_chat = {int(r.chat_id or 0): r.text or "" for r in sent}
    assert sorted(per_chat) == [4001, 4002, 4003]
    assert not [r for r in fake_api.calls("sendMessage") if r.chat_id == 4004]
    assert len([r for r in fake_api.calls("sendMessage") if r.chat_id == 4003]) == 1
    assert per_chat[4001].startswith("<b>" + t("notify.title", "id") + "</b>")
    assert per_chat[4002].startswith("<b>" + t("notify.title", "en") + "</b>")  # their language
    assert "Kabupaten Gunung Mas" in per_chat[4001] and "88,12" in per_chat[4001]  # the new value
    assert "88.12" in per_chat[4002]
    assert "/berhenti" in per_chat[4001]
    assert (state_counts.sent, state_counts.open) == (3, 0)
