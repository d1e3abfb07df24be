"""How chat text names institutions beyond the shared vocabulary in :mod:`model.vocab`:
words that are names only in context, and years.
"""

from __future__ import annotations

import re
from typing import Final

# Folded keys that are ordinary words too: matched only with context (a kind word
# next to them, a lookup cue such as "zona", or a message that is nothing but the name).
CONTEXT_ONLY: Final = frozenset(
    {
        "benteng",
        "mitra",
        "solo",
        "tuba",
        "batu",
        "metro",
        "puncak",
        "batang",
        "kudus",
        "buru",
        "landak",
        "ketapang",
        "padang",
        "kuningan",
        "bone",
        "kota baru",
        "lingga",
        "oi",
        "serang",
        "malang",
        "banjar",
        "pati",
        "sabu",
        "rote",
        "biak",
        "tala",
        "babar",
        "basel",
        "palas",
        "lebak",
        "tuban",
        "bungo",
        "agam",
        "karo",
        "paser",
    }
)


# The data README's ordinary-word aliases: they need a kind word or a lookup cue, even
# in a message that is nothing but the word ("benteng 2023" is also Selayar's capital).
STRICT_CONTEXT: Final = frozenset({"benteng", "mitra", "solo", "tuba"})


_YEAR_RE: Final = re.compile(r"\b(19|20)\d{2}\b")


def looks_like_year(token: str) -> bool:
    """True for four-digit years 1900-2099."""
    return bool(_YEAR_RE.fullmatch(token))
