"""Catalogue texts as Telegram HTML: escaped once, here, for handlers and deliveries alike."""

from __future__ import annotations

import html
from typing import Any

from knowledge.catalogue import t


def tx(key: str, lang: str, /, **fields: Any) -> str:
    """A catalogue text, escaped for Telegram HTML."""
    return html.escape(t(key, lang, **fields), quote=False)


def bold(text: str) -> str:
    return f"<b>{html.escape(text, quote=False)}</b>"
