"""Numbered migrations of ``state.db``, applied with sqlite-utils' own ``Migrations``.

``state.db`` cannot be rebuilt, so its schema only ever moves forward by the functions
below, in order; a shipped one is never edited. Each is recorded by name in
sqlite-utils' ``_sqlite_migrations`` table (set :data:`SET_NAME`). Files made before
that table existed recorded their step in ``PRAGMA user_version`` (1-4): the first
run with this module writes those steps into the table as applied (nothing is rerun)
and then applies the rest. ``user_version`` keeps counting the applied steps, so an
older build opened on a newer file still sees its own steps as done.

Importing ``sqlite_utils`` costs a few hundred milliseconds (it pulls in numpy), so
:func:`pending` answers from plain ``sqlite3`` and ``sqlite_utils`` is imported only
when there is something to apply: a fresh or an older file.

A migration is a list of SQL statements (no ``;``-splitting of scripts); a function
for anything that needs Python. The whole upgrade is one ``BEGIN IMMEDIATE``
transaction with foreign keys off (a table rebuild must not cascade), checked with
``PRAGMA foreign_key_check`` before it commits: another process opening the file at
the same moment waits, then finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

SET_NAME = "kepatuhan-state"
TABLE = "_sqlite_migrations"  # sqlite-utils' name for its record of applied migrations

# 1: one row per chat (private chat id == user id; groups have negative ids).
# ``lang`` is NULL until the chat picks a language with /bahasa.
USERS = (
    """
    create table users (
        chat_id integer primary key,
        lang text check (lang is null or lang in ('id', 'en')),
        created text not null,
        updated text not null
    )
    """,
)

# 2: report drafts the user explicitly chose to save (the guided report flow).
# Nothing else from a report conversation is stored; /hapusdata deletes these.
DRAFTS = (
    """
    create table drafts (
        id integer primary key,
        chat_id integer not null references users (chat_id) on delete cascade,
        text text not null,
        created text not null
    )
    """,
    "create index drafts_chat on drafts (chat_id)",
)

# 3: subscriptions, staff broadcasts and result notifications (db/outbox.py).
# ``blocked_at`` is set when Telegram answers 403 (the user blocked the bot) and
# cleared when the user writes again. A campaign is one broadcast or one import
# batch; a delivery is one message to one chat, unique per (campaign, chat).
OUTBOX = (
    "alter table users add column blocked_at text",
    """
    create table subscriptions (
        chat_id integer not null references users (chat_id) on delete cascade,
        scope text not null check (scope in ('body', 'province')),
        body_id integer not null,
        province text,
        name text not null,
        lang text check (lang is null or lang in ('id', 'en')),
        created text not null,
        primary key (chat_id, scope, body_id)
    )
    """,
    "create index subscriptions_body on subscriptions (body_id, scope)",
    "create index subscriptions_province on subscriptions (province, scope)",
    """
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
    )
    """,
    """
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
    )
    """,
    "create index deliveries_due on deliveries (state, next_at)",
    "create index deliveries_campaign on deliveries (campaign_id, state)",
    "create index deliveries_chat on deliveries (chat_id)",
)

# 4: every accepted import of results or methodology (db/imports.py): who, when, the
# file's name and hash, what it added, the notification campaign it queued, and
# whether (and by whom) it was taken back. The kept rows live in imports/``stored``.
IMPORTS = (
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
    )
    """,
)

LANG_CHECK = "lang text check (lang is null or lang in ('id', 'en'))"


def _without_lang_check(create: str, table: str) -> str:
    """``create table <table>`` of an earlier step as ``<table>_new``, its lang column free."""
    if create.count(LANG_CHECK) != 1 or f"create table {table} (" not in create:
        raise ValueError(f"not the create statement of {table} with one lang check")
    return create.replace(LANG_CHECK, "lang text").replace(
        f"create table {table} (", f"create table {table}_new ("
    )


# 5: languages are data (a new language is new files), so no column lists them: the
# three tables with a ``lang in ('id', 'en')`` CHECK are rebuilt without it (SQLite
# cannot drop a CHECK in place) and the stores validate languages instead. Every other
# constraint, index and row stays; the children's foreign keys name the tables, which
# keep their names.
FREE_LANGUAGES = (
    """
    create table users_new (
        chat_id integer primary key,
        lang text,
        created text not null,
        updated text not null,
        blocked_at text
    )
    """,
    "insert into users_new (chat_id, lang, created, updated, blocked_at) "
    "select chat_id, lang, created, updated, blocked_at from users",
    "drop table users",
    "alter table users_new rename to users",
    _without_lang_check(OUTBOX[1], "subscriptions"),
    "insert into subscriptions_new (rowid, chat_id, scope, body_id, province, name, lang, "
    "created) select rowid, chat_id, scope, body_id, province, name, lang, created "
    "from subscriptions",
    "drop table subscriptions",
    "alter table subscriptions_new rename to subscriptions",
    *OUTBOX[2:4],  # its two indexes, dropped with the old table
    _without_lang_check(OUTBOX[4], "campaigns"),
    "insert into campaigns_new select id, kind, status, batch_key, text, target, target_body, "
    "target_province, target_name, created_by, lang, admin_chat_id, admin_message_id, total, "
    "created, queued, finished from campaigns",
    "drop table campaigns",
    "alter table campaigns_new rename to campaigns",
)

Step = Sequence[str] | Callable[["Database"], None]

# The agency line's label in the drafts saved before step 6 (the Indonesian and English
# catalogue of that time; no other language existed). Frozen like the step that reads it:
# db never imports the catalogue, and later label changes concern new drafts only.
LEGACY_AGENCY_LABELS = ("Instansi: ", "Agency: ")


def _legacy_title(text: str) -> str:
    """The agency line of a draft saved as text only, or "" (the parse /draf used to do)."""
    for line in text.splitlines():
        for label in LEGACY_AGENCY_LABELS:
            if line.startswith(label):
                return line[len(label) :].strip()
    return ""


def _draft_titles(db: Database) -> None:
    """6: a draft keeps its title (what /draf lists it by) as data, not in translated text.

    The drafts saved earlier get the agency line their text carries; one without it keeps
    "" and is listed as untitled.
    """
    db.execute("alter table drafts add column title text not null default ''")
    for draft_id, text in db.execute("select id, text from drafts").fetchall():
        title = _legacy_title(str(text))
        if title:
            db.execute("update drafts set title = ? where id = ?", (title, draft_id))


# Append only: never edit or reorder a step that has shipped. Position + 1 == the step's
# number (and the ``user_version`` older builds wrote after it).
STEPS: tuple[tuple[str, Step], ...] = (
    ("0001_users", USERS),
    ("0002_drafts", DRAFTS),
    ("0003_outbox", OUTBOX),
    ("0004_imports", IMPORTS),
    ("0005_free_languages", FREE_LANGUAGES),
    ("0006_draft_titles", _draft_titles),
)


def _run(step: Step) -> Callable[[Database], None]:
    """The migration function of a step: its statements one by one, or the function itself."""
    if callable(step):
        return step

    def run(db: Database) -> None:
        for statement in step:
            db.execute(statement)

    return run


def migrations(steps: Sequence[tuple[str, Step]] = STEPS) -> Migrations:
    """The sqlite-utils ``Migrations`` set for ``steps`` (imports sqlite-utils)."""
    from sqlite_utils import Migrations

    found = Migrations(SET_NAME)
    for name, step in steps:
        found(name=name)(_run(step))
    return found


def applied(con: sqlite3.Connection) -> list[str]:
    """Names of the steps recorded in ``_sqlite_migrations``, in the order applied."""
    if con.execute("select 1 from sqlite_master where name = ?", (TABLE,)).fetchone() is None:
        return []
    rows = con.execute(
        f"select name from {TABLE} where migration_set = ? order by rowid", (SET_NAME,)
    ).fetchall()
    return [str(r[0]) for r in rows]


def legacy_version(con: sqlite3.Connection) -> int:
    """``PRAGMA user_version``: how many steps a file made before ``_sqlite_migrations`` holds."""
    return int(con.execute("pragma user_version").fetchone()[0])


def pending(con: sqlite3.Connection, steps: Sequence[tuple[str, Step]] = STEPS) -> list[str]:
    """Names of the steps not applied yet (plain ``sqlite3``: no sqlite-utils import)."""
    done = set(applied(con))
    if not done:  # an older file: user_version counts its steps
        done = {name for name, _ in steps[: legacy_version(con)]}
    return [name for name, _ in steps if name not in done]


def _adopt(db: Database, found: Migrations, steps: Sequence[tuple[str, Step]]) -> None:
    """Record the steps an older file applied by ``user_version`` as applied, once."""
    found.ensure_migrations_table(db)
    if applied(db.conn):
        return
    stamp = str(dt.datetime.now(dt.UTC))  # the format sqlite-utils writes
    for name, _ in steps[: legacy_version(db.conn)]:
        db.execute(
            f"insert into {TABLE} (migration_set, name, applied_at) values (?, ?, ?)",
            (SET_NAME, name, stamp),
        )


def migrate(con: sqlite3.Connection, steps: Sequence[tuple[str, Step]] = STEPS) -> int:
    """Apply the pending steps on ``con`` (autocommit mode); returns how many steps are applied.

    One ``BEGIN IMMEDIATE`` transaction for the whole upgrade, foreign keys off while it
    runs and verified before it commits; any error rolls everything back.
    """
    if not pending(con, steps):
        return len(steps)
    from sqlite_utils import Database

    found = migrations(steps)
    db = Database(con, recursive_triggers=False, execute_plugins=False)
    con.execute("pragma foreign_keys = off")
    try:
        con.execute("begin immediate")
        try:
            _adopt(db, found, steps)
            found.apply(db)  # each step in a savepoint, with its record
            broken = con.execute("pragma foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"foreign keys broken by a migration: {broken[:3]}")
            count = len(applied(con))
            # PRAGMA takes no parameters; ``count`` is an int from len().
            con.execute(f"pragma user_version = {int(count)}")
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
    finally:
        con.execute("pragma foreign_keys = on")
    return count
