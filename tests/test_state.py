"""state.db: numbered migrations, users and their language, parameterised SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import migrations
from db.migrations import STEPS
from db.outbox import ALL, BODY, Outbox
from db.state import StateStore


def test_new_store_is_migrated_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = StateStore(path)
    assert store.version == len(STEPS)
    assert store.touch(1001) is True
    assert store.touch(1001) is False
    store.set_lang(-1001234567890, "en")  # a group chat
    store.close()

    again = StateStore(path)
    try:
        assert again.version == len(STEPS)
        assert again.count_users() == 2
        assert again.get_lang(1001) is None
        assert again.get_lang(-1001234567890) == "en"
        assert again.get_lang(42) is None
    finally:
        again.close()


def test_language_is_stored_and_updated(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.db", languages=("id", "en"))
    try:
        store.touch(7)
        created = store.user(7)
        store.set_lang(7, "en")
        store.set_lang(7, "id")
        user = store.user(7)
        assert created is not None and user is not None
        assert user.lang == "id" and user.created == created.created
        with pytest.raises(ValueError):
            store.set_lang(7, "fr")  # not one of the caller's languages
        assert store.get_lang(7) == "id"
    finally:
        store.close()


def test_a_new_language_needs_no_schema_change(tmp_path: Path) -> None:
    """The schema lists no languages (migration 5): the caller's set is the only check."""
    store = StateStore(tmp_path / "state.db", languages=("id", "en", "jv"))
    try:
        store.set_lang(7, "jv")
        assert store.get_lang(7) == "jv"
        outbox = Outbox(store)
        assert outbox.subscribe(7, BODY, 3679960277, None, "Kabupaten Gunung Mas", "jv") == "added"
        assert outbox.create_broadcast("halo", ALL, created_by=7, lang="jv") > 0
        with pytest.raises(ValueError):
            outbox.subscribe(7, BODY, 1, None, "x", "fr")
        with pytest.raises(ValueError):
            outbox.create_broadcast("halo", ALL, created_by=7, lang="fr")
        with store.reading() as con:
            schema = " ".join(r[0] for r in con.execute("select sql from sqlite_master") if r[0])
        assert "'en'" not in schema and "kind in ('broadcast', 'notify')" in schema
    finally:
        store.close()
    default = StateStore(":memory:")  # no languages named: any short code, nothing else
    try:
        for code in ("id", "en", "jv", "pt-BR"):
            default.set_lang(1, code)
            assert default.get_lang(1) == code
        for bad in ("", "EN", "english", "e n", "x" * 40):
            with pytest.raises(ValueError):
                default.set_lang(1, bad)
    finally:
        default.close()


def test_hostile_values_are_data_not_sql(tmp_path: Path) -> None:
    store = StateStore(":memory:")
    try:
        with pytest.raises(ValueError):
            store.set_lang(1, "en'); drop table users; --")
        assert store.count_users() == 0
        store.touch(1)
        assert store.count_users() == 1
    finally:
        store.close()


def test_later_migrations_add_tables_and_keep_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    store = StateStore(path)
    store.set_lang(1001, "en")
    store.close()

    extra = (
        """
        create table later_feature (
            chat_id integer not null references users (chat_id) on delete cascade,
            body_id integer not null,
            primary key (chat_id, body_id)
        )
        """,
    )
    monkeypatch.setattr(migrations, "STEPS", (*STEPS, ("0099_later_feature", extra)))
    upgraded = StateStore(path)
    try:
        assert upgraded.version == len(STEPS) + 1
        assert upgraded.get_lang(1001) == "en"
        with upgraded.transaction() as con:
            con.execute("insert into later_feature values (?, ?)", (1001, 3679960277))
        # foreign keys are enforced
        with pytest.raises(sqlite3.IntegrityError), upgraded.transaction() as con:
            con.execute("insert into later_feature values (?, ?)", (999, 1))
    finally:
        upgraded.close()
