"""Chat-side text helpers: tokens of a message, cut to a sane length.

``clean`` and ``fold`` live in :mod:`model.text` (the store builder needs them too);
they are re-exported here for the handlers that import them from this module.
"""

from __future__ import annotations

from model.text import clean, fold

__all__ = ["MAX_INPUT_CHARS", "clean", "fold", "tokens"]

MAX_INPUT_CHARS = 1000  # longer messages are cut before parsing; nobody names a regency after that


def tokens(text: str) -> list[str]:
    """Folded tokens of at most ``MAX_INPUT_CHARS`` characters of input."""
    return fold(text[:MAX_INPUT_CHARS]).split()
