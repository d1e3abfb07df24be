"""Carry message pairs from an old-style ``catalogue.py`` into the locale files.

Branches written before the strings became data add keys to ``MESSAGES`` (``key ->
(Indonesian, English)``) in ``knowledge/catalogue.py``. After a merge, run
``python -m tools.locales_merge path/to/their/catalogue.py``: keys the locale files lack
are appended to ``id.json`` and ``en.json`` in their order; keys whose text differs are
listed (``--update`` rewrites them too). Nothing is imported from the given file: its
``MESSAGES`` literal is read with ``ast``.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

from knowledge.catalogue import language_files

OLD_ORDER = ("id", "en")  # the order of the pairs in the old MESSAGES table
# Keys the move to data retired: the language buttons read each locale's ``_meta.name``.
RETIRED = frozenset({"bot.btn.lang_id", "bot.btn.lang_en"})


def old_messages(source: str) -> dict[str, tuple[str, ...]]:
    """The ``MESSAGES`` literal of an old catalogue module."""
    for node in ast.parse(source).body:
        target: ast.expr
        value: ast.expr | None
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "MESSAGES" and value is not None:
            table: dict[str, tuple[str, ...]] = ast.literal_eval(value)
            return table
    raise ValueError("no MESSAGES table in that file")


def merge(pairs: dict[str, tuple[str, ...]], update: bool = False) -> tuple[list[str], list[str]]:
    """Append missing keys (and with ``update`` rewrite changed ones); (added, changed)."""
    files = language_files()
    added: list[str] = []
    changed: list[str] = []
    tables = {code: json.loads(files[code].read_text(encoding="utf-8")) for code in OLD_ORDER}
    for key, texts in pairs.items():
        if key in RETIRED:
            continue
        new = dict(zip(OLD_ORDER, texts, strict=True))
        if key not in tables[OLD_ORDER[0]]:
            added.append(key)
        elif any(tables[code][key] != text for code, text in new.items()):
            changed.append(key)
            if not update:
                continue
        else:
            continue
        for code, text in new.items():
            tables[code][key] = text
    for code, table in tables.items():
        text = json.dumps(table, ensure_ascii=False, indent=1) + "\n"
        files[code].write_text(text, encoding="utf-8")
    return added, changed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.locales_merge", description=__doc__)
    p.add_argument("catalogue", type=Path, help="an old-style knowledge/catalogue.py")
    p.add_argument("--update", action="store_true", help="also rewrite keys whose text differs")
    args = p.parse_args(argv)
    added, changed = merge(old_messages(args.catalogue.read_text(encoding="utf-8")), args.update)
    print(f"added {len(added)}: {', '.join(added) or '-'}")
    verb = "rewrote" if args.update else "differ (kept the locale files' text)"
    print(f"{verb} {len(changed)}: {', '.join(changed) or '-'}")
    others = [code for code in language_files() if code not in OLD_ORDER]
    if added and others:
        print(f"translate the added keys into: {', '.join(others)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
