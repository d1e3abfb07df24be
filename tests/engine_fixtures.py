"""Shared fixtures: one knowledge store per test session, a fixed "today"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.store import open_knowledge
from knowledge.engine import Engine

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a freshly built knowledge.db."""
    from db.store import build

    path = tmp_path_factory.mktemp("data")
    build(path)
    return path


@pytest.fixture(scope="session")
def engine(store_dir: Path) -> Iterator[Engine]:
    """The answer engine over the shipped data, with today fixed to 2026-11-24."""
    eng = Engine(open_knowledge(store_dir), today=lambda: TODAY)
    yield eng
    eng.close()


@pytest.fixture
def data_copy(tmp_path: Path, store_dir: Path) -> Path:
    """A private data dir with the built store, so imports do not touch the session's."""
    import shutil

    from db.paths import knowledge_db_path

    target = tmp_path / "data"
    target.mkdir()
    shutil.copy(knowledge_db_path(store_dir), knowledge_db_path(target))
    return target
