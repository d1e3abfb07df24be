"""User state in ``state.db``: the precious, non-rebuildable half of the data.

``knowledge.db`` can be rebuilt from the CSVs at any time; ``state.db`` cannot, so
its schema is only ever changed by the numbered steps of :mod:`db.migrations`. A later
feature appends one step there and its own small store (like :mod:`db.outbox`,
:mod:`db.drafts`, :mod:`db.imports`) over this module's connection; existing rows are kept.

Callers depend on the protocols (:class:`UserState` here, one per store module), not on
SQLite: a PostgreSQL state store would be one new module implementing them. SQL stays
inside the stores.

Every statement is parameterised. One connection is shared by the bot's event loop
(and, if ever needed, worker threads) behind a lock; each call is a short
transaction, so the cost per message is tens of microseconds.

The bot must keep answering questions when ``state.db`` is locked by another process
or damaged: the per-message calls (:meth:`StateStore.lang_hint`, :meth:`StateStore.touch`,
:meth:`StateStore.set_lang`) never wait for a lock, never raise, and keep what
they could not write in memory until :meth:`StateStore.flush` succeeds.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from db import migrations

# Any short language code ("id", "en", "jv", "pt-BR") when the caller names no languages.
LANG_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
FLUSH_TIMEOUT = 0.05  # seconds the periodic flush may wait for another process's lock
BOT_TIMEOUT = 0.25  # busy timeout of the bot's connection (the CLI waits 5 s)
_LANG_CACHE_MAX = 100_000
_WARN_EVERY = 60.0  # seconds between two "state.db unavailable" warnings
RETRY_QUIET = 1.0  # seconds without quick-write attempts after one failed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class User:
    """A chat the bot has met."""

    chat_id: int
    lang: str | None
    created: str
    updated: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ensure_user(con: sqlite3.Connection, chat_id: int, now: str) -> bool:
    """Insert the chat's ``users`` row unless it exists (the row other tables' keys need).

    Returns True when the row is new.
    """
    cur = con.execute(
        "insert into users (chat_id, lang, created, updated) values (?, null, ?, ?) "
        "on conflict (chat_id) do nothing",
        (chat_id, now, now),
    )
    return cur.rowcount == 1


class UserState(Protocol):
    """What the bot and the CLI use of the user-state store (chats and their language).

    The per-message calls (``touch``, ``set_lang``, ``lang_hint``) never wait for a
    lock nor raise when the store is unavailable: they keep changes in memory until
    ``flush`` writes them. ``damaged`` says why the store cannot be read, once known.
    """

    damaged: str | None

    def touch(self, chat_id: int) -> bool: ...
    def set_lang(self, chat_id: int, lang: str) -> None: ...
    def get_lang(self, chat_id: int) -> str | None: ...
    def lang_hint(self, chat_id: int) -> str | None: ...
    def cached_lang(self, chat_id: int) -> str | None: ...
    def user(self, chat_id: int) -> User | None: ...
    def count_users(self) -> int: ...
    def flush(self, force: bool = False) -> int: ...
    def forget_kept(self, chat_id: int) -> None: ...
    @property
    def pending(self) -> int: ...
    def check(self) -> str | None: ...
    def checkpoint(self) -> None: ...
    def close(self) -> None: ...


class StateStore:
    """Small typed API over ``state.db``; safe to share across tasks and threads.

    ``languages``: the codes :meth:`set_lang` and the other stores accept (the caller's
    catalogue languages); None accepts any short code (:data:`LANG_CODE`). The schema
    lists none, so a new language needs no migration.
    """

    def __init__(
        self, path: Path | str, timeout: float = 5.0, languages: Collection[str] | None = None
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.languages = None if languages is None else frozenset(languages)
        self._lock = threading.RLock()
        # What the per-message calls could not read or write, kept until flush() succeeds.
        self._langs: dict[int, str | None] = {}
        self._pending_langs: dict[int, str] = {}
        self._pending_touch: set[int] = set()
        self._warned = -_WARN_EVERY
        self._quiet_until = 0.0  # after a failed quick write, keep changes in memory a while
        self.retry_quiet = RETRY_QUIET  # how long that while is (tests shorten it)
        self.damaged: str | None = None  # why state.db cannot be read, once known
        self.con = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=timeout
        )
        try:
            self.con.execute("pragma foreign_keys = on")
            if str(path) != ":memory:":
                self.con.execute("pragma journal_mode = wal")
                self.con.execute("pragma synchronous = normal")
                # deleted drafts and data are overwritten, not left readable in free pages
                self.con.execute("pragma secure_delete = on")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, missing dir
                self.con.close()
                raise
            self.damaged = str(exc)  # "file is not a database", "malformed": start degraded

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the bot at shutdown, the CLI after a command)."""
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

    def check(self) -> str | None:
        """``PRAGMA quick_check``: None when state.db reads back whole, else what is wrong."""
        if self.damaged:
            return self.damaged
        try:
            with self._lock:
                rows = [r[0] for r in self.con.execute("pragma quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                return None  # busy is not damaged
            self.damaged = str(exc)
            return self.damaged
        if rows == ["ok"]:
            return None
        self.damaged = "; ".join(str(r) for r in rows[:3])
        return self.damaged

    def checkpoint(self) -> None:
        """Fold the WAL into the database file (after deletions: nothing deleted lingers)."""
        try:
            with self._lock:
                self.con.execute("pragma wal_checkpoint(truncate)")
        except sqlite3.Error as exc:  # busy readers elsewhere: the next checkpoint does it
            log.info("state.db checkpoint postponed error=%s", type(exc).__name__)

    @contextmanager
    def _quick(self, force: bool = False) -> Iterator[sqlite3.Connection]:
        """A write transaction that does not wait for a lock (``force``: ``FLUSH_TIMEOUT``).

        After a failure the next second's attempts fail at once (no wait at all), so a long
        lock costs the event loop one short wait per second, not one per message.
        """
        if not force and time.monotonic() < self._quiet_until:
            raise sqlite3.OperationalError("state.db was busy a moment ago")
        with self._lock:
            wait = FLUSH_TIMEOUT if force else 0.0
            self.con.execute(f"pragma busy_timeout = {int(wait * 1000)}")
            try:
                with self.transaction() as con:
                    yield con
            finally:
                self.con.execute(f"pragma busy_timeout = {int(self.timeout * 1000)}")

    def _unavailable(self, what: str, exc: sqlite3.Error) -> None:
        """Log (at most once a minute) that user state is out of reach; never raises."""
        self._quiet_until = time.monotonic() + self.retry_quiet
        if not isinstance(exc, sqlite3.OperationalError):
            self.damaged = self.damaged or str(exc)
        now = time.monotonic()
        if now - self._warned >= _WARN_EVERY:
            self._warned = now
            log.warning(
                "state.db unavailable during %s error=%s: %s (answers continue; "
                "user changes are kept in memory until it is back)",
                what,
                type(exc).__name__,
                exc,
            )

    def _cache_lang(self, chat_id: int, lang: str | None) -> None:
        """Remember a chat's language for when state.db is unwell (bounded: cleared when full)."""
        if len(self._langs) >= _LANG_CACHE_MAX:
            self._langs.clear()
        self._langs[chat_id] = lang

    def cached_lang(self, chat_id: int) -> str | None:
        """The language last seen for a chat, from memory only (the error handler's path)."""
        return self._pending_langs.get(chat_id) or self._langs.get(chat_id)

    def lang_hint(self, chat_id: int) -> str | None:
        """Like :meth:`get_lang`, but never raises nor waits: memory when state.db is unwell."""
        if chat_id in self._pending_langs:
            return self._pending_langs[chat_id]
        try:
            lang = self.get_lang(chat_id)
        except sqlite3.Error as exc:
            self._unavailable("a language lookup", exc)
            return self._langs.get(chat_id)
        self._cache_lang(chat_id, lang)
        return lang

    def flush(self, force: bool = False) -> int:
        """Write what per-message calls had to keep in memory; returns how many were written.

        ``force`` tries even within a second of a failure (the periodic job does).
        """
        if not (self._pending_touch or self._pending_langs):
            return 0
        touched, langs = set(self._pending_touch), dict(self._pending_langs)
        now = _now()
        try:
            with self._quick(force) as con:
                for chat_id in touched:
                    ensure_user(con, chat_id, now)
                for chat_id, lang in langs.items():
                    con.execute(
                        "insert into users (chat_id, lang, created, updated) values (?, ?, ?, ?) "
                        "on conflict (chat_id) do update set lang = excluded.lang, "
                        "updated = excluded.updated",
                        (chat_id, lang, now, now),
                    )
        except sqlite3.Error as exc:
            self._unavailable("writing kept changes", exc)
            return 0
        self._pending_touch -= touched
        for chat_id, lang in langs.items():
            if self._pending_langs.get(chat_id) == lang:
                del self._pending_langs[chat_id]
        log.info("state.db back: wrote kept changes chats=%d", len(touched | set(langs)))
        return len(touched) + len(langs)

    def forget_kept(self, chat_id: int) -> None:
        """/hapusdata: nothing about the chat stays in memory either (nor gets written later)."""
        self._pending_touch.discard(chat_id)
        self._pending_langs.pop(chat_id, None)
        self._langs.pop(chat_id, None)

    @property
    def pending(self) -> int:
        """Changes kept in memory, waiting for state.db."""
        return len(self._pending_touch) + len(self._pending_langs)

    @property
    def version(self) -> int:
        """How many migration steps the file has (kept in ``user_version`` too)."""
        with self._lock:
            return migrations.legacy_version(self.con)

    def migrate(self) -> int:
        """Apply pending migrations in order (:mod:`db.migrations`); returns the version."""
        with self._lock:
            migrations.migrate(self.con, migrations.STEPS)
        return self.version

    def valid_lang(self, lang: str) -> str:
        """``lang`` if this store accepts it, else ``ValueError`` (the schema no longer checks)."""
        ok = lang in self.languages if self.languages is not None else LANG_CODE.fullmatch(lang)
        if not ok:
            raise ValueError(f"unsupported language {lang!r}")
        return lang

    # -- users ---------------------------------------------------------------------
    def touch(self, chat_id: int) -> bool:
        """Remember a chat; returns True when it is new (kept in memory if state.db is busy)."""
        self.flush()
        try:
            with self._quick() as con:
                return ensure_user(con, chat_id, _now())
        except sqlite3.Error as exc:
            self._unavailable("remembering a chat", exc)
            self._pending_touch.add(chat_id)
            return False

    def set_lang(self, chat_id: int, lang: str) -> None:
        """Store the language a chat chose; kept in memory if state.db is busy.

        ``ValueError`` for a language this store does not accept (:meth:`valid_lang`).
        """
        self.valid_lang(lang)
        self._pending_langs[chat_id] = lang
        self._cache_lang(chat_id, lang)
        self.flush()

    def get_lang(self, chat_id: int) -> str | None:
        """The chosen language, or None when the chat never chose one."""
        with self._lock:
            row = self.con.execute(
                "select lang from users where chat_id = ?", (chat_id,)
            ).fetchone()
        return None if row is None else row[0]

    def user(self, chat_id: int) -> User | None:
        """The chat's row, or None when the bot never met it."""
        with self._lock:
            row = self.con.execute(
                "select chat_id, lang, created, updated from users where chat_id = ?",
                (chat_id,),
            ).fetchone()
        return None if row is None else User(*row)

    def count_users(self) -> int:
        """Chats the bot has met (operations and tests)."""
        with self._lock:
            return int(self.con.execute("select count(*) from users").fetchone()[0])


# mypy checks here that the SQLite store implements what callers use.
_IMPLEMENTS: type[UserState] = StateStore
