"""Assemble the Telegram Application: one readable place for every handler.

Data flows Update → handler (``handlers/``) → ``Engine`` → ``Answer`` → reply.
Tests build the same Application with an injected engine and a fake Bot API.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings, report_timeout_seconds
from bot.delivery import DeliveryConfig, start_sender, stop_sender
from bot.observe import HealthServer, LoggingUpdateProcessor
from bot.resilience import ResilientBot, shared_tls
from db.drafts import DraftStore
from db.imports import ImportLog
from db.outbox import Outbox
from db.paths import state_db_path
from db.queries import KnowledgeStore
from db.state import BOT_TIMEOUT, StateStore
from db.store import open_knowledge
from handlers import (
    about,
    analysis,
    answers,
    broadcast,
    callbacks,
    errors,
    flood,
    imports,
    inline,
    language,
    privacy,
    report_flow,
    start,
    subscribe,
)
from handlers.buttons import Prefix, pattern
from handlers.services import CurrentEngine, Services
from knowledge.catalogue import DEFAULT_LANG, LANGS, t
from knowledge.engine import Engine

log = logging.getLogger(__name__)

# (command, catalogue key of its description, English alias accepted too)
COMMANDS: tuple[tuple[str, str, str | None], ...] = (
    ("start", "bot.cmd.start", None),
    ("zona", "bot.cmd.zona", "zone"),
    ("peta", "bot.cmd.peta", "map"),
    ("lapor", "bot.cmd.lapor", "report"),
    ("sumber", "bot.cmd.sumber", "sources"),
    ("tentang", "bot.cmd.tentang", "about"),
    ("bahasa", "bot.cmd.bahasa", "language"),
    ("help", "bot.cmd.help", "bantuan"),
)
# Shown in the command menu but handled by their own modules (subscriptions, privacy, drafts).
MENU_EXTRA: tuple[tuple[str, str], ...] = (
    ("langganan", "bot.cmd.langganan"),
    ("berhenti", "bot.cmd.berhenti"),
    ("draf", "bot.cmd.draf"),
    ("hapusdata", "bot.cmd.hapusdata"),
)
ALLOWED_UPDATES = ("message", "callback_query", "inline_query")
PRUNE_INTERVAL = 600.0  # seconds between flood-guard clean-ups
RELOAD_INTERVAL = 60.0  # seconds between checks for a new knowledge.db (after db import)
MAX_CONCURRENT_UPDATES = 64
FLUSH_INTERVAL = 5.0  # seconds between retries of user changes kept in memory


def bot_commands(lang: str) -> list[BotCommand]:
    menu = [(name, key) for name, key, _ in COMMANDS] + list(MENU_EXTRA)
    return [BotCommand(name, t(key, lang)) for name, key in menu]


async def register_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """setMyCommands in Indonesian (default) and English; optional, so failures are logged only."""
    bot = application.bot
    calls: list[tuple[str | None, str]] = [(None, DEFAULT_LANG), *((c, c) for c in LANGS)]
    for code, lang in calls:
        try:
            await bot.set_my_commands(bot_commands(lang), language_code=code)
        except Exception as exc:  # e.g. a self-hosted Bot API without the method
            log.warning(
                "optional start-up call failed method=setMyCommands lang=%s error=%s: %s",
                code or "default",
                type(exc).__name__,
                exc,
            )
            return


# Every callback's ``context.bot_data`` is the typed Services (handlers.common.Context).
CONTEXT_TYPES = ContextTypes(context=CallbackContext, bot_data=Services)


async def reload_knowledge(context: CallbackContext[Any, Any, Any, Services]) -> None:
    """Swap in a fresh engine when ``kepatuhan db import`` (or undo) rebuilt knowledge.db,
    even while nobody asks (the handlers and notifications get it through the same getter)."""
    svc = context.bot_data
    if svc.ready:
        svc.engines.refresh()


def reopen_engine(old: Engine) -> Engine:
    """A fresh engine over the rebuilt file the old one had open (same clock)."""
    return Engine(KnowledgeStore(Path(old.store.path)), old.today)


async def flush_state(context: CallbackContext[Any, Any, Any, Services]) -> None:
    """Write the user changes kept in memory while state.db was locked or unreadable."""
    svc = context.bot_data
    if svc.ready and svc.state.pending:
        svc.state.flush(force=True)


async def start_health(
    application: Application[Any, Any, Any, Any, Any, Any], settings: Settings
) -> HealthServer | None:
    """Serve GET /healthz on loopback when a health port is configured (webhook mode)."""
    if not settings.health_port:
        return None
    processor = application.update_processor

    def status() -> dict[str, Any]:
        svc: Services = application.bot_data
        handled = processor.handled if isinstance(processor, LoggingUpdateProcessor) else None
        errors = processor.errors if isinstance(processor, LoggingUpdateProcessor) else None
        try:
            users: int | None = svc.state.count_users()
        except sqlite3.Error:  # locked or damaged: the probe still answers
            users = None
        return {
            "status": "ok",
            "updates": handled,
            "errors": errors,
            "bodies": len(svc.engine.store.bodies),
            "users": users,
            "state": "damaged" if svc.state.damaged else "ok",
            "pending": svc.state.pending,
        }

    health = HealthServer(status, settings.webhook_listen, settings.health_port)
    port = await health.start()
    log.info("health endpoint listen=%s port=%d path=/healthz", settings.webhook_listen, port)
    return health


def make_bot(settings: Settings) -> ResilientBot:
    """The interactive bot: HTML and no link previews by default, paced at Telegram's limits."""
    urls: dict[str, str] = {}
    if settings.api_base_url:
        urls["base_url"] = settings.api_base_url
        if settings.api_base_file_url:
            urls["base_file_url"] = settings.api_base_file_url
    return ResilientBot(
        settings.token,
        **urls,
        request=HTTPXRequest(connection_pool_size=256, httpx_kwargs=shared_tls()),
        get_updates_request=HTTPXRequest(connection_pool_size=1, httpx_kwargs=shared_tls()),
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        rate_limiter=AIORateLimiter(max_retries=2),
    )


def build_application(
    settings: Settings,
    engine: Engine | None = None,
    state: StateStore | None = None,
    delivery: DeliveryConfig | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The whole bot: handlers, job queue, error handler, start-up and shutdown hooks.

    ``engine`` and ``state`` may be injected (tests); otherwise they are opened from
    ``settings.data_dir`` and closed again when the application shuts down. ``delivery``
    overrides the sender's configuration (default: from ``settings``).
    """
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the bot")
    owns_engine, owns_state = engine is None, state is None
    report_timeout = report_timeout_seconds()  # invalid: ConfigError before anything opens
    engine = engine or Engine(open_knowledge(settings.data_dir))
    state = state or StateStore(
        state_db_path(settings.data_dir), timeout=BOT_TIMEOUT, languages=LANGS
    )
    damage = state.check()
    if damage is not None:
        log.error(
            "state.db is damaged (%s): questions are answered, but languages, subscriptions "
            "and saved drafts are unavailable. Stop the bot and restore %s from a copy made "
            "with `kepatuhan db backup` (default folder: %s)",
            damage,
            state_db_path(settings.data_dir),
            settings.data_dir / "backups",
        )
    drew_later = engine.draw_later
    servers: list[HealthServer] = []  # the /healthz server while running

    async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        engine.draw_later = True  # pictures are drawn by the worker, off the event loop
        await register_commands(application)
        await start_sender(application.bot_data, delivery)  # the broadcast/notification sender
        health = await start_health(application, settings)
        if health is not None:
            servers.append(health)
        log.info(
            "bot ready username=@%s id=%s bodies=%d state=%s",
            application.bot.username,
            application.bot.id,
            len(engine.store.bodies),
            "damaged" if state.damaged else "ok",
        )

    async def post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await stop_sender(application.bot_data)  # before state.db is closed
        while servers:
            await servers.pop().stop()
        engine.draw_later = drew_later  # an injected engine goes back as it came
        if owns_state:
            state.close()
        if owns_engine:
            services.engine.close()  # the one in use (an import may have replaced it)

    bot = make_bot(settings)
    application = (
        ApplicationBuilder()
        .context_types(CONTEXT_TYPES)
        .bot(bot)
        .concurrent_updates(LoggingUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    bot.when_token_rejected(application.stop_running)
    services: Services = application.bot_data
    services.wire(
        engines=CurrentEngine(engine, reopen_engine),
        state=state,
        outbox=Outbox(state),
        drafts=DraftStore(state),
        imports=ImportLog(state),
        settings=settings,
        report_timeout=report_timeout,
    )
    add_handlers(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            flood.prune_job, interval=PRUNE_INTERVAL, first=PRUNE_INTERVAL, name="flood-prune"
        )
        application.job_queue.run_repeating(
            reload_knowledge, interval=RELOAD_INTERVAL, first=RELOAD_INTERVAL, name="reload"
        )
        application.job_queue.run_repeating(
            flush_state, interval=FLUSH_INTERVAL, first=FLUSH_INTERVAL, name="state-flush"
        )
    return application


def add_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every handler of the bot, in the order PTB tries them (the only place that registers)."""
    new = filters.UpdateType.MESSAGE  # ignore edits and channel posts
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS

    # group -3: a button with empty (forged) data is stale, whatever would match it later
    application.add_handler(TypeHandler(Update, callbacks.empty_data_is_stale), group=-3)
    # group -2, before the flood guard: a user who blocked the bot and writes again is active
    application.add_handler(TypeHandler(Update, subscribe.on_any_update), group=-2)
    # group -1: the flood guard sees requests first and may stop them
    application.add_handler(TypeHandler(Update, flood.flood_guard), group=-1)

    # the guided report: its conversation and companions come before the generic handlers
    application.add_handler(report_flow.build_conversation(application.bot_data.report_timeout))
    application.add_handler(
        CallbackQueryHandler(report_flow.on_forms, pattern=f"^{report_flow.FORMS}$")
    )
    application.add_handler(
        CallbackQueryHandler(
            report_flow.on_saved_button, pattern=rf"^{Prefix.DRAFT}:(?:get|del):[0-9]{{1,12}}$"
        )
    )
    application.add_handler(
        CallbackQueryHandler(report_flow.on_stale_button, pattern=pattern(Prefix.DRAFT))
    )
    application.add_handler(
        CommandHandler(["draf", "drafts"], report_flow.on_drafts, filters=new & private)
    )
    application.add_handler(
        CommandHandler(["batal", "cancel"], report_flow.on_cancel_idle, filters=new & private)
    )
    application.add_handler(
        MessageHandler(
            new & private & filters.TEXT & ~filters.COMMAND & report_flow.REPLY_TO_PROMPT,
            report_flow.on_stale_reply,
        )
    )
    application.add_handler(
        CommandHandler(["hapusdata", "deletedata"], report_flow.on_delete_data, filters=new),
        group=1,
    )

    # subscriptions, broadcasts, privacy and staff imports
    for names, callback in (
        (["langganan", "subscribe"], subscribe.on_langganan),
        (["berhenti", "unsubscribe"], subscribe.on_berhenti),
        (["siaran", "broadcast"], broadcast.on_siaran),
        (["siaran_status", "broadcast_status"], broadcast.on_status),
        (["siaran_batal", "broadcast_cancel"], broadcast.on_cancel),
        (["hapusdata", "deletedata"], privacy.on_hapusdata),
        (["impor_status", "import_status"], imports.on_status),
        (["impor_batal", "import_undo"], imports.on_undo),
        (["templat", "template"], imports.on_template),
    ):
        application.add_handler(CommandHandler(names, callback, filters=new))
    application.add_handler(
        CallbackQueryHandler(subscribe.on_button, pattern=pattern(Prefix.SUBSCRIBE))
    )
    application.add_handler(
        CallbackQueryHandler(broadcast.on_button, pattern=pattern(Prefix.BROADCAST))
    )
    application.add_handler(
        MessageHandler(new & private & filters.Document.ALL, imports.on_document)
    )
    application.add_handler(CallbackQueryHandler(imports.on_button, pattern=pattern(Prefix.IMPORT)))

    handlers = {
        "start": start.on_start,
        "help": start.on_help,
        "zona": answers.on_zona,
        "peta": answers.on_peta,
        "lapor": answers.on_lapor,
        "sumber": about.on_sumber,
        "tentang": about.on_tentang,
        "bahasa": language.on_bahasa,
    }
    for name, _, alias in COMMANDS:
        names = [name] if alias is None else [name, alias]
        application.add_handler(CommandHandler(names, handlers[name], filters=new))

    application.add_handler(
        MessageHandler(new & filters.TEXT & ~filters.COMMAND & (private | groups), answers.on_text)
    )
    application.add_handler(
        MessageHandler(new & private & filters.COMMAND, start.on_unknown_command)
    )
    application.add_handler(
        MessageHandler(new & private & ~filters.TEXT & ~filters.StatusUpdate.ALL, start.on_non_text)
    )

    application.add_handler(
        CallbackQueryHandler(callbacks.on_lookup, pattern=pattern(Prefix.LOOKUP))
    )
    application.add_handler(
        CallbackQueryHandler(callbacks.on_report, pattern=pattern(Prefix.REPORT))
    )
    application.add_handler(
        CallbackQueryHandler(analysis.on_analysis_button, pattern=analysis.PATTERN)
    )
    application.add_handler(
        CallbackQueryHandler(language.on_language_button, pattern=pattern(Prefix.LANGUAGE))
    )
    application.add_handler(CallbackQueryHandler(callbacks.on_stale))

    application.add_handler(InlineQueryHandler(inline.on_inline))
    application.add_error_handler(errors.on_error)
