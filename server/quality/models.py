"""Tables of the quality workspace. Scores and annotations are append-only (the
migration adds database triggers that refuse UPDATE and DELETE, as on call_outcomes);
claims are working state and do change (open -> submitted / released / expired)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models import Base, new_id


class QaRubric(Base):
    """Versioned: a change is a new row; scores name the version they used."""

    __tablename__ = "qa_rubrics"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, unique=True)
    criteria: Mapped[list[Any]]
    critical: Mapped[list[Any]]
    pass_mark: Mapped[float] = mapped_column(Float)
    scale_max: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]


class QaChecker(Base):
    """What a quality checker may do beyond the role: see full numbers, which teams.
    No row: numbers masked, every team."""

    __tablename__ = "qa_checkers"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    may_see_numbers: Mapped[bool] = mapped_column(Boolean, default=False)
    team_ids: Mapped[list[Any]]  # empty: every team
    updated_by: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime]


class QaSample(Base):
    __tablename__ = "qa_samples"
    __table_args__ = (Index("ix_qa_samples_day_agent", "day", "agent_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), unique=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    stratum: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]


class QaClaim(Base):
    __tablename__ = "qa_claims"
    __table_args__ = (Index("ix_qa_claims_checker_state", "checker_id", "state"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sample_id: Mapped[str] = mapped_column(ForeignKey("qa_samples.id"), index=True)
    checker_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16))  # open / submitted / released / expired
    claimed_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class QaScore(Base):
    __tablename__ = "qa_scores"
    __table_args__ = (UniqueConstraint("sample_id", "checker_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sample_id: Mapped[str] = mapped_column(ForeignKey("qa_samples.id"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    checker_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    rubric_id: Mapped[str] = mapped_column(ForeignKey("qa_rubrics.id"))
    total: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    critical: Mapped[list[Any]]
    criteria: Mapped[list[Any]]
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime]


class QaAnnotation(Base):
    """A note beside a call record; the record itself is never changed."""

    __tablename__ = "qa_annotations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class QaCoachingTask(Base):
    __tablename__ = "qa_coaching_tasks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), unique=True)
    score_id: Mapped[str] = mapped_column(ForeignKey("qa_scores.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime]


class QaRecording(Base):
    """The audio of a call, stored once; a second upload for the same call is refused."""

    __tablename__ = "qa_recordings"
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str | None] = mapped_column(String(36))
    uploaded_at: Mapped[datetime]
