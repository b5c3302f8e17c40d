"""The desktop's version and where its bundled files are (source tree or frozen bundle)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path


def version() -> str:
    """The installed distribution's version (pyproject.toml); the bundle carries its metadata."""
    try:
        return metadata.version("callsheet")
    except metadata.PackageNotFoundError:
        return "unknown"


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder holding db/migrations and resources/.

    In the source tree that is the checkout; in a PyInstaller one-folder bundle it is
    sys._MEIPASS (dist/callsheet/_internal), where the spec puts the same folders.
    """
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parents[1]
