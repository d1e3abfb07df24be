"""Overview, trend and compare buttons through the real Application and the fake Bot API."""

from __future__ import annotations

from typing import Any

from knowledge.engine import Engine
from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI
from tests.test_bot_conversation import buttons

AnyApp = Any
USER = 1001


async def test_trend_question_sends_a_chart_then_the_numbers(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_message("tren Gunung Mas")
    [photo] = await fake_api.wait_for("sendPhoto", to_chat(USER), timeout=30)
    png = next(iter(photo.files.values()))
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    [text] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert "Kabupaten Gunung Mas" in (text.text or "")
    assert photo.time <= text.time


async def test_overview_trend_and_compare_buttons(
    fake_api: FakeBotAPI, bot_app: AnyApp, engine: Engine
) -> None:
    fake_api.push_message("gumas dan kotim 2024")
    [first] = await fake_api.wait_for("sendMessage", to_chat(USER))
    data = dict(buttons(first))
    overview = next(d for label, d in data.items() if d.startswith("o:"))
    compare = next(d for d in data.values() if d.startswith("c:"))

    fake_api.push_callback(overview)
    await fake_api.wait_for("sendMessage", to_chat(USER), count=2)
    assert "Kalimantan Tengah" in fake_api.sent_texts(USER)[1]

    fake_api.push_callback(compare)
    await fake_api.wait_for("sendMessage", to_chat(USER), count=3)
    reply = fake_api.sent_texts(USER)[2]
    assert "Kabupaten Gunung Mas" in reply and "Kabupaten Kotawaringin Timur" in reply

    gm = engine.store.by_name["Kabupaten Gunung Mas"].id
    fake_api.push_callback(f"t:{gm}")
    await fake_api.wait_for("sendPhoto", to_chat(USER), timeout=30)
    await fake_api.wait_for("sendMessage", to_chat(USER), count=4)


async def test_forged_analysis_buttons_are_refused(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    for data in ("o:x:2024", "t:99999999999", "c:1:2024", "c:1,2,3,4,5:2024", "o:1:1800"):
        fake_api.push_callback(data)
    calls = await fake_api.wait_for("answerCallbackQuery", count=5)
    assert all(c.params.get("show_alert") is True for c in calls)
    assert not fake_api.calls("sendMessage") and not fake_api.calls("sendPhoto")
