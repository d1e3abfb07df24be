"""/hapusdata (alias /deletedata): delete everything ``state.db`` holds about the user.

That is the ``users`` row (chat id, language, timestamps, blocked mark), every
subscription, every delivery row (sent or queued), every saved report draft, and the
user's id on broadcasts they started as staff. Nothing else about users is stored:
no names, no usernames, no message texts. The reply says what was deleted.
"""

from __future__ import annotations

import logging

from telegram import Update

from handlers.common import Context, chat_lang, describe, in_group, reply, services, tx

log = logging.getLogger(__name__)


async def on_hapusdata(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    lang = chat_lang(update, context)  # before the language choice is deleted
    if in_group(update):  # the counts are personal: not for the group to read
        await reply(update, context, tx("privacy.private_only", lang))
        return
    removed = services(context).outbox.forget(user.id)
    log.info(
        "user data deleted %s users=%d subscriptions=%d deliveries=%d drafts=%d",
        describe(update),
        removed["users"],
        removed["subscriptions"],
        removed["deliveries"],
        removed["drafts"],
    )
    if not any(removed.values()):
        await reply(update, context, tx("privacy.nothing", lang))
        return
    await reply(
        update,
        context,
        tx(
            "privacy.deleted",
            lang,
            subs=removed["subscriptions"],
            drafts=removed["drafts"],
            deliveries=removed["deliveries"],
        ),
    )
