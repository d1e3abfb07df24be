"""``kepatuhan db backup``: a verified online copy of state.db, safe while the bot writes."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from db.backup import (
    BackupError,
    backup,
    backup_state,
    default_destination,
    resolve_destination,
    verify,
)
from db.paths import state_db_path


def rows(path: Path) -> list[tuple[int, str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(con.execute("select chat_id, lang from users order by chat_id"))
    finally:
        con.close()


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory that ``kepatuhan`` uses."""
    monkeypatch.setenv("KEPATUHAN_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def writer(data: Path) -> Iterator[sqlite3.Connection]:
    """The running bot: a WAL-mode state.db with a connection held open, never checkpointed."""
    con = sqlite3.connect(state_db_path(data), isolation_level=None, check_same_thread=False)
    assert con.execute("pragma journal_mode = wal").fetchone() == ("wal",)
    con.execute("pragma wal_autocheckpoint = 0")  # committed rows stay in state.db-wal
    con.execute("create table users (chat_id integer primary key, lang text)")
    con.executemany("insert into users values (?, ?)", [(i, "id") for i in range(1, 101)])
    yield con
    con.close()


def test_backup_while_writer_is_open(data: Path, writer: sqlite3.Connection) -> None:
    writer.execute("begin immediate")  # the bot is mid-transaction while we copy
    writer.execute("insert into users values (999, 'en')")
    path = backup_state(data)
    writer.execute("commit")
    assert path.parent == data / "backups"
    assert path.name.startswith("state-") and path.suffix == ".db"
    copied = rows(path)
    assert copied == [(i, "id") for i in range(1, 101)]  # committed rows, from the WAL too
    assert verify(path) == []
    # a self-contained file: rollback journal, no -wal needed, nothing left behind
    con = sqlite3.connect(path)
    assert con.execute("pragma journal_mode").fetchone() == ("delete",)
    con.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    # the live database is untouched and still writable
    writer.execute("insert into users values (1000, 'en')")
    assert len(rows(state_db_path(data))) == 102


def test_backup_during_concurrent_writes(data: Path, writer: sqlite3.Connection) -> None:
    stop = threading.Event()

    def keep_writing() -> None:
        n = 10_000
        while not stop.is_set():
            writer.execute("insert into users values (?, 'en')", (n,))
            n += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = [backup_state(data) for _ in range(5)]
    finally:
        stop.set()
        thread.join()
    counts = [len(rows(p)) for p in copies]
    assert all(c >= 100 for c in counts) and counts == sorted(counts)
    assert len(set(copies)) == 5  # same second: -2, -3… instead of overwriting
    assert all(verify(p) == [] for p in copies)


def test_cli_prints_path_of_verified_copy(
    data: Path, writer: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "backup"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == data / "backups" and printed.is_file()
    assert len(rows(printed)) == 100


def test_cli_destination_file_and_directory(
    data: Path, writer: sqlite3.Connection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "elsewhere" / "copy.db"
    assert main(["db", "backup", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert len(rows(target)) == 100
    assert main(["db", "backup", str(target.parent)]) == 0
    inside = Path(capsys.readouterr().out.strip())
    assert inside.parent == target.parent and inside.name.startswith("state-")
    # an existing file is never overwritten
    assert main(["db", "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_missing_state_db_is_a_clear_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "backup"]) == 1
    err = capsys.readouterr().err
    assert "no state database" in err and str(state_db_path(data)) in err
    assert not state_db_path(data).exists()  # opening it did not create it
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())


def test_corrupt_source_leaves_no_backup(data: Path) -> None:
    state_db_path(data).write_bytes(b"this is not a database" * 100)
    with pytest.raises(BackupError):
        backup_state(data)
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())


def test_backup_refuses_to_overwrite(data: Path, writer: sqlite3.Connection) -> None:
    source = state_db_path(data)
    with pytest.raises(BackupError, match="already exists"):
        backup(source, source)
    assert len(rows(source)) == 100


def test_destination_names() -> None:
    when = dt.datetime(2026, 11, 24, 7, 5, 9)
    assert default_destination(Path("/data"), when) == Path(
        "/data/backups/state-20261124-070509.db"
    )
    assert resolve_destination(Path("/data"), Path("/nowhere/x.db")) == Path("/nowhere/x.db")
