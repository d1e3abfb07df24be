"""tests/strings.py: catalogue lookups for assertions, checked on every message and language."""

from __future__ import annotations

import pytest

from knowledge.catalogue import LANGS, LOCALES, fields_of
from tests.strings import fragment, said


@pytest.mark.parametrize("lang", LANGS)
def test_every_fragment_is_part_of_the_whole_message(lang: str) -> None:
    for key, template in LOCALES[lang].messages.items():
        values = {name: f"<{name}>" for name in fields_of(template)}
        whole = said(key, lang, **values)
        if not whole.strip():
            continue
        assert fragment(key, lang) in whole, key
        assert fragment(key, lang, **values) == whole.strip(), key
        for name in values:  # one field filled: still part of the message
            assert fragment(key, lang, **{name: values[name]}) in whole, key


def test_mistakes_in_a_lookup_are_errors_not_mismatches() -> None:
    key = next(k for k, v in LOCALES["id"].messages.items() if len(fields_of(v)) >= 2)
    with pytest.raises(ValueError, match="not given"):
        said(key)
    with pytest.raises(ValueError, match="no fields"):
        said(key, no_such_field=1)
    with pytest.raises(ValueError, match="no fields"):
        fragment(key, no_such_field=1)
