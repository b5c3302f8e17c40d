"""Wire models of the account managers' cause-analysis tasks (原因分析, issue 22).

GET  /churn-tasks?status=open|closed|all   -> list[ChurnTaskOut]  (a manager: their own;
                                              an admin: every task)
POST /churn-tasks/{task_id}/close  ChurnTaskClose -> ChurnTaskOut  (the task's manager or
                                              an admin; once; audited churn_task.close)
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wire.bounds import Text

Cause = Literal["spend", "fee"]
TaskStatus = Literal["open", "closed"]


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ChurnTaskOut(Model):
    id: str
    external_id: str
    customer_name: str
    big_tier: str = ""  # diamond ... crystal, "" = an owned customer without a tier
    value_tier: str = ""
    cause: Cause  # spend: the spend-drop rule; fee: the big customers' fee rule
    manager: str = ""  # username; "" = no account manager (admins take it)
    status: TaskStatus
    opened_at: datetime
    due_at: datetime
    overdue: bool = False  # open past its due time (server time)
    detail: dict[str, Any] = Field(default_factory=dict)  # the drops that warned
    finding: str = ""
    closed_at: datetime | None = None
    closed_by: str = ""


class ChurnTaskClose(Model):
    # the cause found and the measures (the manager's 原因分析报告)
    finding: Annotated[Text, Field(min_length=1, max_length=4000)]
