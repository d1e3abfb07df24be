"""Group manners: answer commands, @mentions and replies to the bot; ignore other chatter."""

from __future__ import annotations

from telegram import Bot, Message, MessageEntity


def addressed_text(message: Message, bot: Bot) -> str | None:
    """The text meant for the bot, or None when a group message is not for us.

    In private chats every message is for the bot. In groups a message counts when it
    @mentions the bot (the mention is removed from the text) or replies to the bot.
    """
    text = message.text or ""
    if message.chat.type not in ("group", "supergroup"):
        return text
    username = (bot.username or "").lower()
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    mine = [
        entity
        for entity, value in mentions.items()
        if (entity.type == MessageEntity.MENTION and value[1:].lower() == username)
        or (entity.user is not None and entity.user.id == bot.id)
    ]
    if mine:
        for entity in mine:
            text = text.replace(mentions[entity], " ")
        return " ".join(text.split())
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return text
    return None


def is_for_bot(message: Message, bot: Bot) -> bool:
    """Commands and addressed messages; used by the flood guard to skip group chatter."""
    if message.chat.type not in ("group", "supergroup"):
        return True
    if (message.text or "").startswith("/"):
        return True
    return addressed_text(message, bot) is not None
