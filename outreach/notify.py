"""What a delivery says: a broadcast's HTML, a result notification, the admin's progress.

No Telegram import: the sender (``bot.delivery``) sends these texts, ``/siaran`` shows
the same labels and progress, and ``kepatuhan broadcast`` queues what they render.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from db.outbox import Campaign, Counts, Job, Outbox
from knowledge.catalogue import t
from knowledge.numbers import fmt_int
from knowledge.render import TELEGRAM_LIMIT, html, line
from outreach.text import bold, tx

if TYPE_CHECKING:
    from knowledge.engine import Engine

log = logging.getLogger(__name__)

MAX_NOTIFY_BLOCKS = 3


class Renderer:
    """Text of a delivery: a broadcast's HTML, or a notification rendered at send time.

    Notifications use the knowledge store as it is *now*: ``engine`` is the same getter
    the handlers use (``handlers.services.CurrentEngine.get``), which swaps in a fresh
    engine when ``kepatuhan db import`` rebuilt ``knowledge.db``, so the message carries
    the result just imported.
    """

    def __init__(self, outbox: Outbox, engine: Callable[[], Engine]) -> None:
        self.outbox = outbox
        self.engine = engine
        self._texts: dict[int, str] = {}
        self._seen: Engine | None = None  # the engine the cached notifications came from
        self._notify = lru_cache(maxsize=512)(self._notification)

    def __call__(self, job: Job) -> str:
        if job.kind == "broadcast":
            text = self._texts.get(job.campaign_id)
            if text is None:
                campaign = self.outbox.campaign(job.campaign_id)
                if campaign is None or not campaign.text:
                    raise ValueError(f"campaign {job.campaign_id} has no text")
                text = self._texts[job.campaign_id] = campaign.text
            return text
        engine = self.engine()
        if engine is not self._seen:  # a new store: cached texts are about the old one
            if self._seen is not None:
                log.info("knowledge.db was rebuilt; notifications use the new store")
            self._notify.cache_clear()
            self._seen = engine
        return self._notify(job.payload or "[]", job.lang)

    def _notification(self, payload: str, lang: str) -> str:
        job_items = Job(0, 0, "notify", 0, 0, 0, payload, lang, False).items()
        engine = self._seen if self._seen is not None else self.engine()
        return compose_notification(engine, job_items, lang)


def compose_notification(engine: Engine, items: list[tuple[int, int]], lang: str) -> str:
    """ "Hasil baru" + each new result as the bot answers it, within Telegram's limit."""
    footer = line(t("footer.report", lang))
    answers = []
    for body_id, year in items:
        answer = engine.answer_body(body_id, year, lang)
        if answer.intent == "lookup" and answer.results:
            lines = list(answer.lines)
            if lines and lines[-1] == footer:  # one hint at the end instead of one per result
                lines = lines[:-2]
            answers.append((answer.results[0].institution, year, html(lines)))
    if not answers:
        raise ValueError(f"no known body among {items}")
    answers.sort(key=lambda a: (a[0], a[1]))
    title = bold(t("notify.title", lang))
    tail = tx("notify.footer", lang)
    shown: list[str] = []
    for index, (_, _, block) in enumerate(answers):
        rest = answers[index + 1 :]
        more = _more(rest, lang)
        candidate = "\n\n".join([title, *shown, block, *([more] if more else []), tail])
        if len(shown) >= MAX_NOTIFY_BLOCKS or len(candidate) > TELEGRAM_LIMIT:
            break
        shown.append(block)
    more = _more(answers[len(shown) :], lang)
    text = "\n\n".join([title, *shown, *([more] if more else []), tail])
    return text[:TELEGRAM_LIMIT]


def _more(rest: list[tuple[str, int, str]], lang: str) -> str:
    if not rest:
        return ""
    names = ", ".join(f"{name} {year}" for name, year, _ in rest[:20])
    if len(rest) > 20:
        names += ", …"
    return tx("notify.more", lang, count=fmt_int(len(rest), lang), names=names)


# -- progress for the admin who started a broadcast ----------------------------------


def label_for(kind: str, name: str | None, lang: str) -> str:
    """ "semua pengguna", "pelanggan Kabupaten Gunung Mas", … (plain text)."""
    if kind in ("province", "body"):
        return t(f"bc.target.{kind}", lang, name=name or "?")
    return t(f"bc.target.{kind}", lang)


def target_label(campaign: Campaign, lang: str) -> str:
    return label_for(campaign.target, campaign.target_name, lang)


def progress_text(campaign: Campaign, counts: Counts, lang: str) -> str:
    """The admin's message: progress while sending, the report at the end (escaped HTML)."""
    fields = {
        "id": campaign.id,
        "target": target_label(campaign, lang),
        "sent": fmt_int(counts.sent, lang),
        "blocked": fmt_int(counts.blocked, lang),
        "failed": fmt_int(counts.failed, lang),
        "cancelled": fmt_int(counts.cancelled, lang),
        "done": fmt_int(counts.total - counts.open, lang),
        "total": fmt_int(counts.total, lang),
    }
    if campaign.status == "done":
        return tx("bc.report", lang, **fields)
    if campaign.status == "cancelled":
        return tx("bc.cancelled_report", lang, **fields)
    return tx("bc.progress", lang, **fields)
