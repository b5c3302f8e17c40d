"""Pilot (试呼): a named small share of an approved plan's targets on chosen agents; the
report (reached, success, objections, average talk, QA scores) and the decision go /
change / stop before the rest is assigned. Success counts the sales verification
confirmed; those awaiting it and those it reversed stand beside it, in the table and in
the line above the decision buttons (the selected pilot's)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.services.campaign_loop import CampaignLoopService
from ui import labels
from ui.loop_page import LoopPage, fill_table, make_table
from ui.tasks import TaskManager
from wire import campaign_loop as w


class PilotPage(LoopPage):
    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.setObjectName("pilotPage")
        self.plan_id = ""
        self.reports: list[w.PilotReport] = []
        self.name = QLineEdit(self)
        self.name.setObjectName("pilotName")
        self.name.setPlaceholderText(self.tr("e.g. Pilot 1: two senior agents, 14:00-16:00"))
        self.agents = QLineEdit(self)
        self.agents.setObjectName("pilotAgents")
        self.agents.setPlaceholderText(self.tr("usernames, separated by commas"))
        self.share = QDoubleSpinBox(self)
        self.share.setObjectName("pilotShare")
        self.share.setDecimals(0)
        self.share.setRange(1, 50)
        self.share.setValue(5)
        self.share.setSuffix(" %")
        self.start_button = QPushButton(self.tr("Start the &pilot"), self)
        self.start_button.clicked.connect(self.start)
        form = QFormLayout()
        form.addRow(self.tr("Pilot na&me:"), self.name)
        form.addRow(self.tr("Ag&ents:"), self.agents)
        form.addRow(self.tr("&Share of the plan:"), self.share)
        self.body.addLayout(form)
        self.body.addWidget(self.start_button)
        self.table = make_table(self, "pilotTable")
        self.table.itemSelectionChanged.connect(self._selected)
        self.body.addWidget(self.table, 1)
        self.sales = QLabel(self)
        self.sales.setObjectName("pilotSales")
        self.sales.setWordWrap(True)
        self.body.addWidget(self.sales)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("decisionComment")
        self.comment.setPlaceholderText(self.tr("Comment on the decision"))
        self.go_button = QPushButton(self.tr("&Go"), self)
        self.change_button = QPushButton(self.tr("Cha&nge"), self)
        self.stop_button = QPushButton(self.tr("S&top"), self)
        row = QHBoxLayout()
        row.addWidget(self.comment, 1)
        for b, d in ((self.go_button, "go"), (self.change_button, "change"),
                     (self.stop_button, "stop")):
            row.addWidget(b)
            b.clicked.connect(lambda _=False, d=d: self.decide(d))
        self.body.addLayout(row)
        self._bind("start_pilot", self.start)
        self._bind("pilot_go", lambda: self.decide("go"))
        self._bind("pilot_change", lambda: self.decide("change"))
        self._bind("pilot_stop", lambda: self.decide("stop"))

    def decisions(self) -> dict[str, str]:
        return {"go": self.tr("Go"), "change": self.tr("Change"), "stop": self.tr("Stop")}

    def refresh(self) -> None:
        """The newest approved plan of the campaign and its pilots."""
        code = self.code_or_ask()
        if not code:
            return

        def load() -> tuple[str, list[w.PilotReport]]:
            plans = [p for p in self.service.plans(code) if p.status == "approved"]
            if not plans:
                return "", []
            return plans[0].plan_id, self.service.pilots(plans[0].plan_id)

        self.run(load, self._show)

    def _show(self, answer: tuple[str, list[w.PilotReport]]) -> None:
        self.plan_id, self.reports = answer
        names = self.decisions()
        fill_table(self.table, [
            self.tr("Pilot"), self.tr("Agents"), self.tr("Items"), self.tr("Called"),
            self.tr("Reached"), self.tr("Success\n(confirmed)"),
            self.tr("Awaiting\nverification"), self.tr("Reversed"), self.tr("Objections"),
            self.tr("Average talk (s)"), self.tr("QA average"), self.tr("Decision"),
            self.tr("Comment")],
            [[r.name, ", ".join(r.agents), r.items, r.called, r.reached, r.success,
              r.sales_awaiting, r.sales_reversed,
              _objections(r.objections),
              f"{r.average_talk_seconds:.0f}",
              "–" if r.qa_average is None else f"{r.qa_average:.1f} ({r.qa_scored})",
              names.get(r.decision or "", self.tr("Waiting")), r.comment]
             for r in self.reports])
        self._selected()
        if not self.plan_id:
            self.say(self.tr("No approved plan: a pilot needs an approved plan."), error=True)
        else:
            self.say(self.tr("%n pilot(s) of the newest approved plan.", "", len(self.reports)))

    def selected(self) -> w.PilotReport | None:
        row = self.table.currentRow()
        return self.reports[row] if 0 <= row < len(self.reports) else None

    def _selected(self) -> None:
        """The selected pilot's sales as they stand after verification, beside the
        decision: only confirmed sales are success."""
        r = self.selected()
        self.sales.setText("" if r is None else self.tr(
            "%1: %2 sales confirmed by verification (of %3 customers reached); %4 awaiting "
            "verification, %5 reversed by it.")
            .replace("%1", r.name).replace("%2", str(r.success)).replace("%3", str(r.reached))
            .replace("%4", str(r.sales_awaiting)).replace("%5", str(r.sales_reversed)))

    def start(self) -> None:
        code, name = self.code(), self.name.text().strip()
        agents = [a.strip() for a in self.agents.text().split(",") if a.strip()]
        if not (self.plan_id and name and agents):
            self.say(self.tr("Load an approved plan, then name the pilot and its agents."),
                     error=True)
            return
        share, plan_id = self.share.value() / 100, self.plan_id
        self.run(lambda: self.service.start_pilot(code, plan_id=plan_id, name=name,
                                                  agents=agents, share=share),
                 lambda r: self.refresh())

    def decide(self, decision: str) -> None:
        r = self.selected()
        if r is None:
            self.say(self.tr("Select a pilot first."), error=True)
            return
        pilot_id, comment = r.pilot_id, self.comment.text().strip()
        self.run(lambda: self.service.decide(pilot_id, decision, comment), self._decided)

    def _decided(self, report: w.PilotReport) -> None:
        self.comment.clear()
        self.refresh()


Page = PilotPage  # the shape h6's window builds: Page(service, tasks, parent=None)


def _objections(counts: dict[str, int]) -> str:
    """The report's objections by their labels (the agent's own terms), codes the desktop
    does not know as they came."""
    names = {o.value: text for o, text in labels.objections().items()}
    return ", ".join(f"{names.get(k, k)} {v}" for k, v in counts.items())
