"""Follow-up questions: what a conversation was last about, and how a short reply continues it.

People rarely repeat themselves: after "gunung mas 2024" they write "kalau 2021?", after
"bandung 2023" (which body?) they write "yang kabupaten", after "rekap kalteng 2024"
they write "yang kuning aja". A :class:`Dialogue` keeps one :class:`Frame` per
conversation key and reads a message that names no subject as a change to that frame.
A message with a subject of its own is a new question and replaces the frame.

Choice: frames live in memory (an LRU of at most ``max_keys`` conversations, each
forgotten ``ttl`` seconds after its last message). A frame is a few ids, so 10,000
conversations take a few megabytes; a restart forgets them, which costs a user one
repeated name. Nothing here knows about Telegram: the bot passes a key (the chat in
private, chat and user in groups), the console passes a constant.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from knowledge import lexicon
from knowledge.answer import Answer, Intent
from knowledge.matcher import Matches, Mention, body_fits
from knowledge.understand import Question

if TYPE_CHECKING:  # pragma: no cover
    from knowledge.engine import Engine
    from model.records import Body

log = logging.getLogger(__name__)

DEFAULT_TTL = 30 * 60.0  # seconds a conversation is remembered after its last message
DEFAULT_MAX_KEYS = 10_000
LIST_INTENTS = frozenset({"overview", "ranking", "filter"})
SUBJECT_INTENTS = frozenset({"lookup", "compare", "trend", "national", "threshold", *LIST_INTENTS})


@dataclass(frozen=True)
class Frame:
    """What the last answered question was about, in ids (cheap to keep)."""

    intent: Intent
    bodies: tuple[int, ...] = ()  # bodies answered (lookup, compare, trend)
    province: int | None = None  # the province a list was about
    years: tuple[int, ...] = ()  # years asked, or the year a list answered
    kinds: frozenset[str] = frozenset()
    zones: tuple[str, ...] = ()
    opinions: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    worst: bool = False
    top: int | None = None
    pending: tuple[int, ...] = ()  # candidates when the bot asked "which one?"
    score: float | None = None  # the score a threshold question asked about


class Memory:
    """Frames per conversation key, bounded in number and forgotten after ``ttl``."""

    def __init__(
        self,
        max_keys: int = DEFAULT_MAX_KEYS,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_keys = max_keys
        self.ttl = ttl
        self.clock = clock
        self._items: OrderedDict[Hashable, tuple[float, Frame]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Frame | None:
        got = self._items.get(key)
        if got is None:
            return None
        if self.clock() - got[0] > self.ttl:
            del self._items[key]
            return None
        return got[1]

    def put(self, key: Hashable, frame: Frame) -> None:
        self._items[key] = (self.clock(), frame)
        self._items.move_to_end(key)
        while len(self._items) > self.max_keys:
            self._items.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        self._items.pop(key, None)


def _has(q: Question, vocab: frozenset[str]) -> bool:
    toks = q.tokens
    for i in range(len(toks)):
        if toks[i] in vocab or (i + 1 < len(toks) and f"{toks[i]} {toks[i + 1]}" in vocab):
            return True
    return False


def _mentions(bodies: list[Body]) -> Matches:
    return Matches(mentions=[Mention(0, 0, (b,)) for b in bodies])


def _own_bodies(q: Question) -> list[Body]:
    """Bodies the message names on its own, unambiguously."""
    out: list[Body] = []
    for m in q.matches.mentions:
        if not m.ambiguous and not (m.score == 0.0 and m.kinds) and m.bodies[0] not in out:
            out.append(m.bodies[0])
    return out


def _only_kinds(q: Question) -> bool:
    """The message names kinds and nothing else a question is made of ("yang kota saja")."""
    return bool(q.kinds) and not (
        q.zones or q.opinions or q.labels or q.matches.unknown_words or q.intent == "threshold"
    )


class Dialogue:
    """Answers messages of many conversations, each with its own frame."""

    def __init__(self, engine: Engine, memory: Memory | None = None) -> None:
        self.engine = engine
        self.memory = memory if memory is not None else Memory()

    def answer(self, key: Hashable, text: str, lang: str | None = None) -> Answer:
        """Answer ``text`` in the conversation ``key``; never raises."""
        try:
            q = self.engine.understand(text, lang)
        except Exception:  # parsing failed: let the engine say sorry
            log.exception("understanding failed in a conversation")
            return self.engine.answer(text, lang)
        if q is None:
            return self.engine.answer(text, lang)
        frame = self.memory.get(key)
        if frame is not None:
            try:
                q = self.follow(q, frame) or q
            except Exception:  # a broken frame must not break the answer
                log.exception("follow-up failed; answering the message alone")
                self.memory.forget(key)
        ans = self.engine.answer_question(q)
        new = self.frame(q, ans)
        if new is not None:
            self.memory.put(key, new)
        return ans

    def remember(self, key: Hashable, ans: Answer) -> None:
        """Keep the subject of an answer made without text (a button press)."""
        bodies = self._result_bodies(ans)
        if ans.intent == "lookup" and bodies:
            years = tuple(dict.fromkeys(r.year for r in ans.results))
            self.memory.put(key, Frame("lookup", tuple(b.id for b in bodies), years=years[:1]))

    # -- reading a follow-up ------------------------------------------------------
    def follow(self, q: Question, f: Frame) -> Question | None:
        """``q`` read against the frame, or None when it is a question of its own."""
        store = self.engine.store
        own = _own_bodies(q)
        named = bool(q.matches.mentions) or q.province is not None
        if f.pending and not named and q.matches.kinds:
            picked = [
                store.bodies[i]
                for i in f.pending
                if i in store.bodies and body_fits(store.bodies[i], q.matches.kinds)
            ]
            if len(picked) == 1:  # "yang kabupaten" after "bandung 2023"
                years = q.years or list(f.years)
                return replace(q, intent="lookup", matches=_mentions(picked), years=years)
        subject = [store.bodies[i] for i in f.bodies if i in store.bodies]
        province = store.bodies.get(f.province) if f.province is not None else None
        if f.intent in ("filter", "ranking") and not named and _only_kinds(q):
            # "yang kabupaten" after a filtered or ranked list: the same list, of that kind
            # only (an overview always covers every kabupaten and kota: no narrowing there)
            return replace(self._list(q, f, province, q.years or list(f.years)), kinds=q.kinds)
        # "bandingkan gumas 2021 dan 2024" is complete; "bandingkan dengan kapuas" is not
        complete = (len(q.years) >= 2 or own[0] in subject[:1]) if own else True
        if len(own) == 1 and subject and not complete and _has(q, lexicon.COMPARE):
            # "bandingkan dengan kapuas": the subject and the new body
            years = q.years or list(f.years)
            bodies = [*subject[:1], *[b for b in own if b not in subject[:1]]]
            return replace(q, intent="compare", matches=_mentions(bodies), years=years)
        if named:
            if not q.years and _has(q, lexicon.FOLLOW_WORDS) and f.years:
                if f.intent in LIST_INTENTS and q.province is not None and not own[1:]:
                    return self._list(q, f, q.province, list(f.years))  # "kalau kalsel?"
                if q.intent == "lookup":
                    return replace(q, years=list(f.years))  # "kalau kotim?"
            return None
        if _has(q, lexicon.TREND):  # "trennya?"
            if subject:
                return replace(q, intent="trend", matches=_mentions(subject))
            if province is not None:
                return replace(q, intent="trend", matches=_mentions([province]))
            return None
        if _has(q, lexicon.METHOD) or q.intent == "threshold":
            return None  # "apa itu zona kuning?", "kenapa 2020 tidak ada?": questions of their own
        if q.zones or q.opinions or q.labels:  # "yang kuning aja"
            where = province
            if where is None and len(subject) == 1 and subject[0].province:
                where = self._province_of(subject[0])
            if where is not None or f.intent in ("national", "filter", "ranking"):
                return replace(
                    q,
                    intent="filter",
                    province=where,
                    kinds=q.kinds or f.kinds,
                    years=q.years or list(f.years),
                )
            return None
        bare_year = q.intent == "unknown" or (q.intent == "methodology" and q.years == [2020])
        if q.years and bare_year:  # "kalau 2021?" ("rekap 2024" is a question of its own)
            if f.intent == "threshold":
                return replace(
                    q,
                    intent="threshold",
                    zones=list(f.zones),
                    opinions=list(f.opinions),
                    score=f.score,
                )
            if f.intent in LIST_INTENTS or (f.intent == "national" and province is None):
                return self._list(q, f, province, q.years)
            if subject:
                intent: Intent = (
                    "compare" if f.intent == "compare" and len(subject) > 1 else "lookup"
                )
                return replace(q, intent=intent, matches=_mentions(subject))
        return None

    def _list(self, q: Question, f: Frame, province: Body | None, years: list[int]) -> Question:
        """The frame's list question again, for another year or province."""
        return replace(
            q,
            intent=f.intent,
            matches=Matches(),
            province=province,
            years=years,
            kinds=f.kinds,
            zones=list(f.zones),
            opinions=list(f.opinions),
            labels=list(f.labels),
            worst=f.worst,
            top=f.top,
        )

    def _province_of(self, body: Body) -> Body | None:
        from knowledge.analysis import province_body

        if body.kind == "provinsi":
            return body
        return province_body(self.engine.store, body.province)

    # -- remembering ----------------------------------------------------------------
    def _result_bodies(self, ans: Answer) -> list[Body]:
        by_name = self.engine.store.by_name
        names = dict.fromkeys(r.institution for r in ans.results)
        return [by_name[n] for n in names if n in by_name]

    def frame(self, q: Question, ans: Answer) -> Frame | None:
        """The frame an answered question leaves; None keeps the previous one."""
        pending = tuple(a.body_id for a in ans.actions if a.kind == "pick" and a.body_id)
        if ans.intent not in SUBJECT_INTENTS:
            return None
        years = tuple(q.years)
        if ans.intent in LIST_INTENTS and not years and ans.results:
            years = (ans.results[0].year,)
        if ans.intent == "national":
            years = years or tuple(dict.fromkeys(r["year"] for r in ans.extra.get("national", [])))
        bodies: tuple[int, ...] = ()
        if ans.intent in ("lookup", "compare", "trend"):
            bodies = tuple(b.id for b in self._result_bodies(ans))
        if ans.intent == "lookup" and not bodies and not pending:
            return None  # nothing was answered ("polres xyz"): keep the old subject
        return Frame(
            intent=ans.intent,
            bodies=bodies,
            province=q.province.id if q.province is not None else None,
            years=years,
            kinds=q.kinds,
            zones=tuple(q.zones),
            opinions=tuple(q.opinions),
            labels=tuple(q.labels),
            worst=q.worst,
            top=q.top,
            pending=pending,
            score=q.score,
        )
