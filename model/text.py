"""Text normalisation shared by the store builder and the message parser.

Both sides must normalise identically, otherwise an alias written in the CSV
would never meet the same alias typed in chat.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and BOM characters survive NFKC; strip them explicitly.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NON_WORD = re.compile(r"[^0-9a-z]+")


# For ASCII text NFKC/NFKD change nothing and the only category-C characters are these.
_ASCII_CONTROL = {c: " " for c in [*range(32), 127]}


def clean(text: str) -> str:
    """NFKC, drop invisible/control characters, collapse whitespace (keeps case)."""
    if text.isascii():  # the common case, without the per-character Unicode lookups
        return " ".join(text.translate(_ASCII_CONTROL).split())
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case ASCII-ish key: accents removed, punctuation becomes a space.

    "Kab. Toli-Toli" -> "kab toli toli"; "Bau-Bau" -> "bau bau".
    """
    if text.isascii():  # same result: only [0-9a-z] runs survive, apostrophes join them
        return " ".join(_NON_WORD.sub(" ", text.lower().replace("'", "")).split())
    text = clean(text).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(_NON_WORD.sub(" ", text).split())
