"""A module's own live demo server, as the UI and telephony tests start it: a demo database
seeded on the shifted clock, made ready by the module, served on the shifted midday clock
the desktops run on (tests/e2e/desktop.py), so calling-window rules hold whatever the hour."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import LiveServer, seed_demo


def record_calls(db_url: str, _folder: Path) -> None:
    """A `prepare`: every campaign records its calls."""
    from sqlalchemy import create_engine, text

    eng = create_engine(db_url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE campaigns SET record_calls = 1"))
    eng.dispose()


def serve_demo(tmp_path_factory: pytest.TempPathFactory, name: str, *, customers: int,
               seed: int, prepare: Callable[[str, Path], object] | None = None
               ) -> Iterator[dict[str, Any]]:
    """A module fixture's body (`yield from serve_demo(...)`): {"url", "db_url",
    "accounts"} of a server on a fresh folder `name`, its database seeded with `customers`
    and `seed`, then given to `prepare(db_url, folder)` before the server starts."""
    from tests.e2e.desktop import midday_shift

    folder = tmp_path_factory.mktemp(name)
    db_url = f"sqlite:///{folder / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=customers, seed=seed)
    if prepare is not None:
        prepare(db_url, folder)
    with LiveServer(db_url, clock_shift=midday_shift()) as srv:
        yield {"url": srv.url, "db_url": db_url, "accounts": creds["accounts"]}
