from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest_plugins = ["tests.fakebot_fixtures", "tests.engine_fixtures", "tests.bot_fixtures"]


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Give each test process (each xdist worker) its own default data directory.

    Code that falls back to ``data_dir()`` then never builds or writes a store that
    another worker uses at the same time; tests that need a specific directory still
    set or unset ``KEPATUHAN_DATA_DIR`` themselves.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KEPATUHAN_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
        yield
