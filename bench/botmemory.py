"""Peak memory of the running bot: the real Application with every piece of data loaded.

``python -m bench --only botmemory``.

The figures come from the bot processes of the ``e2e`` benchmark's "limit off" runs
(``bench.e2e.limit_off_runs``; when ``e2e`` ran first in the same ``python -m bench``,
its runs are reused, otherwise they run here): each is a fresh child built by
``build_application`` as ``kepatuhan run`` builds it — Engine opened on the full
``knowledge.db``, a fresh ``state.db``, python-telegram-bot with its job queue and rate
limiter — long polling the fake Bot API while it answers the 3,000 messages (plus the
warm-up), then stopped by SIGTERM. Peak = the kernel's ``VmHWM`` of that process, read
after the Application has shut down, so it covers start-up and the whole workload.
"""

from __future__ import annotations

import statistics

from bench.core import Row
from bench.e2e import limit_off_runs

NAME = "botmemory"
TARGET_MB = 150.0


def run(quick: bool) -> list[Row]:
    results = limit_off_runs(quick)
    first = results[0]
    ready = statistics.median(r.bot["ready_rss"] for r in results)
    return [
        Row.of(
            NAME,
            f"bot peak RSS (VmHWM): start-up + {first.count:,} msgs from {first.users} users",
            [float(r.bot["hwm"]) for r in results],
            "MB",
            target=f"< {TARGET_MB:.0f}",
            ok=lambda v: v < TARGET_MB,
            note=f"RSS when ready to poll (Engine, state.db, PTB loaded): {ready:.1f} MB",
        ),
    ]
