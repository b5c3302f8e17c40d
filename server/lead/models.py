"""Tables of the team lead's workspace (migration 0005).

The monitor must stay fast as call_outcomes grows to millions of rows, so it never scans
that table: every outcome also adds one to two small roll-ups in the same transaction
(server.lead.stats), keyed so that "today" and "this campaign" are a handful of rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server import models as m
from server.models import Base


class StatsAgentHour(Base):
    """Calls per agent, campaign, disposition and clock hour (UTC, truncated)."""

    __tablename__ = "stats_agent_hour"
    __table_args__ = (Index("ix_stats_agent_hour_hour", "hour"),)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    disposition: Mapped[str] = mapped_column(String(32), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    talk_seconds: Mapped[int] = mapped_column(Integer, default=0)


class StatsCampaign(Base):
    """Calls per campaign, agent, customer value tier, offer ("" = none) and disposition,
    all time: what the campaign figures by tier and by offer are summed from."""

    __tablename__ = "stats_campaign"
    campaign_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    value_tier: Mapped[str] = mapped_column(String(4), primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    disposition: Mapped[str] = mapped_column(String(32), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)


class UserSeen(Base):
    """When each desktop last synced (pull, push or long poll), written at most once a
    minute per user (server.lead.seen), so it costs nothing on the hot path."""

    __tablename__ = "user_seen"
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_seen_at: Mapped[datetime]
    # The cursor of the user's last pull, written with last_seen_at (so a lower bound of
    # the desktop's own): the change feed is compacted only behind it (server.retention).
    pull_cursor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class QueueHold(Base):
    """A team lead's pause of an agent's queue (one row per agent; the history is in the
    audit log)."""

    __tablename__ = "queue_holds"
    agent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(36))
    changed_at: Mapped[datetime]


class OutcomeConflict(Base):
    """Sync rule 4b: two agents recorded outcomes for one queue item within a day (e.g. one
    was offline when the item was reassigned). Both outcomes are kept; the later one is
    flagged here for the team lead."""

    __tablename__ = "outcome_conflicts"
    __table_args__ = (Index("ix_outcome_conflicts_at", "at"),)
    outcome_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    earlier_outcome_id: Mapped[str] = mapped_column(String(64))
    queue_item_id: Mapped[str] = mapped_column(String(36))
    agent_id: Mapped[str] = mapped_column(String(36), index=True)
    other_agent_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime]


# The monitor's two lookups on existing tables: an agent's last call today, and the
# do-not-call flags of the day (both bounded by time, never by the size of history).
Index("ix_call_outcomes_agent_created", m.CallOutcome.agent_id, m.CallOutcome.created_at)
Index("ix_dnc_entries_created", m.DncEntry.created_at)
