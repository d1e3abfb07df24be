"""/langganan, /berhenti and the "Langganan" buttons: follow a body or a whole province.

Callback data (stateless, ≤ 64 bytes, survives restarts like ``l:``):

* ``s:b:<body_id>`` — follow this body (a provincial government: ask body or province)
* ``s:o:<body_id>`` — follow only this body
* ``s:p:<body_id>`` — follow every body in the province of this provincial government
* ``s:u:b:<body_id>`` / ``s:u:p:<body_id>`` — stop one subscription; ``s:u:all`` — all

Names are resolved like questions are (the engine's matcher); an ambiguous name is
answered with buttons, never guessed. Subscriptions live in private chats only, so a
chat id is a person; at most ``SUBSCRIPTION_CAP`` per person.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from db.outbox import BODY, PROVINCE, SUBSCRIPTION_CAP, Outbox, Subscription
from db.queries import Body
from handlers.buttons import Prefix
from handlers.callbacks import on_stale
from handlers.common import Context, bold, chat_lang, describe, echo, reply, services, tx
from knowledge.catalogue import t
from knowledge.text import fold
from outreach import announce
from outreach.announce import BodyMatch

log = logging.getLogger(__name__)

MAX_CHOICES = 8
_ALL_WORDS = frozenset({"semua", "all", "semuanya"})
_FOLLOW_RE = re.compile(rf"{Prefix.SUBSCRIBE}:([bop]):([0-9]{{1,10}})")
_STOP_RE = re.compile(rf"{Prefix.SUBSCRIBE}:u:(?:([bp]):([0-9]{{1,10}})|(all))")
_SCOPES = {"b": BODY, "p": PROVINCE}


@dataclass(frozen=True)
class Press:
    """A decoded ``s:`` button: ``action`` follow | only | province | stop | stop_all."""

    action: str
    body_id: int = 0
    scope: str = ""


def subscribe_data(body_id: int) -> str:
    return f"{Prefix.SUBSCRIBE}:b:{body_id}"


def stop_data(sub: Subscription) -> str:
    return f"{Prefix.SUBSCRIBE}:u:{'p' if sub.scope == PROVINCE else 'b'}:{sub.body_id}"


def parse_press(data: str | None) -> Press | None:
    """``s:…`` → Press, or None when malformed (forged, old format)."""
    text = data or ""
    follow = _FOLLOW_RE.fullmatch(text)
    if follow is not None:
        body_id = int(follow.group(2))
        if body_id > 2**32 - 1:
            return None
        action = {"b": "follow", "o": "only", "p": "province"}[follow.group(1)]
        return Press(action, body_id)
    stop = _STOP_RE.fullmatch(text)
    if stop is None:
        return None
    if stop.group(3):
        return Press("stop_all")
    body_id = int(stop.group(2))
    if body_id > 2**32 - 1:
        return None
    return Press("stop", body_id, _SCOPES[stop.group(1)])


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label[:60], callback_data=data)


def find_bodies(context: Context, text: str) -> BodyMatch:
    """What a name means, as the engine reads questions."""
    return announce.find_bodies(services(context).engine, text)


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"


# -- /langganan -----------------------------------------------------------------------


async def on_langganan(update: Update, context: Context) -> None:
    """``/langganan`` lists; ``/langganan <nama>`` follows a body or a province."""
    lang = chat_lang(update, context)
    if not _private(update):
        await reply(update, context, tx("sub.private_only", lang))
        return
    text = " ".join(context.args or []).strip()
    if not text:
        await show_list(update, context, lang, empty_hint=True)
        return
    match = find_bodies(context, text)
    if match.one is not None:
        await follow(update, context, match.one, lang, ask=True)
        return
    said = echo(text)
    if match.resolved or match.ambiguous:  # several bodies, or an ambiguous name: ask
        choices = [*match.resolved, *match.ambiguous]
        intro = tx("sub.ambiguous", lang, text=said)
    else:
        choices = list(match.suggestions)
        intro = tx("sub.unknown", lang, text=said)
        if choices:
            intro += "\n" + tx("sub.suggest", lang)
    if not choices:
        await reply(update, context, intro)
        return
    rows = [[_button(b.name, subscribe_data(b.id))] for b in choices[:MAX_CHOICES]]
    await reply(update, context, intro, InlineKeyboardMarkup(rows))


async def follow(update: Update, context: Context, body: Body, lang: str, *, ask: bool) -> None:
    """Follow ``body``; for a provincial government first ask: it alone, or the province?"""
    chat = update.effective_chat
    if chat is None:
        return
    if ask and body.kind == "provinsi" and body.province:
        markup = InlineKeyboardMarkup(
            [
                [
                    _button(
                        t("sub.btn.only", lang, name=body.name), f"{Prefix.SUBSCRIBE}:o:{body.id}"
                    )
                ],
                [
                    _button(
                        t("sub.btn.province", lang, province=body.province),
                        f"{Prefix.SUBSCRIBE}:p:{body.id}",
                    )
                ],
            ]
        )
        text = tx("sub.ask_province", lang, name=body.name, province=body.province)
        await reply(update, context, text, markup)
        return
    result = services(context).outbox.subscribe(
        chat.id, BODY, body.id, body.province, body.name, lang
    )
    await _said(update, context, result, "sub.added_body", body.name, lang)


async def follow_province(update: Update, context: Context, body: Body, lang: str) -> None:
    chat = update.effective_chat
    if chat is None or body.province is None:
        return
    result = services(context).outbox.subscribe(
        chat.id, PROVINCE, body.id, body.province, body.province, lang
    )
    await _said(update, context, result, "sub.added_province", body.province, lang)


async def _said(
    update: Update, context: Context, result: str, added_key: str, name: str, lang: str
) -> None:
    log.info("subscribe result=%s %s", result, describe(update))
    if result == "added":
        await reply(update, context, tx(added_key, lang, name=name))
    elif result == "exists":
        await reply(update, context, tx("sub.exists", lang, name=name))
    else:
        await reply(update, context, tx("sub.full", lang, cap=SUBSCRIPTION_CAP))


def _list_html(subs: list[Subscription], lang: str) -> str:
    lines = [bold(t("sub.list_title", lang, count=len(subs), cap=SUBSCRIPTION_CAP))]
    for sub in subs:
        key = "sub.item_province" if sub.scope == PROVINCE else "sub.item_body"
        lines.append(tx(key, lang, name=sub.name))
    lines += ["", tx("sub.list_hint", lang)]
    return "\n".join(lines)


def _stop_keyboard(subs: list[Subscription], lang: str) -> InlineKeyboardMarkup:
    rows = [[_button(t("sub.btn.stop", lang, name=s.name), stop_data(s))] for s in subs]
    if len(subs) > 1:
        rows.append([_button(t("sub.btn.stop_all", lang), "s:u:all")])
    return InlineKeyboardMarkup(rows)


async def show_list(
    update: Update, context: Context, lang: str, *, empty_hint: bool = False, intro: str = ""
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    subs = services(context).outbox.subscriptions(chat.id)
    if not subs:
        text = tx("sub.none", lang)
        if empty_hint:
            text += "\n\n" + tx("sub.usage", lang)
        await reply(update, context, "\n\n".join(p for p in (intro, text) if p))
        return
    text = "\n\n".join(p for p in (intro, _list_html(subs, lang)) if p)
    await reply(update, context, text, _stop_keyboard(subs, lang))


# -- /berhenti ------------------------------------------------------------------------


async def on_berhenti(update: Update, context: Context) -> None:
    """``/berhenti`` offers buttons; ``/berhenti <nama>`` or ``/berhenti semua`` stops."""
    lang = chat_lang(update, context)
    chat = update.effective_chat
    if chat is None or not _private(update):
        await reply(update, context, tx("sub.private_only", lang))
        return
    text = " ".join(context.args or []).strip()
    box = services(context).outbox
    if not text:
        subs = box.subscriptions(chat.id)
        if not subs:
            await reply(update, context, tx("sub.none", lang))
            return
        await reply(update, context, tx("sub.stop_pick", lang), _stop_keyboard(subs, lang))
        return
    if fold(text) in _ALL_WORDS:
        count = box.unsubscribe_all(chat.id)
        key = "sub.removed_all" if count else "sub.none"
        await reply(update, context, tx(key, lang, count=count))
        return
    stopped = _stop_matching(box, chat.id, context, text)
    if stopped:
        await reply(
            update, context, "\n".join(tx("sub.removed", lang, name=s.name) for s in stopped)
        )
        return
    await show_list(update, context, lang, intro=tx("sub.not_subscribed", lang, text=echo(text)))


def _stop_matching(box: Outbox, chat_id: int, context: Context, text: str) -> list[Subscription]:
    """Stop the chat's subscriptions that ``text`` names (by their name, or via the engine)."""
    subs = box.subscriptions(chat_id)
    wanted = fold(text)
    hits = [s for s in subs if fold(s.name) == wanted]
    if not hits:
        resolved = find_bodies(context, text).resolved
        ids = {b.id for b in resolved}
        provinces = {b.province for b in resolved if b.kind == "provinsi"}
        hits = [
            s for s in subs if s.body_id in ids or (s.scope == PROVINCE and s.province in provinces)
        ]
    stopped: list[Subscription] = []
    for sub in hits:
        gone = box.unsubscribe(chat_id, sub.scope, sub.body_id)
        if gone is not None:
            stopped.append(gone)
    return stopped


# -- buttons --------------------------------------------------------------------------


async def on_button(update: Update, context: Context) -> None:
    """Every ``s:`` button; malformed data gets the usual "this button no longer works"."""
    query = update.callback_query
    press = parse_press(query.data if query else None)
    if query is None or press is None:
        await on_stale(update, context)
        return
    lang = chat_lang(update, context)
    if not _private(update):
        await query.answer(t("sub.private_only", lang), show_alert=True)
        return
    chat = update.effective_chat
    assert chat is not None
    if press.action == "stop_all":
        await query.answer()
        count = services(context).outbox.unsubscribe_all(chat.id)
        await reply(
            update, context, tx("sub.removed_all" if count else "sub.none", lang, count=count)
        )
        return
    if press.action == "stop":
        await query.answer()
        gone = services(context).outbox.unsubscribe(chat.id, press.scope, press.body_id)
        if gone is None:  # pressed twice, or stopped meanwhile: show what is left
            await show_list(update, context, lang)
            return
        await reply(update, context, tx("sub.removed", lang, name=gone.name))
        return
    body = services(context).engine.body(press.body_id)
    if body is None or (
        press.action == "province" and (body.kind != "provinsi" or not body.province)
    ):
        await on_stale(update, context)
        return
    await query.answer()
    if press.action == "province":
        await follow_province(update, context, body, lang)
    else:
        await follow(update, context, body, lang, ask=press.action == "follow")


# -- users who come back --------------------------------------------------------------


async def on_any_update(update: Update, context: Context) -> None:
    """Group -2, every update: a user who blocked the bot and writes again is active again."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != "private":
        return
    if update.message is None and update.callback_query is None:
        return
    try:
        again = services(context).outbox.reactivate(user.id)
    except sqlite3.Error as exc:  # locked or damaged state.db: the question still gets answered
        log.warning(
            "could not check blocked mark %s error=%s", describe(update), type(exc).__name__
        )
        return
    if again:
        log.info("user active again %s", describe(update))
