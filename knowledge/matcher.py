"""Find institutions in a message: exact names and aliases first, then typos.

Exact matching walks the tokens once, longest key first, and lets kind words
("kab", "pemkot", "polres", "kantah") narrow what a shared place name means.
Only the words left over go to rapidfuzz, against a choice list narrowed by
those kind words, with ``score_cutoff`` doing the pruning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge import lexicon
from knowledge.names import CONTEXT_ONLY, STRICT_CONTEXT, looks_like_year
from model.records import Body
from model.text import fold
from model.vocab import KIND_WORDS, MAX_KIND_WORD_TOKENS, PEMDA_KINDS

ACCEPT = 90.0  # fuzz.ratio at or above which a typo is taken as the name
ACCEPT_SHORT = 92.0  # stricter for queries under SHORT_QUERY chars ("bata" is not "batam")
SHORT_QUERY = 6
SUGGEST = 70.0  # fuzz.ratio at or above which a name is offered as "did you mean"
AMBIGUOUS_MARGIN = 2.0  # two different bodies this close are both offered
MAX_WINDOW = 4
MIN_FUZZY_CHARS = 5
MIN_HEAD_CHARS = 6  # a first word standing for its whole name ("penajam") is at least this long
# First words never taken as the whole name alone: everyday words, and words that are
# also part of other names ("serdang": Deli Serdang too; "toraja": Tana Toraja too).
ORDINARY_HEADS = frozenset(
    {
        "gunung",
        "bandar",
        "pangkal",
        "pulang",
        "sungai",
        "tebing",
        "murung",
        "tanjung",
        "pulau",
        "serdang",
        "toraja",
        "flores",
    }
)


@dataclass(frozen=True)
class Mention:
    """A stretch of the message that names one body, or several it might mean."""

    start: int
    end: int
    bodies: tuple[Body, ...]
    kinds: frozenset[str] = frozenset()
    fuzzy: bool = False
    score: float = 100.0

    @property
    def ambiguous(self) -> bool:
        return len(self.bodies) > 1


@dataclass
class Matches:
    """Everything the matcher found in one message."""

    mentions: list[Mention] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()
    unknown_words: list[str] = field(default_factory=list)
    suggester: Callable[[], list[Body]] | None = None
    _suggestions: list[Body] | None = None

    @property
    def suggestions(self) -> list[Body]:
        """Close names for an unrecognised message, computed only when someone asks.

        A search over every key is the costliest step of understanding a
        message, and most answers (reports, methodology) never show suggestions.
        """
        if self._suggestions is None:
            self._suggestions = self.suggester() if self.suggester else []
        return self._suggestions


def _phrase_at(tokens: list[str], i: int, phrases: Iterable[str], longest: int) -> int:
    """Length in tokens of the longest phrase starting at ``i``, or 0."""
    for size in range(min(longest, len(tokens) - i), 0, -1):
        if " ".join(tokens[i : i + size]) in phrases:
            return size
    return 0


def body_fits(body: Body, kinds: frozenset[str]) -> bool:
    """Whether kind words such as {"kantor_pertanahan", "kota"} describe ``body``."""
    if not kinds:
        return True
    primary = kinds - PEMDA_KINDS
    places = kinds & PEMDA_KINDS
    if primary:
        if body.kind not in primary:
            return False
        return not places or body.place_kind in places or body.place_kind is None
    return body.kind in places


class Matcher:
    """Name matching over the store's keys (names, cores and aliases)."""

    def __init__(self, bodies: dict[int, Body], keys: Iterable[tuple[str, int, str]]) -> None:
        self.bodies = bodies
        self.key_index: dict[str, set[int]] = defaultdict(set)
        self.core_index: dict[str, set[int]] = defaultdict(set)
        for body in bodies.values():
            self.core_index[body.core].add(body.id)
        for key, body_id, _origin in keys:
            self.key_index[key].add(body_id)
        self.max_key_tokens = max(len(k.split()) for k in self.key_index)
        fuzzy_keys = [
            k for k in self.key_index if len(k) >= MIN_FUZZY_CHARS and k not in CONTEXT_ONLY
        ]
        self.choices: dict[frozenset[str], list[str]] = {frozenset(): fuzzy_keys}
        self._all_fuzzy = fuzzy_keys
        self._reach: dict[str, frozenset[int]] | None = None
        # typo lookups memoised per matcher: the keys never change while it lives, and the
        # same few misspellings come back message after message
        self._close_memo: dict[
            tuple[str, frozenset[str], float], tuple[tuple[str, float], ...]
        ] = {}
        self.extensions, self.heads = self._partial_keys()

    def _partial_keys(self) -> tuple[dict[str, list[str]], dict[str, str]]:
        """Longer keys that extend a key ("mamuju" → "mamuju tengah"), and first words
        that start exactly one multi-word core ("penajam" → "penajam paser utara")."""
        extensions: dict[str, list[str]] = defaultdict(list)
        for key in self.key_index:
            words = key.split()
            for n in range(1, len(words)):
                head = " ".join(words[:n])
                if head in self.key_index:
                    extensions[head].append(key)
        starts: dict[str, set[str]] = defaultdict(set)
        for core, ids in self.core_index.items():
            words = core.split()
            pemda = any(self.bodies[b].kind in PEMDA_KINDS for b in ids)
            if len(words) > 1 and pemda:
                starts[words[0]].add(core)
        heads = {
            word: next(iter(cores))
            for word, cores in starts.items()
            if len(cores) == 1
            and len(word) >= MIN_HEAD_CHARS
            and word not in self.key_index
            and word not in lexicon.STOPWORDS
            and word not in lexicon.NUMBER_WORDS
            and word not in KIND_WORDS
            and word not in ORDINARY_HEADS
        }
        return dict(extensions), heads

    # -- resolution ---------------------------------------------------------
    def resolve(self, key: str, kinds: frozenset[str] = frozenset()) -> tuple[Body, ...]:
        """Bodies a key stands for, narrowed by kind words; pemda first when unqualified."""
        targets = self.key_index.get(key, set())
        if kinds:
            found = {b for b in targets if body_fits(self.bodies[b], kinds)}
            for core in {self.bodies[b].core for b in targets}:
                found |= {b for b in self.core_index[core] if body_fits(self.bodies[b], kinds)}
            places = kinds & PEMDA_KINDS
            if kinds - PEMDA_KINDS and places:
                exact = {b for b in found if self.bodies[b].place_kind in places}
                found = exact or found
        else:
            found = set(targets)
            pemda = {b for b in found if self.bodies[b].kind in PEMDA_KINDS}
            if pemda and len(pemda) < len(found):
                found = self._prefer_pemda(key, found, pemda)
        return tuple(sorted((self.bodies[b] for b in found), key=lambda b: (b.kind, b.name)))

    def _prefer_pemda(self, key: str, found: set[int], pemda: set[int]) -> set[int]:
        """A bare place name means its government, unless the key is another body's full name."""
        exact = {b for b in found if fold(self.bodies[b].name) == key}
        return exact or pemda

    def _choices_for(self, kinds: frozenset[str]) -> list[str]:
        """Fuzzy keys that ``resolve`` to something under ``kinds``, in key order.

        The same test as ``resolve(key, kinds)`` being non-empty (its places narrowing never
        empties a set), done as one set check per key against the bodies ``kinds`` fit.
        """
        if kinds not in self.choices:
            fits = {b.id for b in self.bodies.values() if body_fits(b, kinds)}
            reach = self._key_reach()
            self.choices[kinds] = [k for k in self._all_fuzzy if not fits.isdisjoint(reach[k])]
        return self.choices[kinds]

    def _key_reach(self) -> dict[str, frozenset[int]]:
        """Per fuzzy key, every body ``resolve`` may pick from under kind words: the key's own
        bodies and the bodies sharing their cores."""
        if self._reach is None:
            self._reach = {
                k: frozenset(
                    self.key_index[k].union(
                        *(self.core_index[self.bodies[b].core] for b in self.key_index[k])
                    )
                )
                for k in self._all_fuzzy
            }
        return self._reach

    def _close(
        self, query: str, kinds: frozenset[str], cutoff: float
    ) -> tuple[tuple[str, float], ...]:
        """Up to five keys of ``kinds`` scoring ``cutoff`` or more against ``query``, best first."""
        key = (query, kinds, cutoff)
        got = self._close_memo.get(key)
        if got is None:
            if len(self._close_memo) > 20_000:
                self._close_memo.clear()
            hits = process.extract(
                query, self._choices_for(kinds), scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            )
            got = self._close_memo[key] = tuple((h[0], h[1]) for h in hits)
        return got

    # -- scanning ------------------------------------------------------------
    def find(
        self, tokens: list[str], *, has_cue: bool, skip: set[int], fuzzy: bool = True
    ) -> Matches:
        """Mentions in ``tokens``; indices in ``skip`` (years, intent phrases) are not names.

        ``fuzzy`` False takes exact names and aliases only (a complaint needs no typo search).
        """
        out = Matches()
        consumed = set(skip)
        pending: frozenset[str] = frozenset()
        all_kinds: set[str] = set()
        rest = self._content_words(tokens, skip)
        i = 0
        while i < len(tokens):
            if i in skip:
                i += 1
                continue
            _size, mention = self._exact_at(
                tokens, i, pending, has_cue or bool(pending), rest, skip
            )
            if mention is not None:
                mention = self._trailing_kind(tokens, mention, consumed)
                out.mentions.append(mention)
                consumed.update(range(mention.start, mention.end))
                i = mention.end
                pending = frozenset()
                continue
            kw = _phrase_at(tokens, i, KIND_WORDS, MAX_KIND_WORD_TOKENS)
            if kw:
                phrase = " ".join(tokens[i : i + kw])
                pending = pending | KIND_WORDS[phrase]
                all_kinds |= KIND_WORDS[phrase]
                consumed.update(range(i, i + kw))
                i += kw
                continue
            if tokens[i] not in lexicon.STOPWORDS:
                pending = frozenset()
            i += 1
        out.kinds = frozenset(all_kinds)
        # a first word alone ("penajam") stands for its name only in a question about results
        heads = has_cue or bool(all_kinds) or any(looks_like_year(t) for t in tokens) or rest <= 1
        if fuzzy:
            self._fuzzy(tokens, consumed, out, heads)
        else:
            out.unknown_words = [
                t for i, t in enumerate(tokens) if i not in consumed and t not in lexicon.STOPWORDS
            ]
        self._qualify_by_province(out)
        return out

    def _content_words(self, tokens: list[str], skip: set[int]) -> int:
        """How many tokens are neither skipped (years, intent words) nor stopwords."""
        return sum(1 for i, t in enumerate(tokens) if i not in skip and t not in lexicon.STOPWORDS)

    def _exact_at(
        self,
        tokens: list[str],
        i: int,
        kinds: frozenset[str],
        context: bool,
        content: int,
        skip: set[int],
    ) -> tuple[int, Mention | None]:
        longest = min(self.max_key_tokens, len(tokens) - i)
        for size in range(longest, 0, -1):
            key = " ".join(tokens[i : i + size])
            if key not in self.key_index:
                continue
            own = sum(1 for t in tokens[i : i + size] if t not in lexicon.STOPWORDS)
            if key in CONTEXT_ONLY and not (
                context
                or (
                    key not in STRICT_CONTEXT
                    and (content == own or self._with_its_province(tokens, i, size, key, skip))
                )
            ):
                continue  # an ordinary word, unless the message is nothing but the name
            if kinds - PEMDA_KINDS:
                # "polres kota kupang": the pemda kind inside the key still narrows the unit.
                lead = _phrase_at(tokens[i : i + size], 0, KIND_WORDS, MAX_KIND_WORD_TOKENS)
                if lead and lead < size:
                    kinds = kinds | (KIND_WORDS[" ".join(tokens[i : i + lead])] & PEMDA_KINDS)
            longer = self._longer_key(tokens, i, key)
            if longer is not None:  # "mamuju tngah" is Mamuju Tengah, never Mamuju
                key, size = longer
            bodies = self.resolve(key, kinds)
            if not bodies and kinds:
                # "polres gumas" when we hold no Polres Gunung Mas: keep the place,
                # the answer says the unit has no data rather than guessing another.
                bodies = self.resolve(key)
                return size, Mention(i, i + size, bodies, kinds, score=0.0)
            if bodies:
                return size, Mention(i, i + size, bodies, kinds)
        return 0, None

    def _with_its_province(
        self, tokens: list[str], i: int, size: int, key: str, skip: set[int]
    ) -> bool:
        """The rest of the message is the province of the one body ``key`` names: "kota baru
        kalsel 2023" asks about Kotabaru, not about the cities of Kalimantan Selatan."""
        named = self.key_index.get(key, set())
        if len(named) != 1:
            return False
        body = self.bodies[next(iter(named))]
        others = [
            t
            for j, t in enumerate(tokens)
            if j not in skip and not i <= j < i + size and t not in lexicon.STOPWORDS
        ]
        if not others or not body.province:
            return False
        places = self.key_index.get(" ".join(others), set())
        return any(
            self.bodies[b].kind == "provinsi" and self.bodies[b].province == body.province
            for b in places
        )

    def _longer_key(self, tokens: list[str], i: int, key: str) -> tuple[str, int] | None:
        """A longer name the words after ``key`` spell: joined ("kota banjar baru" is Kota
        Banjarbaru) or with a typo ("mamuju tngah"); with how many tokens it takes."""
        size = len(key.split())
        if i + size >= len(tokens) or tokens[i + size] in lexicon.STOPWORDS:
            return None
        joined = " ".join([*tokens[i : i + size - 1], tokens[i + size - 1] + tokens[i + size]])
        if joined in self.key_index:
            return joined, size + 1
        longer = self.extensions.get(key)
        if not longer:
            return None
        best: tuple[float, str] | None = None
        for ext in longer:
            n = len(ext.split())
            if i + n > len(tokens):
                continue
            said = " ".join(tokens[i : i + n])
            score = fuzz.ratio(said, ext)
            if score >= ACCEPT and (best is None or score > best[0]):
                best = (score, ext)
        return (best[1], len(best[1].split())) if best else None

    def _trailing_kind(self, tokens: list[str], m: Mention, consumed: set[int]) -> Mention:
        """ "bandung kota": a kind word after an ambiguous name narrows it; "polres sorong
        kota" is the city's police (Polresta Sorong Kota), not the regency's."""
        kw = _phrase_at(tokens, m.end, KIND_WORDS, MAX_KIND_WORD_TOKENS)
        if not kw:
            return m
        kinds = KIND_WORDS[" ".join(tokens[m.end : m.end + kw])]
        if not m.ambiguous:
            unit = m.bodies[0]
            if unit.kind in PEMDA_KINDS or not kinds <= PEMDA_KINDS:
                return m
            same = [
                self.bodies[b]
                for b in self.core_index[unit.core]
                if self.bodies[b].kind == unit.kind and self.bodies[b].place_kind in kinds
            ]
            if len(same) != 1 or same[0] == unit:
                return m
            consumed.update(range(m.end, m.end + kw))
            return Mention(m.start, m.end + kw, (same[0],), m.kinds | kinds, m.fuzzy, m.score)
        narrowed = tuple(b for b in m.bodies if body_fits(b, kinds))
        if not narrowed:
            return m
        consumed.update(range(m.end, m.end + kw))
        return Mention(m.start, m.end + kw, narrowed, m.kinds | kinds, m.fuzzy, m.score)

    def _fuzzy(self, tokens: list[str], consumed: set[int], out: Matches, heads: bool) -> None:
        """Typo matching over runs of words nobody recognised."""
        runs: list[list[int]] = []
        for i, tok in enumerate(tokens):
            usable = i not in consumed and not looks_like_year(tok) and not tok.isdigit()
            if usable and (runs and runs[-1][-1] == i - 1):
                runs[-1].append(i)
            elif usable:
                runs.append([i])
        leftovers: list[str] = []
        for run in runs:
            self._fuzzy_run(tokens, run[:8], out, leftovers, heads)
        out.unknown_words = leftovers
        if not out.mentions and leftovers:
            text, kinds = " ".join(leftovers), out.kinds
            out.suggester = lambda: self.suggest(text, kinds)

    def _fuzzy_run(
        self,
        tokens: list[str],
        run: list[int],
        out: Matches,
        leftovers: list[str],
        heads: bool = False,
    ) -> None:
        best: tuple[float, int, int, tuple[tuple[str, float], ...]] | None = None
        for a in range(len(run)):
            for b in range(a + 1, min(a + MAX_WINDOW, len(run)) + 1):
                words = [tokens[i] for i in run[a:b]]
                if all(w in lexicon.STOPWORDS for w in words):
                    continue
                if b - a > 1 and words[0] in lexicon.STOPWORDS:
                    continue  # "di gunug" is tried as "gunug"
                query = " ".join(words)
                if len(query) < MIN_FUZZY_CHARS:
                    continue
                need = ACCEPT_SHORT if len(query) < SHORT_QUERY else ACCEPT
                hits = self._close(query, out.kinds, need - AMBIGUOUS_MARGIN)
                if hits and hits[0][1] < need:
                    continue
                if hits and (best is None or hits[0][1] > best[0]):
                    best = (hits[0][1], a, b, hits)
        if best is None or best[0] < ACCEPT:
            for i in run:
                tok = tokens[i]
                head = self.heads.get(tok) if heads else None
                bodies = self.resolve(head, out.kinds) if head else ()
                if bodies:  # "penajam": the only name that starts with it
                    out.mentions.append(Mention(i, i + 1, bodies, out.kinds, True, ACCEPT))
                elif tok not in lexicon.STOPWORDS:
                    leftovers.append(tok)
            return
        top, a, b, scored = best
        found: dict[int, Body] = {}
        for key, score in scored:
            if score >= top - AMBIGUOUS_MARGIN:
                for body in self.resolve(key, out.kinds):
                    found[body.id] = body
        if found:
            bodies = tuple(sorted(found.values(), key=lambda x: (x.kind, x.name)))
            out.mentions.append(Mention(run[a], run[b - 1] + 1, bodies, out.kinds, True, top))
        if a > 0:
            self._fuzzy_run(tokens, run[:a], out, leftovers, heads)
        if b < len(run):
            self._fuzzy_run(tokens, run[b:], out, leftovers, heads)

    def suggest(self, text: str, kinds: frozenset[str] = frozenset(), limit: int = 3) -> list[Body]:
        """Up to ``limit`` distinct bodies whose names look like ``text``."""
        if len(text) < 3:
            return []
        hits = process.extract(
            text,
            self._choices_for(kinds),
            scorer=fuzz.ratio,
            score_cutoff=SUGGEST,
            limit=limit * 4,
        )
        out: dict[int, Body] = {}
        for key, _score, _idx in hits:
            for body in self.resolve(key, kinds):
                out.setdefault(body.id, body)
            if len(out) >= limit:
                break
        return list(out.values())[:limit]

    def _qualify_by_province(self, out: Matches) -> None:
        """ "kapuas kalteng": a province right after a name picks the candidate inside it."""
        kept: list[Mention] = []
        mentions = sorted(out.mentions, key=lambda m: m.start)
        used: set[int] = set()
        for idx, m in enumerate(mentions):
            if idx in used:
                continue
            nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
            if (
                nxt is not None
                and nxt.start - m.end <= 1
                and len(nxt.bodies) == 1
                and nxt.bodies[0].kind == "provinsi"
                and m.bodies
                and m.bodies[0].kind != "provinsi"
            ):
                prov = nxt.bodies[0].province
                inside = tuple(b for b in m.bodies if b.province == prov)
                if inside:
                    kept.append(Mention(m.start, nxt.end, inside, m.kinds, m.fuzzy, m.score))
                    used.add(idx + 1)
                    continue
            kept.append(m)
        out.mentions = kept
