"""Typed answers of the report draft: cleaned, limited, and the one yes/no question read."""

from __future__ import annotations

import re
from collections.abc import Mapping

from knowledge.text import clean

# Longest answer kept per field (characters); longer answers are cut with "…".
LIMITS: Mapping[str, int] = {
    "agency": 200,
    "what": 2000,
    "when": 100,
    "prior": 600,
    "evidence": 600,
    "expect": 600,
}


def clip(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cleaned (NFKC, no control characters, single spaces) and at most ``limit``
    characters; the flag says whether it was cut."""
    value = clean(text)
    if len(value) <= limit:
        return value, False
    return value[: limit - 1].rstrip() + "…", True


# "Belum", "tidak pernah", "no": not yet complained. "Tidak ditanggapi" is a yes (with detail).
_NO_RE = re.compile(
    r"^\W*(?:belum|blm|not yet|never|have not|haven'?t|i have not|i haven'?t)\b"
    r"|^\W*(?:tidak|tdk|tak|gak|nggak|ngga|enggak|ga|no|nope)(?:\s+(?:ada|pernah|sempat))?\W*$"
    r"|^\W*(?:tidak|tdk|tak|gak|nggak|ngga|enggak|no)\s+(?:pernah|sempat)\b",
    re.I,
)
_YES_RE = re.compile(r"^\W*(?:(?:sudah|sdh|udah|ya|iya|yes|yep|already|pernah)\W*)+$", re.I)


def read_prior(text: str) -> tuple[bool, str | None]:
    """Read a typed answer to "did you complain to the agency first?".

    ``(False, None)`` for "belum", "tidak pernah", "no"; ``(True, None)`` for a bare "sudah"
    or "yes"; otherwise ``(True, text)``: an account of the complaint ("tidak ditanggapi oleh
    dinas" means they did complain and got no answer).
    """
    if _NO_RE.match(text):
        return False, None
    if _YES_RE.match(text):
        return True, None
    return True, text
