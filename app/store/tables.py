"""Tables of the local store (SQLAlchemy Core).

The schema is owned by the Alembic migrations in db/migrations/; these Table
objects describe the latest revision for queries. A test checks the two agree.
Server entities are kept as their wire JSON (`data`) plus the columns queries
need, so a newer server field never needs a local migration to be carried.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


@dataclass(frozen=True, slots=True)
class JsonText:
    """A JSON column's value serialised already (pydantic's `model_dump_json`, in Rust):
    stored as it is instead of dumped to Python objects and then to text again. Not a
    str, so an engine without `json_serializer` fails loudly instead of storing a string."""

    text: str


def json_serializer(value: Any) -> str:
    """The engines' JSON column serialiser (app/store/database.make_engine)."""
    return value.text if isinstance(value, JsonText) else json.dumps(value)

meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", String, primary_key=True),
    Column("code", String, nullable=False),
    Column("data", JSON, nullable=False),
)

offers = Table(
    "offers",
    metadata,
    Column("id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("data", JSON, nullable=False),
)

# Every version received is kept: a call records the version it was made with.
scripts = Table(
    "scripts",
    metadata,
    Column("id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("data", JSON, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, index=True),
    Column("phone", String, nullable=False, index=True),
    Column("phone_hash", String, nullable=False, index=True),
    Column("data", JSON, nullable=False),
    # 0003: what the queue list needs, so it never reads the JSON (None: not given)
    Column("timezone", String),
    Column("region", String),
)

queue_items = Table(
    "queue_items",
    metadata,
    Column("id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("customer_id", String, nullable=False, index=True),
    Column("status", String, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("value_tier", String, nullable=False),
    Column("next_call_at", DateTime(timezone=True)),
    Column("callback_at", DateTime(timezone=True)),
    # 0003: the first recommendation's offer, and the history's contacts as
    # "<UTC at> <id>" lines newest first (repo.contact_lines), for the queue list; in
    # front of `data`, whose overflow pages SQLite would read to reach them
    Column("top_offer_id", String),
    Column("contacts", Text),
    # history and recommendations as the server sent them
    Column("data", JSON, nullable=False),
)

# Calls made on this desktop: the local record of each outcome (append-only).
calls = Table(
    "calls",
    metadata,
    Column("id", String, primary_key=True),  # = the outbox action id
    Column("queue_item_id", String, nullable=False, index=True),
    Column("customer_id", String, nullable=False, index=True),
    Column("phone_hash", String, nullable=False, index=True),
    Column("disposition", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),  # 0002
    Column("data", JSON, nullable=False),
)

# 0004: how each of this desktop's sales stands after verification, from the order state
# the server's history carries (wire.aftersale.sale_standing); the day figures read it.
sale_states = Table(
    "sale_states",
    metadata,
    Column("call_id", String, primary_key=True),  # = calls.id
    Column("order_state", String),
    Column("confirmed", Boolean, nullable=False),
)

dnc = Table(
    "dnc",
    metadata,
    Column("phone_hash", String, primary_key=True),
    Column("customer_id", String, index=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("local", Boolean, nullable=False, default=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("action_id", String, nullable=False, unique=True),
    Column("kind", String, nullable=False),
    Column("queue_item_id", String, index=True),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # pending -> (acknowledged: row deleted) | rejected (kept, shown to the user)
    Column("state", String, nullable=False, default="pending", index=True),  # 0002
    Column("attempts", Integer, nullable=False, default=0),
    Column("error_code", String),
    Column("error_message", Text),
)
