"""The shared vocabulary: kinds of body, zones, opinions, rank scopes, kind words,
the place "core" of a name, and the facts about rounds that data checks and answers
both rely on.

A body's *core* is its name without the kind prefix ("Kabupaten Gunung Mas" ->
"gunung mas"). Cores let "polres hss" reach "Polres Hulu Sungai Selatan"
through the alias HSS of the regency, and let kind words narrow a shared
name ("kab bandung" vs "kota bandung").
"""

from __future__ import annotations

import re
from typing import Final

from model.text import fold

# Every kind a body can have, in the order a question naming several kinds picks the
# first of; "other" (the catch-all) is last and forms no cohort of its own.
KINDS: Final = (
    "provinsi",
    "kabupaten",
    "kota",
    "kementerian",
    "lembaga",
    "polres",
    "kantor_pertanahan",
    "polda",
    "kanwil_bpn",
    "other",
)
COHORT_KINDS: Final = KINDS[:-1]  # the kinds ranked and listed nationally
PEMDA_KINDS: Final = frozenset({"provinsi", "kabupaten", "kota"})
OPINIONS: Final = ("tertinggi", "tinggi", "sedang", "rendah", "terendah")
ZONES: Final = ("hijau", "kuning", "merah")
RANK_SCOPES: Final = (
    "nasional_provinsi",
    "nasional_kabupaten",
    "nasional_kota",
    "nasional_kementerian",
    "nasional_lembaga",
    "provinsi",
    "other",
)

# Folded kind words as typed in chat -> the kinds they select. Multi-word
# entries are matched before single words.
KIND_WORDS: Final[dict[str, frozenset[str]]] = {
    "kabupaten": frozenset({"kabupaten"}),
    "kab": frozenset({"kabupaten"}),
    "kabupatan": frozenset({"kabupaten"}),
    "pemkab": frozenset({"kabupaten"}),
    "pemerintah kabupaten": frozenset({"kabupaten"}),
    "bupati": frozenset({"kabupaten"}),
    "regency": frozenset({"kabupaten"}),
    "kota": frozenset({"kota"}),
    "pemkot": frozenset({"kota"}),
    "pemerintah kota": frozenset({"kota"}),
    "walikota": frozenset({"kota"}),
    "wali kota": frozenset({"kota"}),
    "city": frozenset({"kota"}),
    "provinsi": frozenset({"provinsi"}),
    "propinsi": frozenset({"provinsi"}),
    "prov": frozenset({"provinsi"}),
    "prop": frozenset({"provinsi"}),
    "pemprov": frozenset({"provinsi"}),
    "pemerintah provinsi": frozenset({"provinsi"}),
    "gubernur": frozenset({"provinsi"}),
    "province": frozenset({"provinsi"}),
    "polres": frozenset({"polres"}),
    "polresta": frozenset({"polres"}),
    "polrestabes": frozenset({"polres"}),
    "kapolres": frozenset({"polres"}),
    "polda": frozenset({"polda"}),
    "kantah": frozenset({"kantor_pertanahan"}),
    "kantor pertanahan": frozenset({"kantor_pertanahan"}),
    "bpn": frozenset({"kantor_pertanahan"}),
    "atr bpn": frozenset({"kantor_pertanahan"}),
    "land office": frozenset({"kantor_pertanahan"}),
    "kanwil bpn": frozenset({"kanwil_bpn"}),
    "kanwil atr bpn": frozenset({"kanwil_bpn"}),
    "kantor wilayah bpn": frozenset({"kanwil_bpn"}),
    "kementerian": frozenset({"kementerian"}),
    "kemen": frozenset({"kementerian"}),
    "ministry": frozenset({"kementerian"}),
}
MAX_KIND_WORD_TOKENS: Final = max(len(k.split()) for k in KIND_WORDS)

# Name prefixes stripped to get the core, longest first.
_PREFIXES: Final = [
    ("kabupaten administrasi ", "kabupaten"),
    ("kota administrasi ", "kota"),
    ("kantor pertanahan kabupaten ", "kabupaten"),
    ("kantor pertanahan kota ", "kota"),
    ("kantor wilayah bpn provinsi ", "provinsi"),
    ("kanwil atr bpn provinsi ", "provinsi"),
    ("kanwil bpn provinsi ", "provinsi"),
    ("provinsi ", "provinsi"),
    ("kabupaten ", "kabupaten"),
    ("kota ", "kota"),
    ("polrestabes ", ""),
    ("polresta ", ""),
    ("polres ", ""),
    ("polda ", "provinsi"),
    ("kementerian ", ""),
]

NOT_HELD_YEARS: Final = frozenset({2020})  # no assessment was held that year
# Notes that record a body as not assessed in a year (a row with no value).
NOT_ASSESSED_MARKERS: Final = ("not assessed", "not surveyed", "tidak dinilai")


def core_of(name: str) -> tuple[str, str | None]:
    """Folded core of a canonical name and the place kind its prefix implies.

    >>> core_of("Kantor Pertanahan Kota Kupang")
    ('kupang', 'kota')
    """
    folded = fold(name)
    for prefix, place_kind in _PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            core = folded[len(prefix) :]
            if prefix.startswith("polres"):
                return _police_core(core, city=prefix != "polres ")
            return core, place_kind or None
    return folded, None


def _police_core(core: str, city: bool) -> tuple[str, str | None]:
    """Polres names mark city districts as "Kota X", "X Kota" or Polresta."""
    if core.startswith("kota ") and len(core) > 5:
        return core[5:], "kota"
    if core.endswith(" kota"):
        return core[:-5], "kota"
    if core.endswith(" kabupaten"):
        return core[:-10], "kabupaten"
    return core, "kota" if city else None


# A language code as the catalogue names its files and the methodology table its columns
# ("id", "en", "pt-br"); a header such as "name_of_instrument" does not read as one.
LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
