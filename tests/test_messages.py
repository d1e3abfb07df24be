"""The realistic-message table: every message understood and answered as a person expects."""

from __future__ import annotations

import pytest

from knowledge.engine import Engine
from tests.messages import CASES


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize(
    ("message", "intent", "names", "candidates", "year"), CASES, ids=[c[0][:40] for c in CASES]
)
def test_message(
    engine: Engine,
    message: str,
    intent: str,
    names: list[str],
    candidates: list[str],
    year: int | None,
) -> None:
    answer = engine.answer(message)
    assert answer.intent == intent
    assert list(dict.fromkeys(r.institution for r in answer.results)) == names
    assert sorted(answer.candidates) == sorted(candidates)
    if year is not None:
        assert {r.year for r in answer.results} == {year}
    assert answer.text.strip()
    assert len(answer.text) <= 4096
    assert len(answer.html) <= 4096
