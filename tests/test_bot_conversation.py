"""The real Application against the fake Bot API: commands, answers, buttons."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import COMMANDS, MENU_EXTRA
from db.state import StateStore
from knowledge.answer import Answer
from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI, Recorded
from tests.strings import in_html, said

USER = 1001
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def buttons(rec: Recorded) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button in a sent message."""
    markup = rec.params.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


async def test_start_greets_and_remembers_the_chat(
    fake_api: FakeBotAPI, bot_app: AnyApp, state: StateStore
) -> None:
    fake_api.push_message("/start")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text is not None
    assert rec.text.startswith(html.escape(t("greeting", "id"), quote=False))
    assert "/zona &lt;nama&gt; [tahun]" in rec.text  # user-visible "<nama>" is escaped
    assert rec.params["parse_mode"] == "HTML"
    assert state.user(USER) is not None


async def test_start_deep_link_payload_answers(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/start gunung_mas_2024")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text is not None
    assert rec.text.startswith("<b>Kabupaten Gunung Mas</b>")
    assert said("lookup.year", year=2024) + f"🟢 <b>{said('zone.hijau')}</b>" in rec.text


async def test_commands_are_registered_in_both_languages(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    menu = [(name, key) for name, key, _ in COMMANDS] + list(MENU_EXTRA)
    names = [name for name, _ in menu]
    default = fake_api.commands()
    english = fake_api.commands(language_code="en")
    indonesian = fake_api.commands(language_code="id")
    assert [c["command"] for c in default] == names
    assert default == indonesian
    assert [c["description"] for c in english] == [t(key, "en") for _, key in menu]
    assert [c["description"] for c in indonesian] == [t(key, "id") for _, key in menu]
    assert {"start", "help", "zona", "lapor", "sumber", "bahasa", "tentang"} < set(names)
    assert {"langganan", "berhenti", "draf", "hapusdata"} < set(names)
    assert "siaran" not in names  # staff commands stay out of the public menu


async def test_free_text_gets_the_engines_answer_with_buttons(
    fake_api: FakeBotAPI, bot_app: AnyApp, engine: Engine
) -> None:
    question = "zona apa Gunung Mas 2024?"
    fake_api.push_message(question)
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    expected = engine.answer(question, "id")
    assert rec.text == expected.html  # the same facts as `kepatuhan ask`
    assert rec.params["link_preview_options"] == {"is_disabled": True}
    assert "🟢" in rec.text and "57,79" in rec.text  # zone marker, Indonesian number format
    assert '<a href="https://' in rec.text  # sources as links
    labels = buttons(rec)
    assert ("◀ 2021", "l:3679960277:2021") in labels  # the previous year
    assert (t("bot.btn.report", "id"), "r") in labels


async def test_ambiguity_then_button_press(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("bandung")
    [asked] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert asked.text is not None and in_html(said("ambiguous.ask", text="bandung")) in asked.text
    choices = dict(buttons(asked))
    assert set(choices) == {"Kabupaten Bandung", "Kota Bandung"}
    assert all(len(data.encode()) <= 64 for data in choices.values())

    fake_api.push_callback(choices["Kota Bandung"], message_id=asked.result["message_id"])
    await fake_api.wait_for("answerCallbackQuery")
    _, answered = await fake_api.wait_for("sendMessage", to_chat(USER), count=2)
    assert answered.text is not None and answered.text.startswith("<b>Kota Bandung</b>")
    assert any(data.startswith("l:") for _, data in buttons(answered))


async def test_year_button_answers_that_year(
    fake_api: FakeBotAPI, bot_app: AnyApp, engine: Engine
) -> None:
    fake_api.push_callback("l:3679960277:2021")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text == engine.answer_body(3679960277, 2021, "id").html
    assert said("lookup.year", year=2021) in rec.text


async def test_zona_command(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/zona")
    fake_api.push_message("/zona Gunung Mas 2024", user_id=1002)
    [usage] = await fake_api.wait_for("sendMessage", to_chat(USER))
    [answer] = await fake_api.wait_for("sendMessage", to_chat(1002))
    assert usage.text == html.escape(t("bot.zona_usage", "id"), quote=False)
    assert answer.text is not None and "Kabupaten Gunung Mas" in answer.text


async def test_lapor_and_report_button(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/lapor")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text is not None and "137" in rec.text
    fake_api.push_callback("r", user_id=1002)
    [pressed] = await fake_api.wait_for("sendMessage", to_chat(1002))
    assert pressed.text == rec.text


async def test_a_4096_character_message(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("Gunung Mas " + "x" * 4085)
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.ok and rec.text is not None
    assert len(rec.text) <= 4096
    assert said("bot.long_message", length="4.096", limit="1.000") in rec.text


async def test_sumber_states_traceable_coverage(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/sumber")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    text = rec.text or ""
    assert "2016–2025" in text
    assert "29 Januari 2026" in text
    assert 'href="https://ombudsman.go.id/news/r/opini-ombudsman-ri-2025' in text
    assert t("method.2020", "id") in text


async def test_tentang_explains_the_method(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/tentang", language_code="en")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    text = rec.text or ""
    assert t("method.2020", "en") in text
    assert "2025" in text and said("method.title", "en") in text


async def test_bahasa_choice_is_remembered(
    fake_api: FakeBotAPI, bot_app: AnyApp, state: StateStore
) -> None:
    fake_api.push_message("/bahasa")
    [prompt] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert [data for _, data in buttons(prompt)] == ["g:id", "g:en"]
    fake_api.push_callback("g:en", message_id=prompt.result["message_id"])
    [edited] = await fake_api.wait_for("editMessageText")
    assert edited.text == t("bot.lang.set", "en")
    assert state.get_lang(USER) == "en"
    fake_api.push_message("Gunung Mas 2024")  # an Indonesian Telegram client
    _, rec = await fake_api.wait_for("sendMessage", to_chat(USER), count=2)
    green = said("lookup.year", "en", year=2024) + f"🟢 <b>{said('zone.hijau', 'en')}</b>"
    assert rec.text is not None and green in rec.text


async def test_english_telegram_users_get_english(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/bahasa english", user_id=1003, language_code="id")
    fake_api.push_message("Gunung Mas 2024", user_id=1004, language_code="en-US")
    [chosen] = await fake_api.wait_for("sendMessage", to_chat(1003))
    [rec] = await fake_api.wait_for("sendMessage", to_chat(1004))
    assert chosen.text == t("bot.lang.set", "en")
    assert rec.text is not None and said("zone.hijau", "en") in rec.text


async def test_unknown_command_and_non_text(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    fake_api.push_message("/apaini")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text is not None and rec.text.startswith(t("bot.unknown_command", "id"))
    fake_api.push_update(
        {
            "message": {
                "message_id": 77,
                "date": 0,
                "chat": {"id": 1002, "type": "private", "first_name": "Warga"},
                "from": {"id": 1002, "is_bot": False, "first_name": "Warga"},
                "sticker": {
                    "file_id": "S",
                    "file_unique_id": "S",
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                },
            }
        }
    )
    [sticker] = await fake_api.wait_for("sendMessage", to_chat(1002))
    assert sticker.text == html.escape(t("bot.non_text", "id"), quote=False)


async def test_stale_or_forged_buttons_are_answered_politely(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    for data in ("l:99999999999:2024", "l:1:1999", "x:1", "g:fr"):
        fake_api.push_callback(data)
    calls = await fake_api.wait_for("answerCallbackQuery", count=4)
    assert all(c.params.get("text") == t("bot.button_expired", "id") for c in calls)
    assert all(c.params.get("show_alert") is True for c in calls)
    assert not fake_api.calls("sendMessage")


async def test_the_documented_conversation_is_what_the_bot_sends(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    root = Path(__file__).resolve().parent.parent
    doc = next(
        text
        for text in (
            p.read_text() for p in (root / "docs" / "bot.md", root / "README.md") if p.exists()
        )
        if "## Talking to the bot" in text
    )
    documented = doc.split("```html\n", 1)[1].split("\n```", 1)[0]
    fake_api.push_message("zona Provinsi Jawa Timur 2024")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text == documented
    labels = [label for label, _ in buttons(rec)]
    assert labels == [
        "📅 2021",
        "📅 2022",
        "◀ 2023",
        "📅 2025",
        "📋 Rekap Jawa Timur 2024",
        "🗺️ Peta",
        "📈 Tren",
        "📣 Cara melapor",
        "🔔 Langganan",
    ]
    assert "`[📅 2021]` `[📅 2022]` `[◀ 2023]` `[📅 2025]`" in doc


async def test_lapor_falls_back_to_the_basics_when_the_guide_fails(
    fake_api: FakeBotAPI, bot_app: AnyApp, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(lang: str) -> Answer:
        return Answer("", "error", lang)

    monkeypatch.setattr(engine, "answer_report", failing)
    fake_api.push_message("/lapor", language_code="en")
    [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
    assert rec.text == html.escape(t("bot.report_fallback", "en"), quote=False)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lapor_and_tentang_say_what_the_sentences_they_replaced_said(
    engine: Engine, lang: str
) -> None:
    """/lapor and /tentang call the engine directly; the text is that of the fixed
    Indonesian questions they used to send through the parser."""
    report = engine.answer_report(lang)
    assert report.intent == "report"
    assert report.text == engine.answer("cara lapor maladministrasi", lang).text
    assert report.extra == engine.answer("cara lapor maladministrasi", lang).extra
    method = engine.answer_methodology(lang)
    assert method.intent == "methodology"
    assert method.text == engine.answer("apa itu metode penilaian", lang).text
