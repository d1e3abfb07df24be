"""Zone maps through the real Application and the fake Bot API: photo then text, the
🗺️ Peta button, /peta, file_id reuse, and drawing that never holds up other replies."""

from __future__ import annotations

from typing import Any

from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI
from tests.strings import said
from tests.test_bot_conversation import buttons

AnyApp = Any
USER, OTHER = 1001, 1002


async def test_map_question_sends_the_picture_then_the_text_and_reuses_the_upload(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_message("peta kalteng 2024")
    [photo] = await fake_api.wait_for("sendPhoto", to_chat(USER), timeout=30)
    png = photo.files["photo"]
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    assert "Kalimantan Tengah" in str(photo.params.get("caption"))
    [text] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert "Kabupaten Murung Raya" in (text.text or "") and photo.time <= text.time
    file_id = photo.result["photo"][-1]["file_id"]  # type: ignore[index]

    fake_api.push_message("/peta kalimantan tengah 2024")
    photos = await fake_api.wait_for("sendPhoto", to_chat(USER), count=2, timeout=30)
    assert photos[1].params.get("photo") == file_id and not photos[1].files


async def test_peta_button_under_lookups_and_overviews(
    fake_api: FakeBotAPI, bot_app: AnyApp, engine: Engine
) -> None:
    kalteng = engine.store.by_name["Provinsi Kalimantan Tengah"].id
    fake_api.push_message("gunung mas 2023")
    [lookup] = await fake_api.wait_for("sendMessage", to_chat(USER))
    labels = dict(buttons(lookup))
    assert labels[t("map.action", "id")] == f"m:{kalteng}:2023"

    fake_api.push_message("rekap kalteng 2022")
    sent = await fake_api.wait_for("sendMessage", to_chat(USER), count=2)
    assert dict(buttons(sent[1]))[t("map.action", "id")] == f"m:{kalteng}:2022"

    fake_api.push_callback(f"m:{kalteng}:2023")
    [photo] = await fake_api.wait_for("sendPhoto", to_chat(USER), timeout=30)
    sent = await fake_api.wait_for("sendMessage", to_chat(USER), count=3)
    assert "Kalimantan Tengah, 2023" in str(photo.params.get("caption"))
    assert "Kalimantan Tengah" in (sent[2].text or "") and photo.time <= sent[2].time


async def test_peta_command_usage_and_forged_map_buttons(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_message("/peta")
    [usage] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert usage.text == t("map.usage", "id")
    for data in ("m:x:2024", "m:99999999999:2024", "m:1:1800", "m:1:"):
        fake_api.push_callback(data)
    calls = await fake_api.wait_for("answerCallbackQuery", count=4)
    assert sum(c.params.get("show_alert") is True for c in calls) >= 3
    assert not fake_api.calls("sendPhoto")


async def test_a_map_being_drawn_does_not_hold_up_another_user(
    fake_api: FakeBotAPI, bot_app: AnyApp, engine: Engine
) -> None:
    # an uncached map: drawn in the worker process (hundreds of ms) while the bot goes on
    fake_api.push_message("peta bengkulu 2023", user_id=USER)
    fake_api.push_message("gunung mas 2024", user_id=OTHER)
    [other] = await fake_api.wait_for("sendMessage", to_chat(OTHER))
    assert "Kabupaten Gunung Mas" in (other.text or "")
    [photo] = await fake_api.wait_for("sendPhoto", to_chat(USER), timeout=30)
    assert other.time < photo.time
    await fake_api.wait_for("sendMessage", to_chat(USER))
    assert engine.chart_dir is not None
    assert list(engine.chart_dir.glob("map-bengkulu-2023-id-*.png"))
    assert engine.draw_later  # the running bot leaves pictures to the worker


async def test_inline_offers_a_map_the_bot_already_sent(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_inline_query("peta kalteng 2022")
    [before] = await fake_api.wait_for("answerInlineQuery")
    assert [c["type"] for c in before.params["results"]] == ["article"]  # nothing uploaded yet
    fake_api.push_message("peta kalteng 2022")
    [photo] = await fake_api.wait_for("sendPhoto", to_chat(USER), timeout=30)
    fake_api.push_inline_query("peta kalteng 2022", user_id=OTHER)
    calls = await fake_api.wait_for("answerInlineQuery", count=2)
    cards = calls[1].params["results"]
    assert [c["type"] for c in cards] == ["photo", "article"]
    assert cards[0]["photo_file_id"] == photo.result["photo"][-1]["file_id"]  # type: ignore[index]
    zones = said("map.what.zones")
    title = said("map.title_province", what=zones, province="Kalimantan Tengah", year=2022)
    assert title in cards[0]["caption"]
