"""Subscriptions and the durable delivery queue in ``state.db`` (schema: :mod:`db.migrations` 3).

* ``subscriptions``: a chat follows a body (``scope='body'``) or every body of a
  province (``scope='province'``; ``body_id`` is then the provincial government's id,
  which names the province in buttons).
* ``campaigns``: one staff broadcast (``draft`` → ``queued`` → ``done``/``cancelled``)
  or one import batch of result notifications (``batch_key`` unique, so a batch is
  queued once).
* ``deliveries``: one row per (campaign, chat), ``unique``, so nobody gets the same
  campaign twice. States: ``pending`` → ``sending`` (the request is in flight) →
  ``sent`` | ``blocked`` | ``failed``; ``cancelled`` when a campaign is stopped.

Everything here is a short transaction on the shared :class:`StateStore` connection
(no Telegram import: the ``kepatuhan`` command line queues through this module too).
Callers see three protocols, one per concern (:class:`Subscriptions`,
:class:`Campaigns`, :class:`DeliveryQueue`); :class:`Outbox` is the SQLite store
implementing all three, with its SQL kept inside it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from db.state import StateStore, _now, ensure_user

BODY, PROVINCE = "body", "province"
SUBSCRIPTION_CAP = 20
ACTIVE = ("pending", "sending")
STATES = ("pending", "sending", "sent", "blocked", "failed", "cancelled")
_CHUNK = 500  # host parameters per IN (...) list


@dataclass(frozen=True)
class Subscription:
    scope: str  # "body" | "province"
    body_id: int
    province: str | None
    name: str
    created: str


@dataclass(frozen=True)
class Target:
    """Who a broadcast goes to: every active private chat, a province's or a body's followers.

    ``body``: followers of the body and of its province (they are told about it too).
    ``province``: followers of the province and of any body in it.
    """

    kind: str  # "all" | "province" | "body"
    name: str = ""
    body_id: int | None = None
    province: str | None = None


ALL = Target("all")


@dataclass(frozen=True)
class NotifyItem:
    """A new or changed result: ``body_id`` in ``year``; ``province`` reaches its followers."""

    body_id: int
    year: int
    province: str | None


@dataclass(frozen=True)
class Campaign:
    id: int
    kind: str
    status: str
    text: str | None
    target: str
    target_body: int | None
    target_province: str | None
    target_name: str | None
    created_by: int | None
    lang: str | None
    admin_chat_id: int | None
    admin_message_id: int | None
    total: int
    created: str
    queued: str | None
    finished: str | None


_CAMPAIGN_COLS = (
    "id, kind, status, text, target, target_body, target_province, target_name, created_by, "
    "lang, admin_chat_id, admin_message_id, total, created, queued, finished"
)


@dataclass(frozen=True)
class Counts:
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def open(self) -> int:
        """Not yet settled: waiting or in flight."""
        return self.pending + self.sending

    @property
    def total(self) -> int:
        """Every delivery of the campaign, settled or not."""
        return self.open + self.sent + self.blocked + self.failed + self.cancelled


@dataclass(frozen=True)
class Job:
    """A due delivery, with what the sender needs to render and send it."""

    id: int
    campaign_id: int
    kind: str  # "broadcast" | "notify"
    chat_id: int
    attempts: int
    throttled: int
    payload: str | None
    lang: str
    blocked: bool

    def items(self) -> list[tuple[int, int]]:
        """(body_id, year) pairs of a notification."""
        if not self.payload:
            return []
        return [(int(b), int(y)) for b, y in json.loads(self.payload)]


class Subscriptions(Protocol):
    """Who follows what, and the chat-level facts broadcasts need (blocked, /hapusdata)."""

    def subscribe(
        self,
        chat_id: int,
        scope: str,
        body_id: int,
        province: str | None,
        name: str,
        lang: str | None,
        cap: int = SUBSCRIPTION_CAP,
    ) -> str: ...
    def unsubscribe(self, chat_id: int, scope: str, body_id: int) -> Subscription | None: ...
    def unsubscribe_all(self, chat_id: int) -> int: ...
    def subscriptions(self, chat_id: int) -> list[Subscription]: ...
    def blocked_at(self, chat_id: int) -> str | None: ...
    def reactivate(self, chat_id: int) -> bool: ...
    def forget(self, chat_id: int) -> dict[str, int]: ...


class Campaigns(Protocol):
    """Staff broadcasts and import notifications: drafted, queued, counted, cancelled."""

    def count_recipients(self, target: Target) -> int: ...
    def create_broadcast(
        self, text: str, target: Target, created_by: int | None, lang: str | None = None
    ) -> int: ...
    def queue_broadcast(
        self,
        campaign_id: int,
        admin_chat_id: int | None = None,
        admin_message_id: int | None = None,
    ) -> int | None: ...
    def queue_notifications(
        self, batch_key: str, items: Iterable[NotifyItem]
    ) -> tuple[int, int]: ...
    def count_followers(self, items: Iterable[NotifyItem]) -> int: ...
    def campaign(self, campaign_id: int) -> Campaign | None: ...
    def campaigns(
        self, statuses: Sequence[str] = ("draft", "queued"), limit: int = 20
    ) -> list[Campaign]: ...
    def counts(self, campaign_id: int) -> Counts: ...
    def cancel(self, campaign_id: int) -> tuple[str, int] | None: ...
    def finish_campaigns(self) -> list[int]: ...


class DeliveryQueue(Protocol):
    """The sender's side: due deliveries and how each attempt ended (exactly-once points)."""

    def recover(self) -> int: ...
    def due(self, limit: int, now: float | None = None) -> list[Job]: ...
    def next_due(self) -> float | None: ...
    def start(self, delivery_id: int) -> bool: ...
    def sent(self, delivery_id: int) -> None: ...
    def failed(self, delivery_id: int, error: str) -> None: ...
    def skip_blocked(self, delivery_id: int) -> None: ...
    def blocked(self, delivery_id: int, chat_id: int, error: str) -> None: ...
    def retry(self, delivery_id: int, at: float, error: str) -> None: ...
    def throttle(self, delivery_id: int, at: float, error: str, cap: int) -> bool: ...
    def release(self, delivery_id: int, at: float, error: str) -> None: ...
    def delivery_states(self, campaign_id: int) -> dict[int, tuple[str, int, str | None]]: ...


def _recipients_sql(target: Target) -> tuple[str, tuple[Any, ...]]:
    """SQL selecting the distinct, not-blocked chat ids a target reaches."""
    if target.kind == "all":
        return "select chat_id from users where blocked_at is null and chat_id > 0", ()
    base = (
        "select distinct s.chat_id from subscriptions s join users u on u.chat_id = s.chat_id "
        "where u.blocked_at is null and "
    )
    if target.kind == PROVINCE:
        return base + "s.province = ?", (target.province,)
    if target.kind == BODY:
        return (
            base + "((s.scope = 'body' and s.body_id = ?) or "
            "(s.scope = 'province' and s.province = ?))",
            (target.body_id, target.province),
        )
    raise ValueError(f"unknown target kind {target.kind!r}")


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _followers(
    con: sqlite3.Connection, wanted: Sequence[NotifyItem]
) -> dict[int, set[tuple[int, int]]]:
    """Not-blocked followers of any item's body or province, with the items each follows."""
    by_body: dict[int, list[NotifyItem]] = {}
    by_province: dict[str, list[NotifyItem]] = {}
    for item in wanted:
        by_body.setdefault(item.body_id, []).append(item)
        if item.province:
            by_province.setdefault(item.province, []).append(item)
    per_chat: dict[int, set[tuple[int, int]]] = {}
    base = (
        "select s.chat_id, s.scope, s.body_id, s.province from subscriptions s "
        "join users u on u.chat_id = s.chat_id where u.blocked_at is null and "
    )
    found: list[tuple[int, str, int, str | None]] = []
    for part in _chunks(list(by_body)):
        marks = ",".join("?" * len(part))
        found += con.execute(
            base + f"s.scope = 'body' and s.body_id in ({marks})", tuple(part)
        ).fetchall()
    for part in _chunks(list(by_province)):
        marks = ",".join("?" * len(part))
        found += con.execute(
            base + f"s.scope = 'province' and s.province in ({marks})", tuple(part)
        ).fetchall()
    for chat_id, scope, body_id, province in found:
        hits = by_body.get(body_id, []) if scope == BODY else by_province[province or ""]
        per_chat.setdefault(chat_id, set()).update((i.body_id, i.year) for i in hits)
    return per_chat


class Outbox:
    """Repository over ``state.db`` for subscriptions, campaigns and deliveries.

    Implements :class:`Subscriptions`, :class:`Campaigns` and :class:`DeliveryQueue`.
    """

    def __init__(self, state: StateStore) -> None:
        self.state = state

    # -- subscriptions ---------------------------------------------------------------
    def subscribe(
        self,
        chat_id: int,
        scope: str,
        body_id: int,
        province: str | None,
        name: str,
        lang: str | None,
        cap: int = SUBSCRIPTION_CAP,
    ) -> str:
        """``"added"``, ``"exists"`` or ``"full"`` (the chat already follows ``cap`` things)."""
        if scope not in (BODY, PROVINCE):
            raise ValueError(f"unknown scope {scope!r}")
        if lang is not None:
            self.state.valid_lang(lang)
        now = _now()
        with self.state.transaction() as con:
            ensure_user(con, chat_id, now)
            if con.execute(
                "select 1 from subscriptions where chat_id = ? and scope = ? and body_id = ?",
                (chat_id, scope, body_id),
            ).fetchone():
                return "exists"
            count = con.execute(
                "select count(*) from subscriptions where chat_id = ?", (chat_id,)
            ).fetchone()[0]
            if count >= cap:
                return "full"
            con.execute(
                "insert into subscriptions (chat_id, scope, body_id, province, name, lang, "
                "created) values (?, ?, ?, ?, ?, ?, ?)",
                (chat_id, scope, body_id, province, name, lang, now),
            )
            return "added"

    def unsubscribe(self, chat_id: int, scope: str, body_id: int) -> Subscription | None:
        """Remove one subscription; returns it, or None when the chat did not have it."""
        with self.state.transaction() as con:
            row = con.execute(
                "delete from subscriptions where chat_id = ? and scope = ? and body_id = ? "
                "returning scope, body_id, province, name, created",
                (chat_id, scope, body_id),
            ).fetchone()
        return None if row is None else Subscription(*row)

    def unsubscribe_all(self, chat_id: int) -> int:
        """Remove every subscription of the chat; returns how many."""
        with self.state.transaction() as con:
            return con.execute("delete from subscriptions where chat_id = ?", (chat_id,)).rowcount

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, in the order they were made."""
        with self.state.reading() as con:
            rows = con.execute(
                "select scope, body_id, province, name, created from subscriptions "
                "where chat_id = ? order by rowid",
                (chat_id,),
            ).fetchall()
        return [Subscription(*r) for r in rows]

    # -- users -----------------------------------------------------------------------
    def blocked_at(self, chat_id: int) -> str | None:
        """When Telegram told us the chat blocked the bot (None: not blocked, or unknown)."""
        with self.state.reading() as con:
            row = con.execute(
                "select blocked_at from users where chat_id = ?", (chat_id,)
            ).fetchone()
        return None if row is None else row[0]

    def reactivate(self, chat_id: int) -> bool:
        """The chat wrote to the bot again: clear ``blocked_at``. True when it was blocked."""
        if self.blocked_at(chat_id) is None:  # the common case: one indexed read, no write
            return False
        with self.state.transaction() as con:
            cur = con.execute(
                "update users set blocked_at = null, updated = ? "
                "where chat_id = ? and blocked_at is not null",
                (_now(), chat_id),
            )
            return cur.rowcount == 1

    def forget(self, chat_id: int) -> dict[str, int]:
        """Delete everything stored about ``chat_id``; returns rows removed per table."""
        with self.state.transaction() as con:
            removed = {
                table: con.execute(f"delete from {table} where chat_id = ?", (chat_id,)).rowcount
                for table in ("drafts", "deliveries", "subscriptions", "users")
            }
            # staff who started broadcasts: keep the campaign, drop who and where
            con.execute("update campaigns set created_by = null where created_by = ?", (chat_id,))
            con.execute(
                "update campaigns set admin_chat_id = null, admin_message_id = null "
                "where admin_chat_id = ?",
                (chat_id,),
            )
        self.state.forget_kept(chat_id)
        self.state.checkpoint()  # the deleted rows leave the WAL too (secure_delete is on)
        return removed

    # -- campaigns -------------------------------------------------------------------
    def count_recipients(self, target: Target) -> int:
        """How many chats a broadcast to ``target`` would reach now."""
        sql, params = _recipients_sql(target)
        with self.state.reading() as con:
            return int(con.execute(f"select count(*) from ({sql})", params).fetchone()[0])

    def create_broadcast(
        self, text: str, target: Target, created_by: int | None, lang: str | None = None
    ) -> int:
        """A ``draft`` broadcast; nothing is sent until :meth:`queue_broadcast`."""
        if lang is not None:
            self.state.valid_lang(lang)
        with self.state.transaction() as con:
            cur = con.execute(
                "insert into campaigns (kind, status, text, target, target_body, "
                "target_province, target_name, created_by, lang, created) "
                "values ('broadcast', 'draft', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    text,
                    target.kind,
                    target.body_id,
                    target.province,
                    target.name or None,
                    created_by,
                    lang,
                    _now(),
                ),
            )
            return int(cur.lastrowid or 0)

    def queue_broadcast(
        self,
        campaign_id: int,
        admin_chat_id: int | None = None,
        admin_message_id: int | None = None,
    ) -> int | None:
        """``draft`` → ``queued``: one pending delivery per recipient, counted now.

        Returns the number of recipients, or None when the campaign is not a draft
        (already confirmed, cancelled, unknown): confirming twice queues nothing.
        """
        now = _now()
        with self.state.transaction() as con:
            row = con.execute(
                "select status, target, target_body, target_province from campaigns "
                "where id = ? and kind = 'broadcast'",
                (campaign_id,),
            ).fetchone()
            if row is None or row[0] != "draft":
                return None
            sql, params = _recipients_sql(Target(row[1], body_id=row[2], province=row[3]))
            total = con.execute(
                f"insert into deliveries (campaign_id, chat_id, updated) "
                f"select ?, chat_id, ? from ({sql}) where true "
                "on conflict (campaign_id, chat_id) do nothing",
                (campaign_id, now, *params),
            ).rowcount
            con.execute(
                "update campaigns set status = ?, queued = ?, total = ?, admin_chat_id = ?, "
                "admin_message_id = ?, finished = ? where id = ?",
                (
                    "queued" if total else "done",
                    now,
                    total,
                    admin_chat_id,
                    admin_message_id,
                    None if total else now,
                    campaign_id,
                ),
            )
        return total

    def queue_notifications(self, batch_key: str, items: Iterable[NotifyItem]) -> tuple[int, int]:
        """Queue one notification per follower of any item's body or province.

        Returns (campaign id, recipients); (0, 0) when there is nothing to say or the
        batch was queued before (``batch_key`` is unique).
        """
        wanted = sorted(set(items), key=lambda i: (i.body_id, i.year))
        if not wanted:
            return 0, 0
        now = _now()
        with self.state.transaction() as con:
            cur = con.execute(
                "insert into campaigns (kind, status, batch_key, target, created, queued) "
                "values ('notify', 'queued', ?, 'import', ?, ?) "
                "on conflict (batch_key) do nothing",
                (batch_key, now, now),
            )
            if cur.rowcount != 1:
                return 0, 0
            campaign_id = int(cur.lastrowid or 0)
            per_chat = _followers(con, wanted)
            con.executemany(
                "insert into deliveries (campaign_id, chat_id, payload, updated) "
                "values (?, ?, ?, ?) on conflict (campaign_id, chat_id) do nothing",
                (
                    (campaign_id, chat_id, json.dumps(sorted(pairs)), now)
                    for chat_id, pairs in sorted(per_chat.items())
                ),
            )
            total = len(per_chat)
            con.execute(
                "update campaigns set total = ?, status = ?, finished = ? where id = ?",
                (total, "queued" if total else "done", None if total else now, campaign_id),
            )
        return campaign_id, total

    def count_followers(self, items: Iterable[NotifyItem]) -> int:
        """How many chats an import of ``items`` would notify (nothing is queued)."""
        wanted = sorted(set(items), key=lambda i: (i.body_id, i.year))
        if not wanted:
            return 0
        with self.state.reading() as con:
            return len(_followers(con, wanted))

    def campaign(self, campaign_id: int) -> Campaign | None:
        """One campaign, or None when unknown."""
        with self.state.reading() as con:
            row = con.execute(
                f"select {_CAMPAIGN_COLS} from campaigns where id = ?", (campaign_id,)
            ).fetchone()
        return None if row is None else Campaign(*row)

    def campaigns(
        self, statuses: Sequence[str] = ("draft", "queued"), limit: int = 20
    ) -> list[Campaign]:
        """Campaigns in ``statuses``, newest first."""
        marks = ",".join("?" * len(statuses))
        with self.state.reading() as con:
            rows = con.execute(
                f"select {_CAMPAIGN_COLS} from campaigns where status in ({marks}) "
                "order by id desc limit ?",
                (*statuses, limit),
            ).fetchall()
        return [Campaign(*r) for r in rows]

    def counts(self, campaign_id: int) -> Counts:
        """Deliveries of a campaign per state."""
        with self.state.reading() as con:
            rows = con.execute(
                "select state, count(*) from deliveries where campaign_id = ? group by state",
                (campaign_id,),
            ).fetchall()
        return Counts(**{state: int(n) for state, n in rows})

    def cancel(self, campaign_id: int) -> tuple[str, int] | None:
        """Stop a draft or queued campaign: pending deliveries become ``cancelled``.

        Returns (previous status, deliveries cancelled), or None when unknown. Messages
        already in flight finish; nothing else is sent.
        """
        now = _now()
        with self.state.transaction() as con:
            row = con.execute(
                "select status from campaigns where id = ?", (campaign_id,)
            ).fetchone()
            if row is None:
                return None
            status = str(row[0])
            if status not in ("draft", "queued"):
                return status, 0
            n = con.execute(
                "update deliveries set state = 'cancelled', updated = ? "
                "where campaign_id = ? and state = 'pending'",
                (now, campaign_id),
            ).rowcount
            con.execute(
                "update campaigns set status = 'cancelled', finished = ? where id = ?",
                (now, campaign_id),
            )
        return status, n

    def finish_campaigns(self) -> list[int]:
        """Mark queued campaigns with nothing left to send ``done``; returns their ids."""
        with self.state.reading() as con:  # the common case: nothing queued, no write lock
            if (
                con.execute("select 1 from campaigns where status = 'queued' limit 1").fetchone()
                is None
            ):
                return []
        with self.state.transaction() as con:
            rows = con.execute(
                "update campaigns set status = 'done', finished = ? where status = 'queued' "
                "and not exists (select 1 from deliveries d where d.campaign_id = campaigns.id "
                "and d.state in ('pending', 'sending')) returning id",
                (_now(),),
            ).fetchall()
        return sorted(int(r[0]) for r in rows)

    # -- the sender's side -----------------------------------------------------------
    def recover(self) -> int:
        """At start: rows left ``sending`` by a killed process go back to ``pending``.

        Their request may or may not have reached Telegram, so these (at most the
        sender's concurrency) are the only messages that can ever be repeated.
        """
        with self.state.transaction() as con:
            return con.execute(
                "update deliveries set state = 'pending', updated = ? where state = 'sending'",
                (_now(),),
            ).rowcount

    def due(self, limit: int, now: float | None = None) -> list[Job]:
        """Up to ``limit`` pending deliveries whose time has come, oldest first."""
        when = time.time() if now is None else now
        with self.state.reading() as con:
            rows = con.execute(
                "select d.id, d.campaign_id, c.kind, d.chat_id, d.attempts, d.throttled, "
                "d.payload, coalesce(u.lang, (select s.lang from subscriptions s "
                "where s.chat_id = d.chat_id and s.lang is not null limit 1), 'id'), "
                "u.blocked_at is not null "
                "from deliveries d join campaigns c on c.id = d.campaign_id "
                "join users u on u.chat_id = d.chat_id "
                "where d.state = 'pending' and d.next_at <= ? and c.status = 'queued' "
                "order by d.next_at, d.id limit ?",
                (when, limit),
            ).fetchall()
        return [Job(r[0], r[1], r[2], r[3], r[4], r[5], r[6], str(r[7]), bool(r[8])) for r in rows]

    def next_due(self) -> float | None:
        """Unix time of the earliest pending delivery of a queued campaign, if any."""
        with self.state.reading() as con:
            row = con.execute(
                "select min(d.next_at) from deliveries d join campaigns c "
                "on c.id = d.campaign_id where d.state = 'pending' and c.status = 'queued'"
            ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def start(self, delivery_id: int) -> bool:
        """``pending`` → ``sending`` just before the request; False if it was taken or cancelled."""
        with self.state.transaction() as con:
            return (
                con.execute(
                    "update deliveries set state = 'sending', attempts = attempts + 1, "
                    "updated = ? where id = ? and state = 'pending'",
                    (_now(), delivery_id),
                ).rowcount
                == 1
            )

    def sent(self, delivery_id: int) -> None:
        """Telegram accepted the message: recorded at once (the exactly-once point)."""
        self._set(delivery_id, "sent", None)

    def failed(self, delivery_id: int, error: str) -> None:
        """A permanent failure: the row is settled, never retried."""
        self._set(delivery_id, "failed", error)

    def skip_blocked(self, delivery_id: int) -> None:
        """The chat blocked the bot earlier: settle the row without a request."""
        self._set(delivery_id, "blocked", "blocked earlier")

    def blocked(self, delivery_id: int, chat_id: int, error: str) -> None:
        """403: the user blocked the bot (or left): settle the row, mark the user inactive."""
        now = _now()
        with self.state.transaction() as con:
            con.execute(
                "update deliveries set state = 'blocked', last_error = ?, updated = ? where id = ?",
                (error[:500], now, delivery_id),
            )
            con.execute(
                "update users set blocked_at = ?, updated = ? "
                "where chat_id = ? and blocked_at is null",
                (now, now, chat_id),
            )

    def retry(self, delivery_id: int, at: float, error: str) -> None:
        """A transient failure: try again at unix time ``at`` (the attempt is counted)."""
        with self.state.transaction() as con:
            con.execute(
                "update deliveries set state = 'pending', next_at = ?, last_error = ?, "
                "updated = ? where id = ?",
                (at, error[:500], _now(), delivery_id),
            )

    def throttle(self, delivery_id: int, at: float, error: str, cap: int) -> bool:
        """429: back to ``pending`` at ``at`` without counting an attempt.

        After ``cap`` throttles the row fails; returns True while it will be retried.
        """
        with self.state.transaction() as con:
            row = con.execute(
                "update deliveries set throttled = throttled + 1, attempts = max(attempts - 1, 0), "
                "state = case when throttled + 1 > ? then 'failed' else 'pending' end, "
                "next_at = ?, last_error = ?, updated = ? where id = ? returning state",
                (cap, at, error[:500], _now(), delivery_id),
            ).fetchone()
        return row is not None and row[0] == "pending"

    def release(self, delivery_id: int, at: float, error: str) -> None:
        """Give the row back (``pending`` at ``at``) without counting the attempt."""
        with self.state.transaction() as con:
            con.execute(
                "update deliveries set state = 'pending', attempts = max(attempts - 1, 0), "
                "next_at = ?, last_error = ?, updated = ? where id = ?",
                (at, error[:500], _now(), delivery_id),
            )

    def _set(self, delivery_id: int, state: str, error: str | None) -> None:
        """Settle one delivery in ``state`` with its error, if any (trimmed to 500 chars)."""
        with self.state.transaction() as con:
            con.execute(
                "update deliveries set state = ?, last_error = ?, updated = ? where id = ?",
                (state, None if error is None else error[:500], _now(), delivery_id),
            )

    def delivery_states(self, campaign_id: int) -> dict[int, tuple[str, int, str | None]]:
        """chat id → (state, attempts, last_error) for one campaign (tests, status)."""
        with self.state.reading() as con:
            rows = con.execute(
                "select chat_id, state, attempts, last_error from deliveries where campaign_id = ?",
                (campaign_id,),
            ).fetchall()
        return {int(r[0]): (str(r[1]), int(r[2]), r[3]) for r in rows}


# mypy checks here that the SQLite store implements what callers use.
_IMPLEMENTS: tuple[type[Subscriptions], type[Campaigns], type[DeliveryQueue]] = (
    Outbox,
    Outbox,
    Outbox,
)

__all__ = [
    "ALL",
    "BODY",
    "PROVINCE",
    "SUBSCRIPTION_CAP",
    "Campaign",
    "Campaigns",
    "Counts",
    "DeliveryQueue",
    "Job",
    "NotifyItem",
    "Outbox",
    "Subscription",
    "Subscriptions",
    "Target",
]
