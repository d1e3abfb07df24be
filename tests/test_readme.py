"""The samples the README shows are the ones the bot really sends (checked against docs)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def block(text: str, fence: str) -> str:
    return text.split(fence + "\n", 1)[1].split("\n```", 1)[0]


def test_readme_conversation_matches_the_bot_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bot = (ROOT / "docs" / "bot.md").read_text(encoding="utf-8")
    assert block(readme, "```html") == block(bot, "```html")  # docs/bot.md is pinned to the bot


def test_readme_draft_matches_the_report_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    report = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    assert block(readme, "```text") == block(report, "```text")  # pinned to the composer


def test_readme_console_example_is_what_kepatuhan_ask_prints() -> None:
    from knowledge.engine import Engine

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split('$ echo "zona apa gunung mas 2024?" | make run\n', 1)[1]
    shown = shown.split("\n```", 1)[0]
    import datetime as dt
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine.open(Path(tmp), today=lambda: dt.date(2026, 11, 24))
        try:
            assert shown == engine.answer("zona apa gunung mas 2024?").text
        finally:
            engine.close()
