"""ORM tables of the sync server (SQLAlchemy 2, typed). String uuid4 primary keys.

Append-only by convention and by code path (no update or delete is ever issued):
call_outcomes, audit_log, sync_changes, queue_assignments, client_actions.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def new_id() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC on every backend, always handed back timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # No foreign key: users.team_id already points the other way (no cycle to resolve).
    lead_user_id: Mapped[str | None] = mapped_column(String(36), index=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class AuthToken(Base):
    __tablename__ = "auth_tokens"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class Campaign(Base):
    __tablename__ = "campaigns"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    window_start: Mapped[time] = mapped_column(Time)
    window_end: Mapped[time] = mapped_column(Time)
    max_attempts: Mapped[int] = mapped_column(Integer)
    retry_spacing_minutes: Mapped[int] = mapped_column(Integer)
    max_calls_24h: Mapped[int] = mapped_column(Integer, default=3)
    max_calls_30d: Mapped[int] = mapped_column(Integer, default=10)
    allowed_dispositions: Mapped[list[Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Dialling (migration 0010; docs/telephony.md). Bounds: wire.schema.CampaignOut.
    dial_mode: Mapped[str] = mapped_column(String(16), default="preview",
                                           server_default="preview")
    progressive_delay_s: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    wrap_up_limit_s: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ring_timeout_s: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    transfer_target: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # 0012: calls are recorded (the script announces it first); a recording is kept this
    # many days past the customer's contract end (or the call, if later): two years.
    record_calls: Mapped[bool] = mapped_column(Boolean, default=False,
                                               server_default=text("false"))
    recording_retention_days: Mapped[int] = mapped_column(Integer, default=730,
                                                          server_default=text("730"))
    # 0015: what the calls are for (wire.schema.CampaignType; its outcomes: wire.calltypes)
    campaign_type: Mapped[str] = mapped_column(String(32), default="sales",
                                               server_default="sales")
    # 0017: calling windows per region and audience (wire.schema.CallingWindow), first
    # match wins; [] = window_start-window_end for everyone
    calling_windows: Mapped[list[Any]] = mapped_column(JSON, default=list,
                                                       server_default=text("'[]'"))


class Customer(Base):
    __tablename__ = "customers"
    # Free text is limited in graphemes by the import; 4 x the limit in code points holds
    # it (migration 0007).
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    external_id: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(400))
    phone: Mapped[str] = mapped_column(String(20), index=True)  # E.164
    # for the desktops' own lookups; no server query reads it, so no index (0023)
    phone_hash: Mapped[str] = mapped_column(String(64))
    region: Mapped[str] = mapped_column(String(400))
    timezone: Mapped[str] = mapped_column(String(64))
    star_level: Mapped[int] = mapped_column(Integer)
    vip: Mapped[bool] = mapped_column(Boolean)
    tenure_months: Mapped[int] = mapped_column(Integer)
    arpu_yuan: Mapped[float] = mapped_column(Float)
    plan_name: Mapped[str] = mapped_column(String(400))
    plan_minutes: Mapped[int] = mapped_column(Integer)
    plan_data_mb: Mapped[int] = mapped_column(Integer)
    usage: Mapped[list[Any]]
    contract_end: Mapped[date | None] = mapped_column(Date)
    handset: Mapped[str] = mapped_column(String(400), default="")
    network_gen: Mapped[str] = mapped_column(String(8), default="")
    value_added_services: Mapped[list[Any]]
    arrears_yuan: Mapped[float] = mapped_column(Float, default=0.0)
    credit_class: Mapped[str] = mapped_column(String(64), default="")
    preferred_channel: Mapped[str] = mapped_column(String(8), default="phone")
    complaints: Mapped[int] = mapped_column(Integer, default=0)
    value_score: Mapped[int] = mapped_column(Integer, default=0)
    value_tier: Mapped[str] = mapped_column(String(4), default="C")
    plan_fit: Mapped[str] = mapped_column(String(1), default="")
    lifecycle_stage: Mapped[str] = mapped_column(String(32), default="")
    consent_basis: Mapped[str] = mapped_column(String(800), default="")
    # Where a notice after the sale goes (migration 0020; '' = not known): the email
    # outbox (server/email_outbox.py) and the mail room's letters (server/aftersale/letters.py)
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    postal_address: Mapped[str] = mapped_column(String(800), default="", server_default="")
    # The day the customer left the network (from the billing import; churn model label).
    churned_on: Mapped[date | None] = mapped_column(Date)
    # --- 0019 (issue 22, script variants by segment): the fields variants' rules read ---
    age_band: Mapped[str] = mapped_column(String(16), default="", server_default=text("''"))
    district: Mapped[str] = mapped_column(String(400), default="", server_default=text("''"))
    community: Mapped[str] = mapped_column(String(400), default="", server_default=text("''"))
    broadband_mbps: Mapped[int | None] = mapped_column(Integer)
    # [{"since": "YYYY-MM-DD", "name": ...}] oldest first (import: one cell, fields.py)
    package_history: Mapped[list[Any]] = mapped_column(JSON, default=list,
                                                       server_default=text("'[]'"))
    # --- end of 0019's customer columns ---
    # -- issue 22 (migration 0018): big-customer tier ("" = none; server/planning/bigcust.py)
    # and the per-service monthly fees {service: [m1, m2, m3]}
    big_tier: Mapped[str] = mapped_column(String(16), default="", server_default="")
    service_fees: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict,
                                                         server_default=text("'{}'"))
    # 0024: the big customers (about 1 %), for the churn-task check after an import or a
    # plan (churn_tasks.open_for_warnings); only their rows are in it
    __table_args__ = (Index("ix_customers_big_tier", "big_tier",
                            postgresql_where=text("big_tier <> ''"),
                            sqlite_where=text("big_tier <> ''")),)


class Offer(Base):
    __tablename__ = "offers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    price_yuan: Mapped[float] = mapped_column(Float)
    term_months: Mapped[int] = mapped_column(Integer, default=0)
    selling_points: Mapped[str] = mapped_column(Text, default="")
    selling_points_zh: Mapped[str] = mapped_column(Text, default="")
    eligible_tiers: Mapped[list[Any]]
    priority: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 0014 (issue 21): the share of its sales a verifier confirms (1.0 = every sale,
    # drawn per call), and a free trial's length in days (0 = none).
    verify_ratio: Mapped[float] = mapped_column(Float, default=1.0, server_default=text("1.0"))
    trial_days: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class Script(Base):
    """Versioned: a new version is a new row; a row is never edited in place."""

    __tablename__ = "scripts"
    __table_args__ = (UniqueConstraint("campaign_id", "version"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    steps: Mapped[list[Any]]
    created_at: Mapped[datetime]
    # 0019: the variants by segment (wire.schema.ScriptVariant as JSON), tried in order
    variants: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class QueueItem(Base):
    __tablename__ = "queue_items"
    __table_args__ = (Index("ix_queue_items_agent_status", "agent_id", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_call_at: Mapped[datetime | None]
    callback_at: Mapped[datetime | None]
    recommendations: Mapped[list[Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class QueueAssignment(Base):
    """Every agent an item was ever assigned to (an outcome made offline before a
    reassignment still belongs to the agent who made the call)."""

    __tablename__ = "queue_assignments"
    __table_args__ = (Index("ix_queue_assignments_item_agent", "queue_item_id", "agent_id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    queue_item_id: Mapped[str] = mapped_column(ForeignKey("queue_items.id"))
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime]
    assigned_by: Mapped[str | None] = mapped_column(String(36))


class CallOutcome(Base):
    """One call as the agent recorded it. id is the client's action id. Append-only."""

    __tablename__ = "call_outcomes"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    queue_item_id: Mapped[str] = mapped_column(ForeignKey("queue_items.id"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    disposition: Mapped[str] = mapped_column(String(32))
    objection: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    offer_id: Mapped[str | None] = mapped_column(ForeignKey("offers.id"))
    script_id: Mapped[str | None] = mapped_column(String(36))
    script_version: Mapped[int | None] = mapped_column(Integer)
    # 0019: the script variant read ("" the default; NULL: before 0019 or an older desktop)
    script_variant: Mapped[str | None] = mapped_column(String(64))
    steps_taken: Mapped[list[Any]]
    disclosures_ticked: Mapped[list[Any]]
    call_started_at: Mapped[datetime | None]  # server time (desktop clock + its offset)
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)
    wrap_seconds: Mapped[int] = mapped_column(Integer, default=0)
    callback_at: Mapped[datetime | None]
    created_at: Mapped[datetime]  # server time (desktop clock + its offset); figures use it
    received_at: Mapped[datetime]  # server clock
    # 0008: the desktop's own clock as sent, the offset it measured, and the disclosure
    # ticks with their (server) times. NULL / [] for calls stored before.
    client_created_at: Mapped[datetime | None]
    client_call_started_at: Mapped[datetime | None]
    clock_offset_seconds: Mapped[float | None] = mapped_column(Float)
    disclosure_ticks: Mapped[list[Any]] = mapped_column(JSON, default=list,
                                                        server_default=text("'[]'"))


class DncEntry(Base):
    __tablename__ = "dnc_entries"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16))  # agent / registry / admin
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]


class AgentState(Base):
    """Presence changes an agent's desktop reported (paused for a break, on a call, ...).
    id is the client's action id; append-only, so the team lead can compute lengths."""

    __tablename__ = "agent_states"
    __table_args__ = (Index("ix_agent_states_agent_at", "agent_id", "at"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16))  # available / paused / on_call / wrap_up
    reason: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime]  # client clock: when the agent changed state
    received_at: Mapped[datetime]  # server clock


class ClientAction(Base):
    """The stored answer to every pushed action id: replays get exactly this back."""

    __tablename__ = "client_actions"
    action_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]


class SyncChange(Base):
    """The change feed. user_id NULL = visible to everyone. See server.changes."""

    __tablename__ = "sync_changes"
    __table_args__ = (Index("ix_sync_changes_user_seq", "user_id", "seq"),)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[datetime]
    # The desktop whose push made the change ("<user id>/<device id>"; NULL: any other
    # writer): that desktop's pulls leave the row out, it got the state in the push answer.
    origin: Mapped[str | None] = mapped_column(String(110))


class ServerState(Base):
    """A single row (id=1): this database's generation (renewed when it is restored from a
    backup, `callsheet-server mark-restored`) and how far the feed was compacted (rows up
    to `compacted_through` may be gone). Both travel with every pull (server.sync)."""

    __tablename__ = "server_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[str] = mapped_column(String(36))
    compacted_through: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncCounter(Base):
    """A single row (id=1) holding the last seq handed out."""

    __tablename__ = "sync_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
