"""Inline mode: ``@bot gunung mas`` in any chat offers result cards to share (and the
picture, for a map or trend the bot has already uploaded)."""

from __future__ import annotations

import hashlib
import html
import logging
import re

from telegram import (
    InlineQueryResult,
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode

from handlers.common import Context, chat_lang, describe, services
from knowledge.answer import Answer, Intent
from knowledge.catalogue import t
from knowledge.engine import Engine

log = logging.getLogger(__name__)

MAX_RESULTS = 8
CACHE_SECONDS = 60
NO_CARD_INTENTS: frozenset[Intent] = frozenset({"unknown", "error", "help", "greeting"})
_PAYLOAD_STRIP = re.compile(r"[^A-Za-z0-9]+")


def deep_link_payload(query: str) -> str:
    """``"gunung mas 2024"`` → ``"gunung_mas_2024"`` (the /start payload alphabet, ≤ 64)."""
    payload = _PAYLOAD_STRIP.sub("_", query).strip("_")[:64].strip("_")
    return payload or "help"


def article(result_id: str, answer: Answer) -> InlineQueryResultArticle:
    """A shareable card: the answer's first line as title, the next facts as description."""
    plain = [ln.strip() for ln in answer.text.splitlines() if ln.strip()]
    title = plain[0] if plain else "Tanya Kepatuhan"
    details = [ln for ln in plain[1:] if not ln.startswith("(")][:2]
    return InlineQueryResultArticle(
        id=result_id,
        title=title[:120],
        description=" · ".join(details)[:200] or None,
        input_message_content=InputTextMessageContent(
            answer.html,
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )


def inline_results(engine: Engine, answer: Answer, lang: str) -> list[InlineQueryResultArticle]:
    """One card per candidate when ambiguous, else one card with the whole answer."""
    cards: list[InlineQueryResultArticle] = []
    seen: set[int] = set()
    for action in answer.actions:
        if action.kind != "pick" or action.body_id is None or action.body_id in seen:
            continue
        seen.add(action.body_id)
        picked = engine.answer_body(action.body_id, action.year, lang)
        cards.append(article(f"b{action.body_id}-{action.year or 0}", picked))
        if len(cards) == MAX_RESULTS:
            break
    if not cards and answer.intent not in NO_CARD_INTENTS and answer.text.strip():
        digest = hashlib.blake2b(answer.query.encode(), digest_size=8).hexdigest()
        cards.append(article(f"a{digest}", answer))
    return cards


def uploaded_picture(context: Context, answer: Answer) -> InlineQueryResultCachedPhoto | None:
    """The answer's picture as a card, when Telegram already has it (never drawn here)."""
    known = services(context).photo_ids
    file_id = known.get(answer.chart or "")
    if file_id is None:
        return None
    digest = hashlib.blake2b((answer.chart or "").encode(), digest_size=8).hexdigest()
    caption = html.escape(answer.caption, quote=False) or None
    return InlineQueryResultCachedPhoto(
        id=f"p{digest}", photo_file_id=file_id, caption=caption, parse_mode=ParseMode.HTML
    )


async def on_inline(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None:
        return
    lang = chat_lang(update, context)
    text = query.query.strip()
    if not text:
        how = InlineQueryResultsButton(text=t("bot.inline.help", lang), start_parameter="help")
        await query.answer([], cache_time=CACHE_SECONDS, is_personal=True, button=how)
        return
    engine = services(context).engine
    answer = engine.answer(text, lang)
    cards: list[InlineQueryResult] = [*inline_results(engine, answer, lang)]
    photo = uploaded_picture(context, answer)
    if photo is not None:  # a map or chart this bot has sent before: share the picture too
        cards.insert(0, photo)
    button: InlineQueryResultsButton | None = None
    if not cards:
        button = InlineQueryResultsButton(
            text=t("bot.inline.open", lang), start_parameter=deep_link_payload(text)
        )
    await query.answer(cards, cache_time=CACHE_SECONDS, is_personal=True, button=button)
    log.info("inline %s intent=%s cards=%d", describe(update), answer.intent, len(cards))
