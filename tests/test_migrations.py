"""state.db migrations (db/migrations.py): sqlite-utils' Migrations, and files made before it.

``tests/data/state-v4.db`` was made by the code of main before issue 14 (numbered SQL
scripts split on ``;``, ``PRAGMA user_version`` = 4) through its own APIs: chats with
and without a language, a blocked chat, drafts, body and province subscriptions, a
queued broadcast with sent/blocked/pending deliveries, an import notification batch and
two logged imports, one undone.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from db import migrations
from db.drafts import DraftStore
from db.imports import ImportLog
from db.migrations import SET_NAME, STEPS, TABLE
from db.outbox import Outbox
from db.state import StateStore

LEGACY = Path(__file__).parent / "data" / "state-v4.db"
TABLES = ("users", "drafts", "subscriptions", "campaigns", "deliveries", "imports")


def _columns(path: Path) -> dict[str, str]:
    """Each table's columns in ``path``, as a select list."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            t: ", ".join(str(c[1]) for c in con.execute(f"pragma table_info({t})")) for t in TABLES
        }
    finally:
        con.close()


OLD_COLUMNS = _columns(LEGACY)  # later steps add columns (6: drafts.title); these stay as they were


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in every column the v4 file had, by rowid (read-only)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            t: con.execute(f"select {OLD_COLUMNS[t]} from {t} order by rowid").fetchall()
            for t in TABLES
        }
    finally:
        con.close()


def schema(store: StateStore) -> list[tuple[str, str]]:
    """Tables and indexes as SQLite keeps them, without the migrations record."""
    with store.reading() as con:
        found = con.execute(
            "select name, sql from sqlite_master where sql is not null and name != ? order by name",
            (TABLE,),
        ).fetchall()
    return [(str(name), str(sql)) for name, sql in found]


def recorded(store: StateStore) -> list[str]:
    with store.reading() as con:
        return migrations.applied(con)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    path = tmp_path / "state.db"
    shutil.copyfile(LEGACY, path)
    return path


def test_a_state_db_of_the_previous_code_upgrades_in_place(legacy: Path) -> None:
    before = rows(legacy)
    assert all(before.values()), {t: len(r) for t, r in before.items()}  # the fixture is full
    assert sqlite3.connect(legacy).execute("pragma user_version").fetchone()[0] == 4

    store = StateStore(legacy)
    try:
        names = [name for name, _ in STEPS]
        assert store.version == len(STEPS)
        assert recorded(store) == names  # steps 1-4 adopted, not rerun; then 5 and on
        fresh = StateStore(":memory:")
        try:
            assert schema(store) == schema(fresh)  # as if made by today's code
        finally:
            fresh.close()
        # the stores read what the old code wrote
        [draft] = DraftStore(store).for_chat(1001)
        assert draft.text == "Laporan: pungli di kantor kelurahan"
        assert draft.title == ""  # no agency line to take it from: listed as untitled
        outbox = Outbox(store)
        assert [s.scope for s in outbox.subscriptions(1002)] == ["province"]
        blocked = [int(user[0]) for user in before["users"] if user[4] is not None]
        assert blocked and all(outbox.blocked_at(chat) for chat in blocked)
        assert [r.undone is not None for r in ImportLog(store).recent()] == [True, False]
        assert store.get_lang(1002) == "en" and store.get_lang(1001) is None
    finally:
        store.close()
    assert rows(legacy) == before  # every row, every column, unchanged

    again = StateStore(legacy)  # nothing left to do: nothing rerun, nothing recorded twice
    try:
        assert recorded(again) == [name for name, _ in STEPS]
    finally:
        again.close()
    assert rows(legacy) == before


def test_foreign_keys_survive_the_table_rebuild(legacy: Path) -> None:
    store = StateStore(legacy)
    try:
        with store.transaction() as con:
            assert con.execute("pragma foreign_key_check").fetchall() == []
            con.execute("delete from users where chat_id = ?", (1001,))
        with store.reading() as con:
            for table in ("drafts", "subscriptions", "deliveries"):
                left = con.execute(f"select count(*) from {table} where chat_id = 1001")
                assert left.fetchone()[0] == 0, table  # on delete cascade still holds
        with pytest.raises(sqlite3.IntegrityError), store.transaction() as con:
            con.execute("insert into drafts (chat_id, text, created) values (999, 'x', 'now')")
    finally:
        store.close()


def test_a_failing_step_changes_nothing(legacy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = rows(legacy)
    broken = ("create table later (id integer primary key)", "create table users (x)")
    monkeypatch.setattr(migrations, "STEPS", (*STEPS, ("0099_broken", broken)))
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        StateStore(legacy)
    con = sqlite3.connect(legacy)
    try:
        assert con.execute("pragma user_version").fetchone()[0] == 4  # not even step 5
        assert migrations.applied(con) == []
        assert con.execute("select 1 from sqlite_master where name = 'later'").fetchone() is None
    finally:
        con.close()
    assert rows(legacy) == before
    monkeypatch.setattr(migrations, "STEPS", STEPS)
    StateStore(legacy).close()  # the real steps still apply afterwards
    assert rows(legacy) == before


def test_an_up_to_date_file_opens_without_sqlite_utils(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite-utils (and numpy under it) is imported only when a step is pending."""
    path = tmp_path / "state.db"
    StateStore(path).close()
    monkeypatch.setitem(sys.modules, "sqlite_utils", None)  # importing it now fails
    store = StateStore(path)
    try:
        assert store.version == len(STEPS) and store.touch(5) is True
    finally:
        store.close()


def test_steps_are_recorded_under_one_set_name(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.db")
    try:
        with store.reading() as con:
            sets = {r[0] for r in con.execute(f"select migration_set from {TABLE}")}
        assert sets == {SET_NAME}
        assert [name for name, _ in STEPS] == sorted(name for name, _ in STEPS)  # numbered
    finally:
        store.close()


def test_two_processes_upgrading_at_once_apply_each_step_once(legacy: Path) -> None:
    """The bot and a CLI command may open an old file together: one upgrades, one waits."""
    before = rows(legacy)
    opened: list[StateStore] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def open_it() -> None:
        start.wait()
        try:
            opened.append(StateStore(legacy))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == [] and len(opened) == 2
        assert recorded(opened[0]) == [name for name, _ in STEPS]
    finally:
        for store in opened:
            store.close()
    assert rows(legacy) == before
