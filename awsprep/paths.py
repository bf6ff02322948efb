"""Where awsprep keeps things: the data home (AWSPREP_HOME overrides) and the built-in content."""

from __future__ import annotations

import os
from pathlib import Path

from awsprep.errors import UserError


def home() -> Path:
    """The data directory, created on first use; UserError when it cannot be a writable folder."""
    override = os.environ.get("AWSPREP_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("awsprep", appauthor=False))
    return _folder(path, "the data folder (AWSPREP_HOME)")


def database() -> Path:
    return home() / "awsprep.db"


def cache_dir() -> Path:
    return _folder(home() / "cache", "the content cache folder")


def backup_dir() -> Path:
    return _folder(home() / "backups", "the backup folder")


def _folder(path: Path, what: str) -> Path:
    """`path` as a writable folder, created if missing."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(f"{what} {path} is a file, not a folder: move it away or point AWSPREP_HOME elsewhere") from None
    except OSError as error:
        raise UserError(f"cannot create {what} {path}: {error.strerror}; point AWSPREP_HOME at a folder you can write") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UserError(f"{what} {path} is not writable: fix its permissions or point AWSPREP_HOME elsewhere")
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
