"""The long-lived objects every handler uses, as one typed ``Services`` object.

PTB creates it as ``application.bot_data`` (``ContextTypes(bot_data=Services)``), so a
callback reads ``context.bot_data.outbox`` with its type instead of a loose key and a
cast; the assembly (``bot.app``) wires it once with :meth:`Services.wire`. ``Settings``
lives here, not in ``bot.config`` (which reads it from the environment), because
handlers need the admin ids and limits and never import ``bot``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from db.paths import data_dir
from db.store import stored_fingerprint
from handlers.flood import FloodGuard
from knowledge.context import Memory

if TYPE_CHECKING:
    from db.drafts import DraftStore
    from db.imports import ImportLog
    from db.outbox import Campaign, Outbox
    from db.state import StateStore
    from knowledge.engine import Engine

log = logging.getLogger(__name__)

DEFAULT_REPORT_TIMEOUT = 15 * 60.0  # seconds of silence before a report draft is dropped


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to start; build with :func:`load_settings`."""

    token: str = ""
    api_base_url: str | None = None
    data_dir: Path = field(default_factory=lambda: data_dir())
    admin_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = ""
    webhook_secret: str | None = None
    health_port: int | None = None  # GET /healthz; None: webhook port + 1 in webhook mode
    # Flood guard: at most ``flood_burst`` messages per ``flood_window`` seconds per user.
    flood_burst: int = 8
    flood_window: float = 10.0
    # Broadcasts and notifications: messages per second, and requests in flight at most.
    broadcast_rate: float = 25.0
    broadcast_concurrency: int = 8

    @property
    def api_base_file_url(self) -> str | None:
        """The file URL matching ``api_base_url`` (``…/bot`` → ``…/file/bot``)."""
        if self.api_base_url and self.api_base_url.endswith("/bot"):
            return self.api_base_url[: -len("bot")] + "file/bot"
        return None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line."""
        return tuple(s for s in (self.token, self.webhook_secret) if s)

    def __repr__(self) -> str:  # keep the token out of tracebacks and debug prints
        hidden = "***" if self.token else ""
        return (
            f"Settings(token={hidden!r}, api_base_url={self.api_base_url!r}, "
            f"data_dir={str(self.data_dir)!r}, admin_ids={sorted(self.admin_ids)}, "
            f"log_level={self.log_level!r}, webhook_url={self.webhook_url!r})"
        )


class SenderControl(Protocol):
    """What handlers need of the running delivery sender (``bot.delivery.Sender``)."""

    def wake(self) -> None: ...

    @property
    def paused_for(self) -> float: ...


class ProgressReporter(Protocol):
    """Edits an admin's broadcast message with its progress (``bot.delivery.Reporter``)."""

    async def show(self, campaign: Campaign) -> None: ...


class CurrentEngine:
    """The one getter for "the current engine", for handlers and notifications alike.

    ``kepatuhan db import`` (or an undo, in this process or another) renames a new
    ``knowledge.db`` over the file the engine has open. :meth:`get` notices that with a
    ``stat`` (the file is read only when it changed) and swaps in ``reopen(old)``; the
    engine is synchronous, so no answer is half-way through the old one when it is closed.
    """

    def __init__(self, engine: Engine, reopen: Callable[[Engine], Engine]) -> None:
        self._engine = engine
        self._reopen = reopen
        self._seen: tuple[int, int] | None = None  # (inode, mtime) of the file last compared

    def get(self) -> Engine:
        """The engine, fresh when ``knowledge.db`` on disk is not the file it has open."""
        self.refresh(force=False)
        return self._engine

    def refresh(self, force: bool = True) -> bool:
        """Swap in a fresh engine when the store on disk was rebuilt; True when it swapped."""
        try:
            path = Path(self._engine.store.path)
            st = os.stat(path)
        except (OSError, TypeError):  # an in-memory store, or the file is being replaced
            return False
        signature = (st.st_ino, st.st_mtime_ns)
        if signature == self._seen and not force:
            return False
        self._seen = signature
        latest = stored_fingerprint(path)
        if latest is None or latest == self._engine.store.fingerprint:
            return False
        old = self._engine
        self._engine = self._reopen(old)
        self._engine.draw_later = old.draw_later  # pictures stay off the event loop
        old.close()
        log.info("knowledge store reloaded fingerprint=%s", (latest or "")[:12])
        return True


@dataclass(eq=False)  # a container of services: identity, not value
class Services:
    """Everything the handlers share; PTB builds it empty, ``bot.app`` wires it."""

    flood: FloodGuard = field(default_factory=FloodGuard)
    report_timeout: float = DEFAULT_REPORT_TIMEOUT
    sender: SenderControl | None = None  # set while the delivery task runs
    reporter: ProgressReporter | None = None
    memory: Memory = field(default_factory=Memory)  # follow-up questions per conversation
    photo_ids: dict[str, str] = field(default_factory=dict)  # picture path -> Telegram file_id
    apologised: dict[int, float] = field(default_factory=dict)  # chat id -> monotonic time
    ready: bool = False  # wired: the stores below exist
    settings: Settings = field(init=False, repr=False)
    engines: CurrentEngine = field(init=False, repr=False)
    state: StateStore = field(init=False, repr=False)
    outbox: Outbox = field(init=False, repr=False)
    drafts: DraftStore = field(init=False, repr=False)
    imports: ImportLog = field(init=False, repr=False)

    def wire(
        self,
        *,
        engines: CurrentEngine,
        state: StateStore,
        outbox: Outbox,
        drafts: DraftStore,
        imports: ImportLog,
        settings: Settings,
        report_timeout: float = DEFAULT_REPORT_TIMEOUT,
    ) -> None:
        """Give the handlers their engine, stores and settings (once, by the assembly,
        which alone decides which store implementations to open)."""
        self.engines = engines
        self.state = state
        self.outbox = outbox
        self.drafts = drafts
        self.imports = imports
        self.settings = settings
        self.report_timeout = report_timeout
        self.flood = FloodGuard(settings.flood_burst, settings.flood_window)
        self.ready = True

    @property
    def engine(self) -> Engine:
        """The current engine (see :class:`CurrentEngine`)."""
        return self.engines.get()

    def wake_sender(self) -> None:
        """Deliveries were queued in this process: the sender looks now, not at its next poll."""
        if self.sender is not None:
            self.sender.wake()
