"""Approval (审批): the campaign's plans with their state; the selected plan is submitted
by one person and approved or rejected, with a comment, by another (the server refuses
the submitter, 409). Nothing is assigned before approval."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from app.services.campaign_loop import CampaignLoopService
from ui.loop_page import LoopPage, fill_table, make_table
from ui.tasks import TaskManager
from wire import campaign_loop as w


class ApprovalPage(LoopPage):
    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.setObjectName("approvalPage")
        self.plans: list[w.PlanStatus] = []
        self.table = make_table(self, "planTable")
        self.comment = QLineEdit(self)
        self.comment.setObjectName("reviewComment")
        self.comment.setPlaceholderText(self.tr("Comment (a rejection must say why)"))
        self.submit_button = QPushButton(self.tr("&Submit for approval"), self)
        self.approve_button = QPushButton(self.tr("A&pprove"), self)
        self.reject_button = QPushButton(self.tr("Re&ject"), self)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(lambda: self.review(approve=True))
        self.reject_button.clicked.connect(lambda: self.review(approve=False))
        row = QHBoxLayout()
        row.addWidget(self.comment, 1)
        for b in (self.submit_button, self.approve_button, self.reject_button):
            row.addWidget(b)
        self.body.addWidget(self.table, 1)
        self.body.addLayout(row)
        self._bind("submit_plan", self.submit)
        self._bind("approve_plan", lambda: self.review(approve=True))
        self._bind("reject_plan", lambda: self.review(approve=False))

    def states(self) -> dict[str, str]:
        return {"draft": self.tr("Draft"), "submitted": self.tr("Submitted"),
                "approved": self.tr("Approved"), "rejected": self.tr("Rejected")}

    def refresh(self) -> None:
        code = self.code_or_ask()
        if not code:
            return
        self.run(lambda: self.service.plans(code), self._show)

    def _show(self, plans: list[w.PlanStatus]) -> None:
        self.plans = plans
        names = self.states()
        fill_table(self.table, [
            self.tr("Planned at"), self.tr("By"), self.tr("Targets"), self.tr("Not assigned"),
            self.tr("State"), self.tr("Submitted by"), self.tr("Reviewed by"),
            self.tr("Comment")],
            [[p.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), p.created_by, p.targets,
              p.planned, names.get(p.status, p.status), p.submitted_by, p.reviewed_by,
              p.comment or p.note] for p in plans])
        self.say(self.tr("%n plan(s).", "", len(plans)) if plans
                 else self.tr("No plans yet: plan the campaign first."))

    def selected(self) -> w.PlanStatus | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.plans):
            return self.plans[row]
        self.say(self.tr("Select a plan first."), error=True)
        return None

    def submit(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        note = self.comment.text().strip()
        self.run(lambda: self.service.submit(plan.plan_id, note), self._done)

    def review(self, *, approve: bool) -> None:
        plan = self.selected()
        if plan is None:
            return
        comment = self.comment.text().strip()
        if not approve and not comment:
            self.say(self.tr("Say why in the comment before rejecting."), error=True)
            self.comment.setFocus()
            return
        self.run(lambda: self.service.review(plan.plan_id, approve=approve, comment=comment),
                 self._done)

    def _done(self, status: w.PlanStatus) -> None:
        self.comment.clear()
        self.refresh()
        self.say(self.tr("The plan is now: %1").replace("%1", self.states()[status.status]))


Page = ApprovalPage  # the shape h6's window builds: Page(service, tasks, parent=None)
