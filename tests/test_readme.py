"""The samples README.md and docs/*.md quote are what the code produces.

`make docs` rewrites them after a wording change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.engine import Engine
from tools.docs_samples import ROOT, SAMPLES, Sample, refresh, shown


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_pages_quote_what_the_code_produces(engine: Engine, sample: Sample) -> None:
    produced = sample.produce(engine)
    for name in sample.pages:
        page = (ROOT / name).read_text(encoding="utf-8")
        assert shown(page, sample.opening) == produced, f"{name} is stale: run `make docs`"


def test_make_docs_rewrites_only_the_stale_sample(engine: Engine, tmp_path: Path) -> None:
    for name in {n for s in SAMPLES for n in s.pages}:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    readme = tmp_path / "README.md"
    console = SAMPLES[-1]
    before = readme.read_text(encoding="utf-8")
    old = shown(before, console.opening)
    readme.write_text(before.replace(old, "Zona lama"), encoding="utf-8")

    assert refresh(engine, tmp_path, write=False) == ["README.md (console)"]
    assert refresh(engine, tmp_path) == ["README.md (console)"]
    assert readme.read_text(encoding="utf-8") == before
    assert refresh(engine, tmp_path, write=False) == []
