"""Where the two SQLite files live.

``KEPATUHAN_DATA_DIR`` wins; otherwise the XDG data home
(``~/.local/share/tanya-kepatuhan``), so a checkout, a pip install and a
systemd unit (which sets the variable, e.g. ``/var/lib/tanya-kepatuhan``) all
agree without writing into the source tree.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "knowledge" / "data"


def data_dir(create: bool = True) -> Path:
    """The directory holding knowledge.db, state.db and imported CSVs."""
    env = os.environ.get("KEPATUHAN_DATA_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        path = base / "tanya-kepatuhan"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def knowledge_db_path(directory: Path | None = None) -> Path:
    """The rebuildable results store."""
    return (directory or data_dir()) / "knowledge.db"


def state_db_path(directory: Path | None = None) -> Path:
    """The precious user state: users, subscriptions, broadcast queue."""
    return (directory or data_dir()) / "state.db"


def imports_dir(directory: Path | None = None) -> Path:
    """Accepted import files, kept so a rebuild reproduces them."""
    path = (directory or data_dir()) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path
