"""The script editor's sample customer (issue 22): the fields a script's variants are
chosen by, the variant they choose (wire.variants, the desktop's own rule) and the agent's
view of its steps. Every field has a key (Alt+G age band, Alt+R region, Alt+W network,
Alt+I plan fit, Alt+B broadband)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain import RenderedStep
from ui import i18n
from ui.script_view import ScriptView
from wire.schema import CustomerOut, ScriptOut, ScriptStep, ScriptVariant
from wire.variants import choose_variant

Render = Callable[[list[dict[str, Any]]], list[RenderedStep]]


def rule_text(v: ScriptVariant) -> str:
    """A variant's rule in one line, as the When: lines say it."""
    w = v.when
    parts = [f"age {w.age}" if w.age else "", f"region {w.region}" if w.region else "",
             f"district {', '.join(w.district)}" if w.district else "",
             f"network {', '.join(w.network)}" if w.network else "",
             f"plan_fit {', '.join(w.plan_fit)}" if w.plan_fit else "",
             f"tier {', '.join(w.tier)}" if w.tier else "",
             f"broadband {w.broadband}" if w.broadband else ""]
    return "; ".join(p for p in parts if p)


class SamplePreview(QWidget):
    def __init__(self, render: Render, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._render = render
        self.steps: list[dict[str, Any]] = []
        self.variants: list[ScriptVariant] = []
        self.age = QLineEdit("65+", self)
        self.region = QLineEdit("广东省 广州市", self)
        self.network = QComboBox(self)
        self.network.addItems(["", "2G", "3G", "4G", "5G"])
        self.network.setCurrentText("4G")
        self.plan_fit = QComboBox(self)
        self.plan_fit.addItems(["", "A", "B", "C", "D"])
        self.plan_fit.setCurrentText("B")
        self.broadband = QLineEdit("", self)
        self.broadband.setPlaceholderText(self.tr("Mbit/s"))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (text, w) in enumerate((
                (self.tr("A&ge band:"), self.age), (self.tr("&Region:"), self.region),
                (self.tr("Net&work:"), self.network), (self.tr("Plan f&it:"), self.plan_fit),
                (self.tr("&Broadband:"), self.broadband))):
            label = QLabel(text, self)
            label.setBuddy(w)
            grid.addWidget(label, n // 3, (n % 3) * 2)
            grid.addWidget(w, n // 3, (n % 3) * 2 + 1)
        self.chosen = QLabel(self)
        self.chosen.setObjectName("variantChosen")
        self.chosen.setWordWrap(True)
        self.view = ScriptView(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QLabel(self.tr("Sample customer (variants are chosen by these fields):"), self)
        lay.addWidget(head)
        lay.addLayout(grid)
        lay.addWidget(self.chosen)
        lay.addWidget(self.view, 1)
        for edit in (self.age, self.region, self.broadband):
            edit.textChanged.connect(lambda _t: self.update_preview())
        for combo in (self.network, self.plan_fit):
            combo.currentIndexChanged.connect(lambda _i: self.update_preview())

    def set_script(self, steps: list[dict[str, Any]], variants: list[dict[str, Any]]) -> None:
        self.steps = steps
        self.variants = [ScriptVariant.model_validate(v) for v in variants]
        self.update_preview()

    def sample(self) -> CustomerOut:
        bb = self.broadband.text().strip()
        return CustomerOut(
            id="sample", external_id="sample", name="Wang Fang", phone="+8613800000000",
            region=self.region.text().strip(), timezone="Asia/Shanghai", star_level=3,
            vip=False, tenure_months=24, arpu_yuan=58.0, plan_name="4G Smart 58",
            plan_minutes=300, plan_data_mb=3072, network_gen=self.network.currentText(),
            plan_fit=self.plan_fit.currentText(),  # type: ignore[arg-type]
            age_band=self.age.text().strip(),
            broadband_mbps=int(bb) if bb.isdigit() else None)

    def choice(self) -> ScriptVariant | None:
        script = ScriptOut(id="", campaign_id="", version=0, title="",
                           steps=[ScriptStep.model_validate(s) for s in self.steps],
                           variants=self.variants)
        return choose_variant(script, self.sample())

    def update_preview(self) -> None:
        v = self.choice()
        zh = i18n.is_chinese()
        if not self.variants:
            text = self.tr("This script has no variants: every customer hears these steps.")
        elif v is None:
            text = self.tr("Read to this sample: the default steps (no variant's rule "
                           "holds).")
        else:
            text = self.tr("Read to this sample: variant %1 (%2).").replace(
                "%1", (v.title_zh or v.title) if zh else v.title).replace("%2", rule_text(v))
        if self.variants:
            order = "; ".join(f"{n}. {x.key}: {rule_text(x)}"
                              for n, x in enumerate(self.variants, start=1))
            text += "\n" + self.tr("Variants in order (first match): %1").replace("%1", order)
        self.chosen.setText(text)
        self.view.show_steps(self._render([s.model_dump() for s in v.steps] if v is not None
                                         else self.steps))
