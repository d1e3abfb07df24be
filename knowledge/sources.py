"""Which sources count as official, and the order sources are shown in.

The data README's rule: a value on an ombudsman.go.id page beats a news page. One
check and one ranking serve every answer, so a list, a lookup and a guide never
disagree about which page comes first.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

OFFICIAL_HOST = "ombudsman.go.id"


@functools.lru_cache(maxsize=4096)
def is_official(url: str) -> bool:
    """A page on ombudsman.go.id or one of its subdomains (not a URL that merely mentions it).

    Cached: a pure function of the string, asked thousands of times about a few hundred pages.
    """
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL in an imported row is simply not official
        return False
    return host == OFFICIAL_HOST or host.endswith("." + OFFICIAL_HOST)


def rank_sources(groups: Iterable[Iterable[str]], *, weigh: bool = False) -> list[str]:
    """Distinct sources of several groups, best first.

    Without ``weigh`` (a guide whose sections each cite their own pages) the groups take
    turns, so every section's first source comes before any section's second. With
    ``weigh`` (the entries of a list, the rows behind a value) official pages come first,
    then the sources more groups cite, then the order they were first met.
    """
    lists = [list(dict.fromkeys(g)) for g in groups]
    if len(lists) == 1 and len(lists[0]) <= 1:  # one page: nothing to order
        return lists[0]
    if not weigh:
        return _interleave(lists)
    if len(lists) == 1:  # every count is one: only officialness reorders, stably
        return sorted(lists[0], key=lambda u: not is_official(u))
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for group in lists:
        for url in group:
            count[url] += 1
            first.setdefault(url, len(first))
    return sorted(count, key=lambda u: (not is_official(u), -count[u], first[u]))


def _interleave(lists: list[list[str]]) -> list[str]:
    """Round-robin: each non-empty list gives its next unseen source in turn."""
    queues = [q for q in lists if q]
    ranked: list[str] = []
    seen: set[str] = set()
    while any(queues):
        for queue in queues:
            while queue:
                url = queue.pop(0)
                if url not in seen:
                    seen.add(url)
                    ranked.append(url)
                    break
    return ranked
