"""A push updates its queue items by their primary key, whatever the table's size
(server.json_rows, PostgreSQL).

The rows to update arrive as JSON (`json_populate_recordset`), which the planner takes
for 100 rows: joined by the key alone, a table of a few thousand rows was read whole for
every push (a hash join over a sequential scan, most of the database's CPU of a push in
the bench). The statement also names the keys as an array, which the planner looks up
in the index."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from server import json_rows
from server.db import make_engine


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    if not db_url.startswith("postgresql"):
        pytest.skip("the planner's choice on PostgreSQL")
    engine = make_engine(db_url)
    with engine.connect() as c:
        c.exec_driver_sql("CREATE TABLE probe_items (id varchar(36) PRIMARY KEY, "
                          "status varchar(16), attempts int)")
        c.exec_driver_sql("INSERT INTO probe_items SELECT 'item-' || g, 'open', 0 "
                          "FROM generate_series(1, 5000) g")
        c.exec_driver_sql("ANALYZE probe_items")
        yield c
        c.rollback()
    engine.dispose()


def test_the_update_looks_its_rows_up_by_key(conn: Connection) -> None:
    stmt = json_rows._statement((("probe_items", ("id", "status", "attempts"), "=id"),))
    rows = json.dumps([{"id": "item-17", "status": "closed", "attempts": 1},
                       {"id": "item-4000", "status": "callback", "attempts": 2}])
    sql = str(stmt.compile(dialect=conn.dialect)).replace("%(r0)s", "$1")
    conn.exec_driver_sql(f"PREPARE probe(json) AS {sql}")
    conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")  # as a pooled one
    plan = "\n".join(r[0] for r in conn.exec_driver_sql(
        f"EXPLAIN EXECUTE probe('{rows}')"))
    assert "Seq Scan on probe_items" not in plan, plan
    assert "probe_items_pkey" in plan, plan
    conn.exec_driver_sql(f"EXECUTE probe('{rows}')")
    got = dict(conn.exec_driver_sql("SELECT id, status FROM probe_items "
                                    "WHERE status <> 'open'").all())
    assert got == {"item-17": "closed", "item-4000": "callback"}
    assert conn.execute(text("SELECT count(*) FROM probe_items")).scalar() == 5000
