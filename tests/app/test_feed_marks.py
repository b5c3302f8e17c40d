"""When a desktop throws a pull page away and reads its feed again from 0
(`repo.cursor_is_stale`): another database generation, or a compaction past its cursor
that it had not seen yet. The live drills are in tests/e2e/test_restore_drill.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.store import repo
from app.store.database import open_database
from wire.schema import PullResponse


def _page(generation: str | None = "g1", compacted: int = 0, cursor: int = 50) -> PullResponse:
    return PullResponse(cursor=cursor, has_more=False, server_time=datetime.now(UTC),
                        generation=generation, compacted_through=compacted)


def test_generation_and_compaction_marks(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "local.sqlite3")
    with engine.begin() as conn:
        # A desktop from before generations (or an older server): nothing to compare.
        assert not repo.cursor_is_stale(conn, 40, _page("g1"))
        assert not repo.cursor_is_stale(conn, 40, _page(None))
        repo.apply_pull(conn, _page("g1"), now=datetime.now(UTC))
        assert repo.generation(conn) == "g1" and repo.cursor(conn) == 50
        assert not repo.cursor_is_stale(conn, 50, _page("g1"))
        assert repo.cursor_is_stale(conn, 50, _page("g2")), "restored: another generation"
        assert not repo.cursor_is_stale(conn, 0, _page("g2")), "from 0 there is nothing to redo"
        assert not repo.cursor_is_stale(conn, 50, _page(None)), "a server without them"
        # A compaction behind the cursor changes nothing; one past it does, once.
        assert not repo.cursor_is_stale(conn, 50, _page(compacted=50))
        assert repo.cursor_is_stale(conn, 50, _page(compacted=80))
        repo.reset_cursor(conn, _page("g1", compacted=80, cursor=0))
        assert repo.cursor(conn) == 0
        # Reading again from 0 after it: its pages are below the mark, and fine.
        assert not repo.cursor_is_stale(conn, 30, _page(compacted=80))
        assert repo.cursor_is_stale(conn, 30, _page(compacted=90)), "compacted again meanwhile"
        # A restart after a restore stores the new generation with the reset cursor.
        repo.reset_cursor(conn, _page("g3", cursor=0))
        assert repo.generation(conn) == "g3"
    engine.dispose()
