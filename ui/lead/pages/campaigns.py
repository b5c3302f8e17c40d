"""The lead's second tab: each campaign's progress and results, and the way into
rebalancing one of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui import i18n, labels
from ui.lead.pages.common import keep_selection, make_table, pct, selected
from ui.lead.pages.survey_figures import SurveyFiguresBox
from ui.lead.table import Column, TableModel
from wire.lead import CampaignRow, Monitor


class CampaignsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.campaign_model: TableModel[CampaignRow] = TableModel(self._columns(), self)
        self.campaign_view = make_table(self.campaign_model, "campaignTable", self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        self.rebalance_button = QPushButton(self.tr("&Rebalance campaign..."), self)
        row.addWidget(self.rebalance_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.campaign_view, 1)
        # a survey campaign's answers, per campaign / region / agent (the chosen campaign)
        self.survey = SurveyFiguresBox(self)
        lay.addWidget(self.survey)
        self.campaign_view.selectionModel().selectionChanged.connect(
            lambda *_: self.survey.show_campaign(self.selected_campaign_id()))

    def show_monitor(self, mon: Monitor, *, first: bool) -> None:
        keep_selection(self.campaign_view, self.campaign_model,
                       lambda: self.campaign_model.set_rows(mon.campaigns),
                       key=lambda r: r.campaign_id)
        if first:
            self.campaign_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def selected_campaign_id(self) -> str | None:
        rows = selected(self.campaign_view, self.campaign_model)
        return rows[0].campaign_id if rows else None

    def _columns(self) -> list[Column[CampaignRow]]:
        def tiers(r: CampaignRow) -> str:
            return "  ".join(f"{t} {pct(v.rate)}" for t, v in sorted(r.by_tier.items())
                             if v.d)

        def offers(r: CampaignRow) -> str:
            best = sorted(r.by_offer.items(), key=lambda kv: -(kv[1].rate or 0))
            return "  ".join(f"{code} {pct(v.rate)}" for code, v in best if v.d)

        def mix(r: CampaignRow) -> str:
            names = labels.dispositions()
            top = sorted(r.outcome_mix.items(), key=lambda kv: -kv[1])[:3]
            return ", ".join(f"{names.get(d, d.value)} {n}" for d, n in top)

        return [
            Column(self.tr("Campaign"),
                   lambda r: f"{r.code} · {r.name_zh if i18n.is_chinese() else r.name}"),
            Column(self.tr("Worked"), lambda r: f"{r.worked} / {r.total}",
                   key=lambda r: r.worked / r.total if r.total else 0, numeric=True),
            Column(self.tr("Calls"), lambda r: str(r.calls), key=lambda r: r.calls,
                   numeric=True),
            Column(self.tr("Connect rate"), lambda r: pct(r.connect_rate),
                   key=lambda r: r.connect_rate, numeric=True),
            Column(self.tr("Sales (confirmed)"), lambda r: str(r.successes),
                   key=lambda r: r.successes, numeric=True),
            Column(self.tr("Success rate"), lambda r: pct(r.success_rate),
                   key=lambda r: r.success_rate, numeric=True,
                   tip=lambda r: self.tr("Confirmed sales of reached calls")),
            Column(self.tr("Awaiting verification"), lambda r: str(r.sales_awaiting),
                   key=lambda r: r.sales_awaiting, numeric=True),
            Column(self.tr("Reversed"), lambda r: str(r.sales_reversed),
                   key=lambda r: r.sales_reversed, numeric=True,
                   tip=lambda r: self.tr("Sales the verification reversed: denied, cancelled "
                                         "or wrong details")),
            Column(self.tr("Renewal rate"), lambda r: pct(r.renewal_rate),
                   key=lambda r: r.renewal_rate, numeric=True,
                   tip=lambda r: self.tr("%1 of %2 trials kept past their end; cancelled "
                                         "within the trial %3, after it %4")
                   .replace("%1", str(r.trials_kept)).replace("%2", str(r.trials_ended))
                   .replace("%3", str(r.cancelled_within_trial))
                   .replace("%4", str(r.cancelled_after_trial))),
            Column(self.tr("Packs kept"), lambda r: str(r.packs_kept),
                   key=lambda r: r.packs_kept, numeric=True),
            Column(self.tr("Success by tier"), tiers),
            Column(self.tr("Success by offer"), offers),
            Column(self.tr("Outcome mix"), mix),
        ]
