"""Where awsprep keeps things: the data home (AWSPREP_HOME overrides) and the built-in content."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The data directory, created on first use."""
    override = os.environ.get("AWSPREP_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("awsprep", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database() -> Path:
    return home() / "awsprep.db"


def cache_dir() -> Path:
    path = home() / "cache"
    path.mkdir(exist_ok=True)
    return path


def builtin_content() -> Path:
    """The shipped corpus: awsprep/corpus in an installed wheel, content/ in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "corpus"
    return installed if installed.is_dir() else package.parent / "content"


def user_content(extra: list[Path] | None = None) -> list[Path]:
    """The learner's own content folders: AWSPREP_CONTENT (os.pathsep-separated) and --content."""
    folders = [Path(p).expanduser() for p in os.environ.get("AWSPREP_CONTENT", "").split(os.pathsep) if p]
    return folders + list(extra or [])
