"""User state in ``state.db``: the precious, non-rebuildable half of the data.

``knowledge.db`` can be rebuilt from the CSVs at any time; ``state.db`` cannot, so
it is only ever changed by numbered migrations (``PRAGMA user_version``). A later
feature (subscriptions, the broadcast queue, saved report drafts) appends one SQL
script to ``MIGRATIONS`` and its own small methods here; existing rows are kept.

Every statement is parameterised. One connection is shared by the bot's event loop
(and, if ever needed, worker threads) behind a lock; each call is a short
transaction, so the cost per message is tens of microseconds.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LANGS = ("id", "en")

# Append only: never edit a migration that has shipped. Index + 1 == user_version.
MIGRATIONS: tuple[str, ...] = (
    # 1: one row per chat (private chat id == user id; groups have negative ids).
    # ``lang`` is NULL until the chat picks a language with /bahasa.
    """
    create table users (
        chat_id integer primary key,
        lang text check (lang is null or lang in ('id', 'en')),
        created text not null,
        updated text not null
    );
    """,
    # 2: report drafts the user explicitly chose to save (the guided report flow).
    # Nothing else from a report conversation is stored; /hapusdata deletes these.
    """
    create table drafts (
        id integer primary key,
        chat_id integer not null references users (chat_id) on delete cascade,
        text text not null,
        created text not null
    );
    create index drafts_chat on drafts (chat_id);
    """,
    # 3: subscriptions, staff broadcasts and result notifications (db/outbox.py).
    # ``blocked_at`` is set when Telegram answers 403 (the user blocked the bot) and
    # cleared when the user writes again. A campaign is one broadcast or one import
    # batch; a delivery is one message to one chat, unique per (campaign, chat).
    """
    alter table users add column blocked_at text;
    create table subscriptions (
        chat_id integer not null references users (chat_id) on delete cascade,
        scope text not null check (scope in ('body', 'province')),
        body_id integer not null,
        province text,
        name text not null,
        lang text check (lang is null or lang in ('id', 'en')),
        created text not null,
        primary key (chat_id, scope, body_id)
    );
    create index subscriptions_body on subscriptions (body_id, scope);
    create index subscriptions_province on subscriptions (province, scope);
    create table campaigns (
        id integer primary key,
        kind text not null check (kind in ('broadcast', 'notify')),
        status text not null check (status in ('draft', 'queued', 'done', 'cancelled')),
        batch_key text unique,
        text text,
        target text not null check (target in ('all', 'province', 'body', 'import')),
        target_body integer,
        target_province text,
        target_name text,
        created_by integer,
        lang text check (lang is null or lang in ('id', 'en')),
        admin_chat_id integer,
        admin_message_id integer,
        total integer not null default 0,
        created text not null,
        queued text,
        finished text
    );
    create table deliveries (
        id integer primary key,
        campaign_id integer not null references campaigns (id) on delete cascade,
        chat_id integer not null references users (chat_id) on delete cascade,
        state text not null default 'pending' check (
            state in ('pending', 'sending', 'sent', 'blocked', 'failed', 'cancelled')
        ),
        attempts integer not null default 0,
        throttled integer not null default 0,
        next_at real not null default 0,
        payload text,
        last_error text,
        updated text not null,
        unique (campaign_id, chat_id)
    );
    create index deliveries_due on deliveries (state, next_at);
    create index deliveries_campaign on deliveries (campaign_id, state);
    create index deliveries_chat on deliveries (chat_id);
    """,
    # 4: every accepted import of results or methodology (db/imports.py): who, when, the
    # file's name and hash, what it added, the notification campaign it queued, and
    # whether (and by whom) it was taken back. The kept rows live in imports/``stored``.
    """
    create table imports (
        id integer primary key,
        created text not null,
        who text not null,
        file_name text not null,
        sha256 text not null,
        stored text not null,
        kind text not null check (kind in ('results', 'method')),
        rows integer not null,
        added integer not null,
        results integer not null,
        campaign_id integer,
        undone text,
        undone_by text
    );
    """,
)


@dataclass(frozen=True)
class User:
    """A chat the bot has met."""

    chat_id: int
    lang: str | None
    created: str
    updated: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class StateStore:
    """Small typed API over ``state.db``; safe to share across tasks and threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.con = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=5.0
        )
        self.con.execute("pragma foreign_keys = on")
        if str(path) != ":memory:":
            self.con.execute("pragma journal_mode = wal")
            self.con.execute("pragma synchronous = normal")
        self.migrate()

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error), holding the lock."""
        with self._lock:
            self.con.execute("begin immediate")
            try:
                yield self.con
            except BaseException:
                self.con.execute("rollback")
                raise
            self.con.execute("commit")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for reads outside a transaction (autocommit), holding the lock."""
        with self._lock:
            yield self.con

    @property
    def version(self) -> int:
        with self._lock:
            return int(self.con.execute("pragma user_version").fetchone()[0])

    def migrate(self) -> int:
        """Apply pending migrations in order; returns the resulting schema version."""
        current = self.version
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction() as con:
                for statement in script.split(";"):
                    if statement.strip():
                        con.execute(statement)
                # PRAGMA takes no parameters; ``number`` is an int from enumerate().
                con.execute(f"pragma user_version = {int(number)}")
        return self.version

    # -- users ---------------------------------------------------------------------
    def touch(self, chat_id: int) -> bool:
        """Remember a chat; returns True when it is new."""
        now = _now()
        with self.transaction() as con:
            cur = con.execute(
                "insert into users (chat_id, lang, created, updated) values (?, null, ?, ?) "
                "on conflict (chat_id) do nothing",
                (chat_id, now, now),
            )
            return cur.rowcount == 1

    def set_lang(self, chat_id: int, lang: str) -> None:
        """Store the language a chat chose ("id" or "en")."""
        if lang not in LANGS:
            raise ValueError(f"unsupported language {lang!r}")
        now = _now()
        with self.transaction() as con:
            con.execute(
                "insert into users (chat_id, lang, created, updated) values (?, ?, ?, ?) "
                "on conflict (chat_id) do update set lang = excluded.lang, "
                "updated = excluded.updated",
                (chat_id, lang, now, now),
            )

    def get_lang(self, chat_id: int) -> str | None:
        """The chosen language, or None when the chat never chose one."""
        with self._lock:
            row = self.con.execute(
                "select lang from users where chat_id = ?", (chat_id,)
            ).fetchone()
        return None if row is None else row[0]

    def user(self, chat_id: int) -> User | None:
        with self._lock:
            row = self.con.execute(
                "select chat_id, lang, created, updated from users where chat_id = ?",
                (chat_id,),
            ).fetchone()
        return None if row is None else User(*row)

    def count_users(self) -> int:
        with self._lock:
            return int(self.con.execute("select count(*) from users").fetchone()[0])
