"""The realistic-message table: every message understood and answered as a person expects."""

from __future__ import annotations

import re

import pytest

from knowledge.engine import Engine
from tests.messages import CASES, FILTERS

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 400
    filtered = [c for c in CASES if c[1] == "filter"]
    assert {c[0] for c in filtered} == set(FILTERS)


@pytest.mark.parametrize(
    ("message", "intent", "names", "candidates", "year"), CASES, ids=[c[0][:40] for c in CASES]
)
def test_message(
    engine: Engine,
    message: str,
    intent: str,
    names: list[str] | None,
    candidates: list[str],
    year: int | None,
) -> None:
    answer = engine.answer(message)
    assert answer.intent == intent
    if names is not None:
        assert list(dict.fromkeys(r.institution for r in answer.results)) == names
    if intent == "filter":
        zones, opinions, labels = FILTERS[message]
        assert answer.to_json()["filter"] == {
            "zones": list(zones),
            "opinions": list(opinions),
            "labels": list(labels),
        }
        for r in answer.results:  # only bodies of the asked zone, opinion or label
            assert not zones or r.zone in zones
            assert not opinions or r.opinion in opinions
            assert not labels or any(p in (r.label or "").lower() for p in labels)
    assert sorted(answer.candidates) == sorted(candidates)
    if year is not None:
        assert {r.year for r in answer.results} == {year}
    assert answer.text.strip()
    assert not PLACEHOLDER.search(answer.text), "a catalogue field left unfilled"
    assert len(answer.text) <= 4096
    assert len(answer.html) <= 4096
