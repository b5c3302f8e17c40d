"""Caps and targets of a team: how many new items `assign` hands out a day per agent and
per team, and the calls the team aims at per day and week (the lead's monitor shows them
against the actual calls). "None" (the lowest value) means no cap / no target."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QPushButton, QSpinBox, QWidget

from app.services.campaign_loop import CampaignLoopService
from ui.loop_page import LoopPage
from ui.tasks import TaskManager
from wire import campaign_loop as w

FIELDS = ("agent_daily_cap", "team_daily_cap", "day_target", "week_target")


class TargetsPage(LoopPage):
    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.setObjectName("targetsPage")
        self.field_label.setText(self.tr("&Team:"))
        self.campaign.setObjectName("teamName")
        self.campaign.setPlaceholderText(self.tr("Team name"))
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        names = {"agent_daily_cap": self.tr("New items a day per agent (&cap):"),
                 "team_daily_cap": self.tr("New items a day for the tea&m (cap):"),
                 "day_target": self.tr("Calls a &day (target):"),
                 "week_target": self.tr("Calls a &week (target):")}
        for f in FIELDS:
            spin = QSpinBox(self)
            spin.setObjectName(f)
            spin.setRange(-1, 1_000_000)
            spin.setSpecialValueText(self.tr("none"))
            spin.setValue(-1)
            self.spins[f] = spin
            form.addRow(names[f], spin)
        self.body.addLayout(form)
        self.save_button = QPushButton(self.tr("&Save caps and targets"), self)
        self.save_button.clicked.connect(self.save)
        self.body.addWidget(self.save_button)
        self.body.addStretch(1)
        self._bind("save_targets", self.save)

    def team(self) -> str:
        return self.campaign.text().strip()

    def refresh(self) -> None:
        team = self.team()
        if not team:
            self.say(self.tr("Enter a team name."), error=True)
            return
        self.run(lambda: self.service.targets(team), self._show)

    def _show(self, t: w.TeamTargets) -> None:
        for f in FIELDS:
            value = getattr(t, f)
            self.spins[f].setValue(-1 if value is None else value)
        self.say(self.tr("The team's caps and targets."))

    def values(self) -> w.TeamTargets:
        return w.TeamTargets.model_validate(
            {f: (None if self.spins[f].value() < 0 else self.spins[f].value()) for f in FIELDS})

    def save(self) -> None:
        team = self.team()
        if not team:
            self.say(self.tr("Enter a team name."), error=True)
            return
        body = self.values()

        def done(t: w.TeamTargets) -> None:
            self._show(t)
            self.say(self.tr("Saved: the next assign and the lead's monitor use them."))

        self.run(lambda: self.service.set_targets(team, body), done)


Page = TargetsPage  # the shape h6's window builds: Page(service, tasks, parent=None)
