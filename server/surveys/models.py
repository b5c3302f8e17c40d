"""The survey answers table (migration 0015). Append-only like the call records it belongs
to: the database refuses an UPDATE or DELETE (the migration's triggers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models import Base


class SurveyAnswer(Base):
    """One answer of one survey call: a score 1-5 or free text. Region and agent are the
    call's, copied here so the roll-ups read this table alone."""

    __tablename__ = "survey_answers"
    outcome_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # call_outcomes.id
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(36), index=True)
    agent_id: Mapped[str] = mapped_column(String(36))
    region: Mapped[str] = mapped_column(String(400))
    score: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
