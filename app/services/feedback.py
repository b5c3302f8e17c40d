"""The agent's quality feedback: fetched when online, the last answer kept in the local
database so it still shows offline. No Qt here."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from app.api_client import ApiClient
from app.errors import CallsheetError
from app.store import repo
from wire.quality import FeedbackList

log = logging.getLogger(__name__)
CACHE_KEY = "quality_feedback"


class FeedbackService:
    def __init__(self, client: ApiClient, engine: Engine) -> None:
        self.client = client
        self.engine = engine
        self.offline = False  # the last fetch answered from the local copy

    def cached(self) -> FeedbackList | None:
        with self.engine.connect() as conn:
            raw = repo.get_meta(conn, CACHE_KEY)
        if not raw:
            return None
        try:
            return FeedbackList.model_validate_json(raw)
        except ValueError:
            return None

    def fetch(self) -> FeedbackList:
        """The server's answer (stored for offline use); the cached one when the server
        cannot be reached, re-raising only when there is nothing cached."""
        try:
            fresh = self.client.get_model("/api/v1/feedback", FeedbackList)
        except CallsheetError:
            cached = self.cached()
            if cached is None:
                raise
            log.info("feedback: server unreachable, showing the cached list")
            self.offline = True
            return cached
        with self.engine.begin() as conn:
            repo.set_meta(conn, CACHE_KEY, fresh.model_dump_json())
        self.offline = False
        return fresh
