"""The verifier's client core (回访, issue 21): the open items and their outcomes, online.

No Qt here: the window calls these through the TaskManager (network pool). A verifier
works on the server's data like a lead or a checker; an outcome carries a client-made
action id that the caller keeps until the server answered, so a retry after a lost answer
is the same outcome once (the server answers the replay `duplicate`).
"""

from __future__ import annotations

import uuid

from app.api_client import ApiClient
from wire.aftersale import (
    VerificationAnswer,
    VerificationItem,
    VerificationList,
    VerificationOutcome,
    VerificationOutcomeIn,
)

V = "/api/v1/verification/items"


def new_action_id() -> str:
    return str(uuid.uuid4())


class VerificationService:
    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def items(self, limit: int = 200) -> VerificationList:
        return self.client.get_model(V, VerificationList, limit=limit)

    def item(self, item_id: str) -> VerificationItem:
        return self.client.get_model(f"{V}/{item_id}", VerificationItem)

    def record(self, item_id: str, outcome: VerificationOutcome, notes: str,
               action_id: str) -> VerificationAnswer:
        body = VerificationOutcomeIn(action_id=action_id, outcome=outcome, notes=notes)
        return self.client.post_model(f"{V}/{item_id}/outcome", body, VerificationAnswer)
