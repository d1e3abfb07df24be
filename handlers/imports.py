"""Staff load a round through the bot: an .xlsx/.csv document, a preview, ✅ Impor / ✖️ Batal.

An admin (``KEPATUHAN_ADMIN_IDS``, checked on every step, buttons included) sends the
file in a private chat. The bot downloads it (at most ``MAX_MB`` MB) into
``<data>/pending/``, validates it without keeping anything (``import_file(dry_run=True)``)
and answers with the problems (the first ``MAX_PROBLEMS``, with their rows) or a preview
with two buttons that carry only the file's hash. Confirming runs the real import (the
same code as ``kepatuhan db import``: logged, followers' notifications queued), swaps in
a fresh engine at once, and says how to take it back: ``/impor_batal [id]``.
``/impor_status`` lists recent imports; ``/templat`` sends an Excel template.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import re
from collections import Counter, defaultdict
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from db.importer import MAX_IMPORT_BYTES, ImportReport, import_file
from db.imports import notify_items, run_import, undo
from db.reader import EXCEL_SUFFIXES, template_xlsx
from handlers.broadcast import _edit, is_admin
from handlers.buttons import Prefix
from handlers.callbacks import on_stale
from handlers.common import Context, bold, chat_lang, describe, reply, services, tx
from knowledge.catalogue import t
from knowledge.numbers import fmt_int

log = logging.getLogger(__name__)

MAX_BYTES = MAX_IMPORT_BYTES  # the importer's own limit: one number for CLI and bot
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_PROBLEMS = 20
SUFFIXES = (".csv", *EXCEL_SUFFIXES)
PENDING_DIR = "pending"
STATUS_LIMIT = 10
MAX_PROVINCES = 15  # preview lines of label/zone counts (the rest are in the file)
BUDGET = 3800  # characters of a reply, within Telegram's 4,096 after the last line
_BUTTON_RE = re.compile(rf"{Prefix.IMPORT}:(ok|no):([0-9a-f]{{16}})")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
_lock = asyncio.Lock()  # one import or undo at a time: each rebuilds knowledge.db


def parse_button(data: str | None) -> tuple[str, str] | None:
    match = _BUTTON_RE.fullmatch(data or "")
    return None if match is None else (match.group(1), match.group(2))


def _pending(context: Context) -> Path:
    path = Path(services(context).settings.data_dir) / PENDING_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def _find(context: Context, token: str) -> Path | None:
    return next(iter(sorted(_pending(context).glob(f"{token}-*"))), None)


def _who(update: Update) -> str:
    user = update.effective_user
    return f"telegram:{user.id}" if user is not None else "telegram"


async def _not_admin(update: Update, context: Context) -> bool:
    """Refuse (politely) anyone not in the admin list; True when refused."""
    if is_admin(update, context):
        return False
    lang = chat_lang(update, context)
    log.warning("import step refused: not an admin %s", describe(update))
    if update.callback_query is not None:
        await update.callback_query.answer(t("imp.not_admin_button", lang), show_alert=True)
    else:
        await reply(update, context, tx("imp.not_admin", lang))
    return True


async def on_document(update: Update, context: Context) -> None:
    """A document in a private chat: an admin's results file is checked and previewed."""
    message, chat = update.message, update.effective_chat
    if message is None or message.document is None or chat is None:
        return
    if await _not_admin(update, context):
        return
    lang = chat_lang(update, context)
    doc = message.document
    name = doc.file_name or "file"
    if not name.lower().endswith(SUFFIXES):
        await reply(update, context, tx("imp.bad_type", lang, mb=MAX_MB))
        return
    if (doc.file_size or 0) > MAX_BYTES:
        size = f"{(doc.file_size or 0) / 1024 / 1024:.1f}"
        await reply(update, context, tx("imp.too_big", lang, size=size, mb=MAX_MB))
        return
    try:
        tg_file = await doc.get_file()
        content = bytes(await tg_file.download_as_bytearray())
    except Exception as exc:  # Telegram refused or the network failed: say so, keep nothing
        log.warning("import download failed %s error=%s", describe(update), type(exc).__name__)
        await reply(update, context, tx("imp.download_failed", lang))
        return
    if len(content) > MAX_BYTES:
        await reply(update, context, tx("imp.too_big", lang, size=">10", mb=MAX_MB))
        return
    token = hashlib.sha256(content).hexdigest()[:16]
    safe = _SAFE_NAME.sub("_", name)[-80:]
    path = _pending(context) / f"{token}-{safe}"
    path.write_bytes(content)
    data = Path(services(context).settings.data_dir)
    report = await asyncio.to_thread(import_file, path, data, None, name, True)
    if not report.ok:
        path.unlink(missing_ok=True)
        await reply(update, context, _problems_text(report, lang))
        log.info(
            "import refused file=%s problems=%d %s", name, len(report.problems), describe(update)
        )
        return
    if report.kind == "results" and not report.added:
        path.unlink(missing_ok=True)
        await reply(update, context, tx("imp.nothing_new", lang, file=name, rows=report.rows))
        return
    followers = 0
    if report.kind == "results":
        followers = services(context).outbox.count_followers(notify_items(report.added))
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("imp.btn_go", lang), callback_data=f"{Prefix.IMPORT}:ok:{token}"
                ),
                InlineKeyboardButton(
                    t("imp.btn_cancel", lang), callback_data=f"{Prefix.IMPORT}:no:{token}"
                ),
            ]
        ]
    )
    await reply(update, context, _preview_text(report, followers, lang), markup)
    log.info("import previewed file=%s rows=%d %s", name, report.rows, describe(update))


def _problems_text(report: ImportReport, lang: str) -> str:
    lines = [tx("imp.problems", lang, file=report.file, n=len(report.problems))]
    for p in report.problems[:MAX_PROBLEMS]:
        text = html.escape(f"• {p.origin}:{p.line}: {p.message[:300]}", quote=False)
        if len("\n".join([*lines, text])) > BUDGET:
            break
        lines.append(text)
    if len(report.problems) > len(lines) - 1:
        lines.append(tx("imp.problems_more", lang, n=len(report.problems) - len(lines) + 1))
    return "\n".join(lines)


def _preview_text(report: ImportReport, followers: int, lang: str) -> str:
    lines = [bold(t("imp.preview_title", lang, file=report.file))]
    if report.kind == "method":
        lines.append(tx("imp.preview_method", lang, n=report.rows))
        for inst in report.instruments:
            years = f"{inst.first_year}–{inst.last_year}"
            labels = " | ".join(inst.labels) or t("imp.labels_free", lang)
            lines.append(
                tx("imp.preview_instrument", lang, years=years, name=inst.name(lang), labels=labels)
            )
        return "\n".join(lines)
    lines.append(tx("imp.preview_rows", lang, rows=report.rows, added=len(report.added)))
    lines.append(tx("imp.preview_new", lang, n=len(report.new_results)))
    if report.changed:
        names = ", ".join(f"{b} {y}" for b, y in report.changed[:5])
        more = f" (+{len(report.changed) - 5})" if len(report.changed) > 5 else ""
        lines.append(tx("imp.preview_changed", lang, n=len(report.changed), names=names + more))
    per_province: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in report.added:
        value = rec.get("label") or (t(f"zone.{rec['zone']}", lang) if rec.get("zone") else None)
        if value:
            per_province[rec.get("province") or t("imp.national", lang)][value] += 1
    for province, counts in sorted(per_province.items())[:MAX_PROVINCES]:
        text = " · ".join(f"{k} {v}" for k, v in counts.most_common())[:200]
        lines.append(tx("imp.preview_province", lang, province=province, counts=text))
    for year, inst in report.assumed:
        lines.append(
            tx("imp.assumed", lang, year=year, instrument=inst.name(lang), like=inst.like_year)
        )
    lines.append(tx("imp.preview_followers", lang, n=fmt_int(followers, lang)))
    return "\n".join(lines)


async def on_button(update: Update, context: Context) -> None:
    """``i:ok:<hash>`` imports the previewed file, ``i:no:<hash>`` drops it; admins only."""
    query = update.callback_query
    if query is None:
        return
    if await _not_admin(update, context):
        return
    parsed = parse_button(query.data)
    if parsed is None:
        await on_stale(update, context)
        return
    action, token = parsed
    lang = chat_lang(update, context)
    await query.answer()
    async with _lock:
        path = _find(context, token)
        if path is None:
            await _edit(update, context, tx("imp.expired", lang))
            return
        if action == "no":
            path.unlink(missing_ok=True)
            await _edit(update, context, tx("imp.cancelled", lang))
            return
        svc = services(context)
        name = path.name.split("-", 1)[1]
        try:
            report, import_id, queued = await asyncio.to_thread(
                run_import, path, Path(svc.settings.data_dir), svc.state, _who(update), name
            )
        finally:
            path.unlink(missing_ok=True)
        if not report.ok:
            await _edit(update, context, _problems_text(report, lang))
            return
        svc.engines.refresh()
    if queued:
        svc.wake_sender()  # the followers' notifications go out now, not at the next poll
    if import_id is None:
        await _edit(update, context, tx("imp.nothing_new", lang, file=name, rows=report.rows))
        return
    key = "imp.done_method" if report.kind == "method" else "imp.done"
    done = tx(key, lang, id=import_id, file=name, added=len(report.added), queued=queued)
    await _edit(update, context, done)
    log.info("import done id=%d file=%s queued=%d %s", import_id, name, queued, describe(update))


async def on_status(update: Update, context: Context) -> None:
    """``/impor_status``: the latest imports, newest first."""
    if await _not_admin(update, context):
        return
    lang = chat_lang(update, context)
    records = services(context).imports.recent(STATUS_LIMIT)
    if not records:
        await reply(update, context, tx("imp.status_none", lang))
        return
    lines = [bold(t("imp.status_title", lang))]
    for r in records:
        status = (
            t("imp.status_undone", lang, when=r.undone[:16])
            if r.undone
            else t("imp.status_in_force", lang)
        )
        lines.append(
            tx(
                "imp.status_row",
                lang,
                id=r.id,
                when=r.created[:16].replace("T", " "),
                who=r.who,
                file=r.file_name,
                rows=r.rows,
                added=r.added,
                sha=r.sha256[:12],
                status=status,
            )
        )
    await reply(update, context, "\n".join(lines))


async def on_undo(update: Update, context: Context) -> None:
    """``/impor_batal [id]``: take an import back (the last one still in force by default)."""
    if await _not_admin(update, context):
        return
    lang = chat_lang(update, context)
    message = update.message
    args = (message.text or "").split()[1:] if message is not None else []
    if len(args) > 1 or (args and not args[0].isdigit()):
        await reply(update, context, tx("imp.undo_usage", lang))
        return
    svc = services(context)
    wanted = int(args[0]) if args else None
    async with _lock:
        done = await asyncio.to_thread(
            undo, Path(svc.settings.data_dir), svc.state, wanted, _who(update)
        )
        if done.problem is None:
            svc.engines.refresh()
    if done.record is None:
        await reply(update, context, tx("imp.undo_unknown", lang))
    elif done.problem == "already_undone":
        await reply(update, context, tx("imp.undo_already", lang, id=done.record.id))
    else:
        text = tx(
            "imp.undo_done",
            lang,
            id=done.record.id,
            file=done.record.file_name,
            cancelled=done.cancelled,
        )
        await reply(update, context, text)
        log.info("import undone id=%d %s", done.record.id, describe(update))


async def on_template(update: Update, context: Context) -> None:
    """``/templat``: an Excel file with our Indonesian headers and one example row."""
    if await _not_admin(update, context):
        return
    lang = chat_lang(update, context)
    chat = update.effective_chat
    if chat is None:
        return
    content = await asyncio.to_thread(template_xlsx)
    await context.bot.send_document(
        chat.id,
        content,
        filename="templat-hasil-kepatuhan.xlsx",
        caption=tx("imp.template_caption", lang, mb=MAX_MB),
    )
