"""Report drafts a user explicitly saved ("Simpan draf"), in ``state.db``'s ``drafts`` table.

Nothing else from a report conversation is ever written: the conversation itself lives in
memory only. The table comes from migrations 2 and 6 (``title``) in :mod:`db.migrations`;
this module adds the small typed API over it and uses the :class:`~db.state.StateStore`
connection, its lock and its transactions. ``/hapusdata`` calls :meth:`DraftStore.delete_all`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from db.state import StateStore, ensure_user

MAX_DRAFTS = 10  # per chat; saving more is refused, never silently dropped
MAX_TEXT_CHARS = 20_000
_COLUMNS = "id, chat_id, text, created, title"  # SavedDraft's fields, in order


@dataclass(frozen=True)
class SavedDraft:
    id: int
    chat_id: int
    text: str
    created: str  # ISO 8601, UTC
    title: str  # what /draf lists it by (the agency line); "" when unknown: "untitled"

    @property
    def created_date(self) -> dt.date:
        """The day it was saved (UTC), as the draft list shows it."""
        return dt.datetime.fromisoformat(self.created).date()


class DraftLimitError(Exception):
    """The chat already holds :data:`MAX_DRAFTS` saved drafts."""


class Drafts(Protocol):
    """What the report flow and /hapusdata use of saved drafts (one chat's drafts only)."""

    def save(
        self, chat_id: int, text: str, *, title: str = "", now: dt.datetime | None = None
    ) -> int: ...
    def for_chat(self, chat_id: int) -> list[SavedDraft]: ...
    def get(self, chat_id: int, draft_id: int) -> SavedDraft | None: ...
    def count(self, chat_id: int) -> int: ...
    def delete(self, chat_id: int, draft_id: int) -> bool: ...
    def delete_all(self, chat_id: int) -> int: ...


class DraftStore:
    """Saved drafts per chat over ``state.db`` (implements :class:`Drafts`); SQL parameterised."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    def save(
        self, chat_id: int, text: str, *, title: str = "", now: dt.datetime | None = None
    ) -> int:
        """Store ``text`` and its ``title`` for ``chat_id`` and return the new draft's id.

        The title is kept as data (the composer's, in the draft's language) so the list
        never re-reads it from the translated text.

        Raises :class:`DraftLimitError` when the chat already has :data:`MAX_DRAFTS`
        drafts and :class:`ValueError` for an empty or oversized text.
        """
        if not text.strip():
            raise ValueError("empty draft")
        if len(text) > MAX_TEXT_CHARS:
            raise ValueError("draft too long")
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        with self.state.transaction() as con:
            ensure_user(con, chat_id, stamp)
            count = con.execute(
                "select count(*) from drafts where chat_id = ?", (chat_id,)
            ).fetchone()[0]
            if int(count) >= MAX_DRAFTS:
                raise DraftLimitError(chat_id)
            cur = con.execute(
                "insert into drafts (chat_id, text, created, title) values (?, ?, ?, ?)",
                (chat_id, text, stamp, title.strip()),
            )
            return int(cur.lastrowid or 0)

    def for_chat(self, chat_id: int) -> list[SavedDraft]:
        """The chat's drafts, oldest first."""
        with self.state.transaction() as con:
            rows = con.execute(
                f"select {_COLUMNS} from drafts where chat_id = ? order by id",
                (chat_id,),
            ).fetchall()
        return [SavedDraft(*row) for row in rows]

    def get(self, chat_id: int, draft_id: int) -> SavedDraft | None:
        """One draft, only if it belongs to ``chat_id``."""
        with self.state.transaction() as con:
            row = con.execute(
                f"select {_COLUMNS} from drafts where id = ? and chat_id = ?",
                (draft_id, chat_id),
            ).fetchone()
        return None if row is None else SavedDraft(*row)

    def count(self, chat_id: int) -> int:
        """How many drafts the chat keeps (the limit is :data:`MAX_DRAFTS`)."""
        with self.state.transaction() as con:
            row = con.execute("select count(*) from drafts where chat_id = ?", (chat_id,))
            return int(row.fetchone()[0])

    def delete(self, chat_id: int, draft_id: int) -> bool:
        """Delete one of the chat's drafts; False when there was none."""
        with self.state.transaction() as con:
            cur = con.execute(
                "delete from drafts where id = ? and chat_id = ?", (draft_id, chat_id)
            )
            deleted = cur.rowcount == 1
        self.state.checkpoint()  # the deleted text leaves the WAL too (secure_delete is on)
        return deleted

    def delete_all(self, chat_id: int) -> int:
        """Delete every draft of the chat (``/hapusdata``); returns how many."""
        with self.state.transaction() as con:
            cur = con.execute("delete from drafts where chat_id = ?", (chat_id,))
            deleted = int(cur.rowcount)
        self.state.checkpoint()
        return deleted


# mypy checks here that the SQLite store implements what callers use.
_IMPLEMENTS: type[Drafts] = DraftStore
