"""The recordings table (migration 0012). The audio itself is a file in the recordings
directory (`server.recordings.store.recordings_dir`); `path` is relative to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models import Base


class CallRecording(Base):
    """One recording per call, never replaced or altered: its SHA-256 is the desktop's,
    computed when the file was made, and checked when the last byte arrives."""

    __tablename__ = "call_recordings"
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(36))
    campaign_id: Mapped[str] = mapped_column(String(36), index=True)
    path: Mapped[str] = mapped_column(String(200))  # relative to the recordings directory
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    received_bytes: Mapped[int] = mapped_column(BigInteger)
    duration_seconds: Mapped[float] = mapped_column(Float)
    sha256: Mapped[str] = mapped_column(String(64))
    complete: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    retention_until: Mapped[date] = mapped_column(Date, index=True)
