"""Cause-analysis tasks (原因分析, issue 22): each churn warning on an owned or big customer
opens one for the customer's account manager, due by the big-customer tier's response
time. The list is the server's (GET /churn-tasks: a manager's own, an admin's every task);
the selected task is closed with the finding (the cause and the measures), once.

One widget for both windows that show it: the campaign manager's (page Ctrl+R; its apply
key Ctrl+Shift+Enter closes the task too) and the team lead's (tab Ctrl+4; a lead sees
the tasks of the customers they manage, the server's SELF scope)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from app.services.campaign_loop import CampaignLoopService
from ui.loop_page import LoopPage, fill_table, make_table
from ui.tasks import TaskManager
from wire import churn_tasks as wt

STATUSES = ("open", "closed", "all")


class ChurnTasksPage(LoopPage):
    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.setObjectName("churnTasksPage")
        self.field_label.hide()
        self.campaign.hide()
        self.load_button.hide()  # the filter loads; F5 too
        self.rows: list[wt.ChurnTaskOut] = []
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("taskStatus")
        for key, text in zip(STATUSES, (self.tr("Open tasks"), self.tr("Closed tasks"),
                                        self.tr("All tasks")), strict=True):
            self.status_filter.addItem(text, key)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        show = QLabel(self.tr("Sho&w:"), self)
        show.setBuddy(self.status_filter)
        top.addWidget(show)
        top.addWidget(self.status_filter)
        top.addStretch(1)
        self.body.insertLayout(0, top)
        self.table = make_table(self, "churnTasks")
        self.table.itemSelectionChanged.connect(self._selected)
        self.body.addWidget(self.table, 1)
        self.detail = QLabel(self)
        self.detail.setObjectName("taskDetail")
        self.detail.setWordWrap(True)
        self.body.addWidget(self.detail)
        label = QLabel(self.tr("F&inding (the cause and the measures):"), self)
        self.finding = QPlainTextEdit(self)
        self.finding.setObjectName("taskFinding")
        self.finding.setMaximumHeight(90)
        label.setBuddy(self.finding)
        self.body.addWidget(label)
        self.body.addWidget(self.finding)
        self.close_button = QPushButton(self.tr("C&lose the task with this finding"), self)
        self.close_button.clicked.connect(self.apply)
        self.body.addWidget(self.close_button)

    # ---------------------------------------------------------------- texts
    def _cause(self, cause: str) -> str:
        return {"spend": self.tr("Spend or use down"),
                "fee": self.tr("Service fees down")}.get(cause, cause)

    def _tier(self, tier: str) -> str:
        return {"diamond": self.tr("Diamond"), "emerald": self.tr("Emerald"),
                "platinum": self.tr("Platinum"), "gem": self.tr("Gem"),
                "gold": self.tr("Gold"), "crystal": self.tr("Crystal")}.get(tier, tier or "-")

    def _drops(self, t: wt.ChurnTaskOut) -> str:
        d: dict[str, Any] = t.detail
        if t.cause == "fee":
            service = {"voice": self.tr("voice"), "data": self.tr("data"),
                       "broadband": self.tr("broadband"), "tv": self.tr("TV"),
                       "vas": self.tr("value-added")}.get(str(d.get("fee_drop_service")), "")
            return (self.tr("one service %1 % (%2), all fees %3 %")
                    .replace("%1", _pct(d.get("fee_drop"))).replace("%2", service or "-")
                    .replace("%3", _pct(d.get("fee_total_drop"))))
        return (self.tr("spend %1 %, data %2 %, voice %3 %")
                .replace("%1", _pct(d.get("spend_drop"))).replace("%2", _pct(d.get("data_drop")))
                .replace("%3", _pct(d.get("voice_drop"))))

    # ---------------------------------------------------------------- data
    def refresh(self) -> None:
        status = str(self.status_filter.currentData() or "open")
        self.say(self.tr("Loading the tasks..."))
        self.run(lambda: self.service.churn_tasks(status), self.show_tasks)

    def show_tasks(self, rows: list[wt.ChurnTaskOut]) -> None:
        self.rows = rows
        heads = [self.tr("Customer"), self.tr("Name"), self.tr("Big-customer tier"),
                 self.tr("Value tier"), self.tr("Cause"), self.tr("Drops"),
                 self.tr("Account manager"), self.tr("Due"), self.tr("State"),
                 self.tr("Finding")]
        fill_table(self.table, heads, [
            [t.external_id, t.customer_name, self._tier(t.big_tier), t.value_tier,
             self._cause(t.cause), self._drops(t), t.manager or self.tr("(none: admins)"),
             t.due_at.astimezone().strftime("%Y-%m-%d %H:%M"),
             (self.tr("overdue") if t.overdue else self.tr("open")) if t.status == "open"
             else self.tr("closed"), t.finding] for t in rows])
        overdue = sum(1 for t in rows if t.overdue)
        self.say(self.tr("%1 tasks, %2 overdue.").replace("%1", str(len(rows)))
                 .replace("%2", str(overdue)))
        self._selected()

    def selected(self) -> wt.ChurnTaskOut | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _selected(self) -> None:
        t = self.selected()
        self.close_button.setEnabled(t is not None and t.status == "open")
        if t is None:
            self.detail.setText("")
            return
        self.detail.setText(self.tr("%1 (%2): %3; opened %4, due %5.")
                            .replace("%1", t.customer_name).replace("%2", t.external_id)
                            .replace("%3", self._drops(t))
                            .replace("%4", t.opened_at.astimezone().strftime("%Y-%m-%d %H:%M"))
                            .replace("%5", t.due_at.astimezone().strftime("%Y-%m-%d %H:%M")))

    def apply(self) -> None:
        t = self.selected()
        finding = self.finding.toPlainText().strip()
        if t is None or t.status != "open":
            self.say(self.tr("Choose an open task."), error=True)
            return
        if not finding:
            self.say(self.tr("Write the finding: the cause and the measures."), error=True)
            return

        def done(closed: wt.ChurnTaskOut) -> None:
            self.finding.clear()
            self.show_tasks([closed if r.id == closed.id else r for r in self.rows])
            self.say(self.tr("Closed with the finding (audited)."))

        self.run(lambda: self.service.close_churn_task(t.id, finding), done)


def _pct(value: Any) -> str:
    """A drop (0.211) as the change it is: "-21.1"; growth "+5.0"; none "0.0"."""
    try:
        change = -float(value) * 100
    except (TypeError, ValueError):
        return "-"
    return "0.0" if abs(change) < 0.05 else f"{change:+.1f}"


Page = ChurnTasksPage
