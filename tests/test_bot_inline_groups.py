"""Inline mode and group manners, against the fake Bot API."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from knowledge.catalogue import t
from tests.bot_fixtures import mention, to_chat
from tests.fakebotapi import FakeBotAPI
from tests.strings import said

GROUP = -1001234567890
AnyApp = Application[Any, Any, Any, Any, Any, Any]


async def test_inline_query_offers_a_result_card(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_inline_query("gunung mas")
    [rec] = await fake_api.wait_for("answerInlineQuery")
    assert rec.ok
    [card] = rec.params["results"]
    assert card["type"] == "article"
    assert card["title"].startswith("Kabupaten Gunung Mas")
    zones = [said(f"zone.{zone}") for zone in ("hijau", "kuning", "merah")]
    assert any(zone in card["description"] for zone in zones)
    assert not card["description"].startswith("(")
    content = card["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith("<b>Kabupaten Gunung Mas</b>")
    assert content["link_preview_options"] == {"is_disabled": True}
    assert rec.params["is_personal"] is True


async def test_inline_query_ambiguous_offers_each_candidate(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_inline_query("bandung 2023", language_code="en")
    [rec] = await fake_api.wait_for("answerInlineQuery")
    titles = [card["title"] for card in rec.params["results"]]
    assert len(titles) == 2
    assert {title.split(" (")[0] for title in titles} == {"Kabupaten Bandung", "Kota Bandung"}
    assert all(
        "2023" in card["input_message_content"]["message_text"] for card in rec.params["results"]
    )


async def test_inline_query_empty_or_unknown_offers_the_bot(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_inline_query("")
    fake_api.push_inline_query("qwertyuiop zzz", user_id=1002)
    first, second = await fake_api.wait_for("answerInlineQuery", count=2)
    by_empty = {bool(r.params["results"]) for r in (first, second)}
    assert by_empty == {False}
    payloads = sorted(r.params["button"]["start_parameter"] for r in (first, second))
    assert payloads == ["help", "qwertyuiop_zzz"]
    assert {r.params["button"]["text"] for r in (first, second)} == {
        t("bot.inline.help", "id"),
        t("bot.inline.open", "id"),
    }


async def test_group_ignores_chatter_but_answers_mentions_replies_and_commands(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    group: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup"}
    fake_api.push_message("gunung mas 2024 katanya hijau ya", user_id=2001, **group)
    fake_api.push_message(
        "@someone_else gunung mas",
        user_id=2001,
        **group,
        entities=mention("@someone_else gunung mas", "someone_else"),
    )
    text = "@tanya_kepatuhan_bot gunung mas 2024"
    fake_api.push_message(text, user_id=2002, entities=mention(text), **group)
    [first] = await fake_api.wait_for("sendMessage", to_chat(GROUP))
    assert first.text is not None and first.text.startswith("<b>Kabupaten Gunung Mas</b>")
    assert "reply_parameters" in first.params  # quoted, so the group sees who asked

    fake_api.push_message("gunung mas 2021", user_id=2003, reply_to_bot=True, **group)
    fake_api.push_message("/zona@other_bot kota bandung 2023", user_id=2004, **group)
    fake_api.push_message("/zona@tanya_kepatuhan_bot kota bandung 2023", user_id=2004, **group)
    replies = await fake_api.wait_for("sendMessage", to_chat(GROUP), count=3)
    texts = "\n".join(r.text or "" for r in replies)
    assert said("lookup.year", year=2021) in texts and "<b>Kota Bandung</b>" in texts

    fake_api.push_message("/start", user_id=2005)  # a private marker after everything else
    await fake_api.wait_for("sendMessage", to_chat(2005))
    assert len([r for r in fake_api.calls("sendMessage") if r.chat_id == GROUP]) == 3
