"""Staff broadcasts: /siaran (alias /broadcast), /siaran_status, /siaran_batal, ``b:`` buttons.

Every step checks on the server that the *user* pressing or typing is in
``KEPATUHAN_ADMIN_IDS``; callback data carries only the campaign id, so forged data
from anyone else gets a refusal and changes nothing.

Flow: ``/siaran [sasaran]\\n<teks>`` → the HTML is checked (problems are shown to the
admin with their position) → a ``draft`` campaign → the text itself is sent to the
admin as the preview (Telegram's own parser checks it again) plus a message with the
audience, the number of recipients and two buttons ``b:go:<id>`` / ``b:no:<id>`` →
"send" queues one delivery per recipient and wakes the sender, which edits that
message with progress and the final report (bot/delivery.py, texts in outreach/notify.py).
"""

from __future__ import annotations

import html
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from db.outbox import Campaign, Outbox
from handlers.buttons import Prefix
from handlers.callbacks import on_stale
from handlers.common import Context, bold, chat_lang, describe, reply, services, tx
from knowledge.catalogue import t
from knowledge.numbers import fmt_int
from outreach.announce import check_html, resolve_target, split_target
from outreach.notify import label_for, progress_text, target_label

log = logging.getLogger(__name__)

_BUTTON_RE = re.compile(rf"{Prefix.BROADCAST}:(go|no):([0-9]{{1,10}})")
_FORMATTING = frozenset(
    {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "pre",
        "text_link",
        "blockquote",
        "expandable_blockquote",
    }
)
STATUS_LIMIT = 10


def go_data(campaign_id: int) -> str:
    return f"{Prefix.BROADCAST}:go:{campaign_id}"


def no_data(campaign_id: int) -> str:
    return f"{Prefix.BROADCAST}:no:{campaign_id}"


def parse_button(data: str | None) -> tuple[str, int] | None:
    match = _BUTTON_RE.fullmatch(data or "")
    return None if match is None else (match.group(1), int(match.group(2)))


def is_admin(update: Update, context: Context) -> bool:
    """The acting user (not the chat) is a configured admin."""
    user = update.effective_user
    return user is not None and user.id in services(context).settings.admin_ids


async def refuse(update: Update, context: Context) -> None:
    lang = chat_lang(update, context)
    log.warning("broadcast step refused: not an admin %s", describe(update))
    query = update.callback_query
    if query is not None:
        await query.answer(t("bc.not_admin_button", lang), show_alert=True)
    else:
        await reply(update, context, tx("bc.not_admin", lang))


def command_text(message: Message) -> str:
    """What follows the command. Formatting the admin applied in Telegram becomes HTML."""
    formatted = any(e.type in _FORMATTING for e in message.entities or ())
    source = message.text_html if formatted else (message.text or "")
    parts = source.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def _problem_text(code: str, detail: str, lang: str) -> str:
    return t(f"bc.html.{code}", lang, detail=detail)


async def on_siaran(update: Update, context: Context) -> None:
    """``/siaran [sasaran]\\n<teks>``: validate, draft, preview with send/cancel buttons."""
    if not is_admin(update, context):
        await refuse(update, context)
        return
    lang = chat_lang(update, context)
    message, chat, user = update.message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != "private":
        await reply(update, context, tx("bc.private_only", lang))
        return
    raw = command_text(message)
    if not raw.strip():
        await reply(update, context, tx("bc.usage", lang))
        return
    spec, text = split_target(raw)
    resolved = resolve_target(services(context).engine, spec)
    if resolved.target is None:
        if resolved.problem == "ambiguous":
            names = ", ".join(resolved.candidates)
            said = tx("bc.target_ambiguous", lang, text=spec.name, names=names)
        else:
            said = tx("bc.target_unknown", lang, text=spec.name)
        await reply(update, context, said)
        return
    target = resolved.target
    problem = check_html(text)
    if problem is not None:
        detail = _problem_text(problem.code, problem.detail, lang)
        await reply(
            update,
            context,
            tx("bc.html_error", lang, problem=detail, line=problem.line, column=problem.column),
        )
        log.info("broadcast refused: html %s at %d:%d", problem.code, problem.line, problem.column)
        return
    box = services(context).outbox
    label = label_for(target.kind, target.name, lang)
    count = box.count_recipients(target)
    if count == 0:
        await reply(update, context, tx("bc.no_recipients", lang, target=label))
        return
    campaign_id = box.create_broadcast(text, target, user.id, lang)
    try:  # the preview: exactly what users will get; Telegram's parser has the last word
        await context.bot.send_message(chat.id, text)
    except BadRequest as exc:
        box.cancel(campaign_id)
        await reply(update, context, tx("bc.telegram_error", lang, error=str(exc)))
        log.info("broadcast refused by Telegram id=%d error=%s", campaign_id, exc)
        return
    number = fmt_int(count, lang)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("bc.btn.send", lang, count=number), callback_data=go_data(campaign_id)
                )
            ],
            [InlineKeyboardButton(t("bc.btn.cancel", lang), callback_data=no_data(campaign_id))],
        ]
    )
    preview = tx("bc.preview", lang, id=campaign_id, target=label, count=number)
    await reply(update, context, preview, markup)
    log.info(
        "broadcast drafted id=%d target=%s recipients=%d chars=%d %s",
        campaign_id,
        target.kind,
        count,
        len(text),
        describe(update),
    )


async def _edit(update: Update, context: Context, text: str) -> None:
    """Replace the confirmation message (and its buttons); post anew if that fails."""
    query = update.callback_query
    try:
        if query is None:
            raise BadRequest("no message")
        await query.edit_message_text(text)
    except BadRequest as exc:
        if "not modified" not in str(exc):
            await reply(update, context, text)


async def on_button(update: Update, context: Context) -> None:
    """``b:go:<id>`` sends, ``b:no:<id>`` cancels; admins only, checked here."""
    query = update.callback_query
    if query is None:
        return
    if not is_admin(update, context):
        await refuse(update, context)
        return
    parsed = parse_button(query.data)
    chat = update.effective_chat
    if parsed is None or chat is None:
        await on_stale(update, context)
        return
    action, campaign_id = parsed
    lang = chat_lang(update, context)
    box = services(context).outbox
    if action == "go":
        message_id = query.message.message_id if query.message is not None else None
        count = box.queue_broadcast(campaign_id, chat.id, message_id)
        campaign = box.campaign(campaign_id)
        if count is None or campaign is None:
            await query.answer(_already(campaign, campaign_id, lang), show_alert=True)
            return
        await query.answer()
        log.info("broadcast queued id=%d recipients=%d %s", campaign_id, count, describe(update))
        started = tx(
            "bc.started",
            lang,
            id=campaign_id,
            target=target_label(campaign, lang),
            count=fmt_int(count, lang),
        )
        await _edit(update, context, started)
        services(context).wake_sender()
        return
    result = box.cancel(campaign_id)
    campaign = box.campaign(campaign_id)
    if result is None or campaign is None or result[0] not in ("draft", "queued"):
        await query.answer(_already(campaign, campaign_id, lang), show_alert=True)
        return
    await query.answer()
    log.info("broadcast cancelled id=%d was=%s %s", campaign_id, result[0], describe(update))
    await _edit(update, context, _cancelled_text(box, campaign, result[0], lang))


def _already(campaign: Campaign | None, campaign_id: int, lang: str) -> str:
    if campaign is None:
        return t("bc.cancel_unknown", lang, id=campaign_id)
    return t("bc.already", lang, id=campaign_id, status=t(f"bc.status.{campaign.status}", lang))


def _cancelled_text(box: Outbox, campaign: Campaign, previous: str, lang: str) -> str:
    if previous == "draft":
        return tx("bc.draft_cancelled", lang, id=campaign.id)
    return progress_text(campaign, box.counts(campaign.id), lang)


async def on_status(update: Update, context: Context) -> None:
    """``/siaran_status``: the latest campaigns with their counts."""
    if not is_admin(update, context):
        await refuse(update, context)
        return
    lang = chat_lang(update, context)
    box = services(context).outbox
    campaigns = box.campaigns(("draft", "queued", "done", "cancelled"), limit=STATUS_LIMIT)
    if not campaigns:
        await reply(update, context, tx("bc.status_none", lang))
        return
    lines = [bold(t("bc.status_title", lang))]
    for campaign in campaigns:
        counts = box.counts(campaign.id)
        lines.append(
            tx(
                "bc.status_line",
                lang,
                id=campaign.id,
                kind=t(f"bc.kind.{campaign.kind}", lang),
                target=target_label(campaign, lang),
                status=t(f"bc.status.{campaign.status}", lang),
                sent=fmt_int(counts.sent, lang),
                blocked=fmt_int(counts.blocked, lang),
                failed=fmt_int(counts.failed, lang),
                open=fmt_int(counts.open, lang),
                total=fmt_int(counts.total or campaign.total, lang),
            )
        )
    sender = services(context).sender
    if sender is not None and sender.paused_for > 0:
        lines.append(html.escape(f"⏸ {sender.paused_for:.0f} s (429)"))
    await reply(update, context, "\n".join(lines))


async def on_cancel(update: Update, context: Context) -> None:
    """``/siaran_batal [id]``: stop what is not yet sent (default: every open broadcast)."""
    if not is_admin(update, context):
        await refuse(update, context)
        return
    lang = chat_lang(update, context)
    box = services(context).outbox
    arg = (context.args or [""])[0].lstrip("#")
    if arg.isdigit():
        ids = [int(arg)]
    else:
        ids = [c.id for c in box.campaigns(("draft", "queued"), limit=50) if c.kind == "broadcast"]
    if not ids:
        await reply(update, context, tx("bc.cancel_none", lang))
        return
    lines: list[str] = []
    reporter = services(context).reporter
    for campaign_id in ids:
        result = box.cancel(campaign_id)
        campaign = box.campaign(campaign_id)
        if result is None or campaign is None:
            lines.append(tx("bc.cancel_unknown", lang, id=campaign_id))
            continue
        if result[0] not in ("draft", "queued"):
            lines.append(html.escape(_already(campaign, campaign_id, lang), quote=False))
            continue
        log.info("broadcast cancelled id=%d was=%s %s", campaign_id, result[0], describe(update))
        lines.append(_cancelled_text(box, campaign, result[0], lang))
        if reporter is not None and result[0] == "queued":
            await reporter.show(campaign)  # the admin's progress message says so too
    await reply(update, context, "\n".join(lines))
