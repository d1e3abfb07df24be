"""The shape of the Telegram layer: one assembly module, handlers that open no store, one
button callback per concern, callback prefixes from one enum."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from handlers import analysis
from handlers.buttons import Prefix, pattern

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = sorted((ROOT / "handlers").glob("*.py"))
STORES = {"StateStore", "Outbox", "DraftStore", "ImportLog", "KnowledgeStore", "Engine"}


def calls(path: Path) -> list[str]:
    """Names called in a module (``f(...)`` and ``x.f(...)`` both give ``f``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                found.append(func.id)
            elif isinstance(func, ast.Attribute):
                found.append(func.attr)
    return found


@pytest.mark.parametrize("path", HANDLERS, ids=lambda p: p.name)
def test_handlers_neither_build_stores_nor_register_themselves(path: Path) -> None:
    made = set(calls(path))
    assert not made & STORES, "handlers get their stores from Services"
    assert "add_handler" not in made, "bot/app.py registers every handler"


def test_only_bot_app_registers_handlers() -> None:
    registering = [
        p.relative_to(ROOT).as_posix()
        for folder in ("bot", "handlers")
        for p in sorted((ROOT / folder).glob("*.py"))
        if "add_handler" in calls(p)
    ]
    assert registering == ["bot/app.py"]


def test_one_callback_serves_every_analysis_button() -> None:
    assert set(analysis.BUTTONS) == {Prefix.OVERVIEW, Prefix.MAP, Prefix.TREND, Prefix.COMPARE}
    assert analysis.PATTERN == "^(?:o|m|t|c):"


@pytest.mark.parametrize(
    ("prefix", "data", "matches"),
    [
        (Prefix.REPORT, "r", True),
        (Prefix.REPORT, "rx", False),
        (Prefix.LOOKUP, "l:1:2024", True),
        (Prefix.LOOKUP, "lx:1", False),
        (Prefix.DRAFT, "d:new", True),
    ],
)
def test_prefix_patterns(prefix: Prefix, data: str, matches: bool) -> None:
    assert bool(re.match(pattern(prefix), data)) is matches


def test_prefixes_are_distinct_single_letters() -> None:
    values = [p.value for p in Prefix]
    assert len(set(values)) == len(values) and all(len(v) == 1 for v in values)
