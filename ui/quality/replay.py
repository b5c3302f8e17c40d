"""The replay panel: the call record as a timeline with a play control.

Times between the start of the call and the hang-up are spread evenly over the talk
time: the desktop records the order of the script steps, not the second of each, and
the panel says so (those rows are marked "≈").
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.quality import TimelineEvent, build_timeline, duration
from ui import labels
from ui.quality import texts
from ui.quality.player import SPEEDS, AudioTrack, ReplayClock
from wire.quality import ReplayOut
from wire.schema import Disposition, Objection


def _local(at: datetime | None, tz: str = "") -> str:
    """In the customer's time zone when given (the calling window is set in it)."""
    if at is None:
        return "–"
    try:
        zone = ZoneInfo(tz) if tz else None
    except (KeyError, ValueError):
        zone = None
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


class ReplayPanel(QWidget):
    reveal_requested = Signal()
    annotate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replay: ReplayOut | None = None
        self.events: list[TimelineEvent] = []
        self.clock = ReplayClock(self)
        self.audio: AudioTrack | None = None
        self.header = QLabel(self)
        self.header.setObjectName("qaHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.reveal_button = QToolButton(self)
        self.reveal_button.setText(self.tr("Show number"))
        self.reveal_button.clicked.connect(self.reveal_requested)
        self.findings = QLabel(self)
        self.findings.setObjectName("qaFindings")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)

        self.timeline = QTreeWidget(self)
        self.timeline.setObjectName("qaTimeline")
        self.timeline.setHeaderLabels([self.tr("Time"), self.tr("Event"), self.tr("Detail")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setUniformRowHeights(True)
        head = self.timeline.header()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        self.timeline.itemActivated.connect(self._jump)
        self.timeline.itemClicked.connect(self._jump)

        self.play_button = QPushButton(self.tr("▶ Play"), self)
        self.play_button.setObjectName("primary")
        self.play_button.clicked.connect(self.clock.toggle)
        self.back_button = QToolButton(self)
        self.back_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaSkipBackward))
        self.back_button.setToolTip(self.tr("Step back one event"))
        self.back_button.clicked.connect(self.step_back)
        self.step_button = QToolButton(self)
        self.step_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaSkipForward))
        self.step_button.setToolTip(self.tr("Step to the next event"))
        self.step_button.clicked.connect(self.step)
        self.speed = QComboBox(self)
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setToolTip(self.tr("Replay speed"))
        self.speed.currentIndexChanged.connect(
            lambda _i: self.clock.set_speed(float(self.speed.currentData())))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 0)
        self.slider.sliderMoved.connect(lambda v: self.clock.seek(v / 10))
        self.time_label = QLabel("00:00 / 00:00", self)
        self.time_label.setObjectName("qaTime")
        self.audio_label = QLabel(self)
        self.audio_label.setObjectName("muted")
        self.audio_label.setWordWrap(True)
        controls = QHBoxLayout()
        controls.setSpacing(6)
        for w in (self.back_button, self.play_button, self.step_button, self.speed):
            controls.addWidget(w)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)

        self.notes_label = QLabel(self)
        self.notes_label.setObjectName("qaAnnotations")
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.RichText)
        self.annotate_button = QToolButton(self)
        self.annotate_button.setText(self.tr("Add annotation..."))
        self.annotate_button.clicked.connect(self.annotate_requested)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes_label, 1)
        notes_row.addWidget(self.annotate_button, 0, Qt.AlignmentFlag.AlignTop)

        card = QFrame(self)
        card.setObjectName("qaCard")
        top = QHBoxLayout(card)
        top.setContentsMargins(10, 8, 10, 8)
        top.addWidget(self.header, 1)
        top.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(card)
        lay.addWidget(self.findings)
        lay.addWidget(self.timeline, 1)
        lay.addLayout(controls)
        lay.addWidget(self.audio_label)
        lay.addLayout(notes_row)
        self.clock.position_changed.connect(self._moved)
        self.clock.playing_changed.connect(self._playing)
        self.show_replay(None)

    # ------------------------------------------------------------------- data

    def show_replay(self, r: ReplayOut | None) -> None:
        self.clock.pause()
        self.set_audio(None)
        self.replay = r
        self.events = build_timeline(r) if r else []
        for w in (self.play_button, self.back_button, self.step_button, self.speed,
                  self.slider, self.annotate_button):
            w.setEnabled(r is not None)
        self.reveal_button.setVisible(bool(r and r.may_reveal_number and r.call.phone_masked))
        if r is None:
            self.header.setText(self.tr("Choose a sample on the left to replay the call."))
            self.findings.hide()
            self.timeline.clear()
            self.notes_label.setText("")
            self.audio_label.setText("")
            self.clock.load(0.0)
            return
        self._header(r)
        self._findings(r)
        self._fill_timeline()
        self.show_annotations(r)
        self.clock.load(duration(self.events))
        self.slider.setRange(0, int(self.clock.length * 10))
        self.audio_label.setText(
            self.tr("Recording: loading...") if r.recording else
            self.tr("No recording on the server for this call: timeline only."))

    def _header(self, r: ReplayOut) -> None:
        c = r.call
        camp = texts.pick(c.campaign_name, c.campaign_name_zh)
        outcome = labels.disposition(c.disposition)
        if c.objection is not None:
            outcome += " · " + labels.objection(Objection(c.objection))
        offer = texts.pick(c.offer.name, c.offer.name_zh) + f" · ¥{c.offer.price_yuan:g}" \
            if c.offer else "–"
        rows = [
            (self.tr("Agent"), c.agent_name),
            (self.tr("Campaign"), f"{c.campaign_code} · {camp}" + (
                " · " + self.tr("script variant %1").replace("%1", c.script_variant)
                if c.script_variant else "")),  # issue 22: the variant read
            (self.tr("Call began"), _local(c.call_started_at, c.customer_timezone)),
            (self.tr("Talk / wrap-up"), f"{texts.mmss(c.talk_seconds)} / "
                                        f"{texts.mmss(c.wrap_seconds)}"),
            (self.tr("Offer"), offer),
            (self.tr("Outcome"), outcome),
        ]
        cells = [f"<td style='padding:2px 16px 2px 0'><span style='color:#5a6272'>"
                 f"{escape(k)}</span><br><b>{escape(v)}</b></td>" for k, v in rows]
        table = "<tr>" + "".join(cells[:3]) + "</tr><tr>" + "".join(cells[3:]) + "</tr>"
        masked = escape(self.tr("masked"))
        phone = escape(c.phone) + ("" if not c.phone_masked else
                                   f" <span style='color:#5a6272'>({masked})</span>")
        self.header.setText(
            f"<span style='font-size:13pt; font-weight:bold'>{escape(c.customer_name)}</span>"
            f"&nbsp;&nbsp;{phone}&nbsp;&nbsp;<span style='color:#5a6272'>"
            f"{escape(c.region)}</span><table style='margin-top:4px'>{table}</table>")

    def _findings(self, r: ReplayOut) -> None:
        names = {s.id: texts.pick(s.title, s.title_zh) for s in r.script_steps}
        parts = []
        if r.mandatory_missing:
            parts.append(self.tr("Mandatory disclosure not ticked: %1").replace(
                "%1", ", ".join(names.get(s, s) for s in r.mandatory_missing)))
        kinds = {"dnc_number": self.tr("the number was on the do-not-call list before the call"),
                 "outside_window": self.tr("the call began outside the calling window "
                                           "(%1-%2, customer's local time)").replace(
                     "%1", r.call.window_start.strftime("%H:%M")).replace(
                     "%2", r.call.window_end.strftime("%H:%M"))}
        parts += [text for kind, text in kinds.items() if kind in r.auto_critical]
        if parts:
            self.findings.setText("<b>⚠ " + escape(self.tr("Found in the record:")) + "</b> "
                                  + escape("; ".join(parts)))
            self.findings.show()
        else:
            self.findings.hide()

    def _fill_timeline(self) -> None:
        assert self.replay is not None
        r = self.replay
        steps = {s.id: s for s in r.script_steps}
        names = texts.events()
        self.timeline.clear()
        italic = QFont()
        italic.setItalic(True)
        for ev in self.events:
            detail = ev.text
            if ev.kind in ("step", "disclosure", "missing"):
                st = steps.get(ev.ref)
                detail = texts.pick(st.title, st.title_zh) if st else ev.ref
                if st is not None and st.mandatory and ev.kind != "missing":
                    detail += " · " + self.tr("mandatory")
            elif ev.kind == "offer" and r.call.offer is not None:
                detail = texts.pick(r.call.offer.name, r.call.offer.name_zh)
            elif ev.kind in ("answer", "disposition"):
                detail = labels.disposition(Disposition(ev.ref))
                if r.call.objection is not None:
                    detail += " · " + labels.objection(Objection(r.call.objection))
            elif ev.kind == "callback" and r.call.callback_at is not None:
                detail = _local(r.call.callback_at, r.call.customer_timezone)
            elif ev.kind == "start":
                detail = _local(r.call.call_started_at, r.call.customer_timezone)
            at = ("≈ " if ev.estimated else "") + texts.mmss(ev.at)
            item = QTreeWidgetItem([at, names.get(ev.kind, ev.kind), detail])
            if ev.estimated:
                item.setToolTip(0, self.tr("Estimated: the desktop records the order of the "
                                           "steps, not the second of each."))
                item.setFont(0, italic)
            if ev.kind == "missing":
                for col in range(3):
                    item.setForeground(col, QBrush(QColor("#b3261e")))
            self.timeline.addTopLevelItem(item)

    def show_annotations(self, r: ReplayOut) -> None:
        if not r.annotations:
            self.notes_label.setText("<span style='color:#5a6272'>" + escape(self.tr(
                "Annotations: none. The record itself can never be changed; add a note "
                "beside it.")) + "</span>")
            return
        lines = [f"<b>{escape(a.author_name)}</b> <span style='color:#5a6272'>"
                 f"{_local(a.at)}</span>: {escape(a.text)}" for a in r.annotations]
        self.notes_label.setText("<b>" + escape(self.tr("Annotations")) + "</b><br>"
                                 + "<br>".join(lines))

    def set_audio(self, track: AudioTrack | None, problem: str = "") -> None:
        """The call's recording, or (track None, `problem` a code) why there is none."""
        if self.audio is not None and self.audio is not track:
            self.audio.close()
        self.audio = track if track is not None and track.ok else None
        self.clock.audio = self.audio
        if track is not None and track.ok:
            self.audio_label.setText(self.tr("Recording: plays in step with the timeline."))
        elif track is not None or problem:
            code = track.problem if track is not None else problem
            self.audio_label.setText(texts.playback_problem(code))
        self.audio_label.setProperty("problem", "" if self.audio else (
            track.problem if track is not None else problem))
        if track is not None and not track.ok:
            track.close()

    # ---------------------------------------------------------------- playing

    def current_index(self) -> int:
        idx = -1
        for i, ev in enumerate(self.events):
            if ev.at <= self.clock.position + 1e-6:
                idx = i
        return idx

    def step(self) -> None:
        pos = self.clock.position
        later = [ev.at for ev in self.events if ev.at > pos + 1e-6]
        if later:
            self.clock.seek(later[0])
        elif self.events:
            self._select(len(self.events) - 1)

    def step_back(self) -> None:
        pos = self.clock.position
        earlier = [ev.at for ev in self.events if ev.at < pos - 1e-6]
        self.clock.seek(earlier[-1] if earlier else 0.0)

    def cycle_speed(self) -> None:
        speed = self.clock.cycle_speed()
        self.speed.setCurrentIndex(SPEEDS.index(speed))

    def _jump(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        i = self.timeline.indexOfTopLevelItem(item)
        if 0 <= i < len(self.events):
            self.clock.seek(self.events[i].at)

    def _moved(self, pos: float) -> None:
        self.time_label.setText(f"{texts.mmss(pos)} / {texts.mmss(self.clock.length)}")
        if not self.slider.isSliderDown():
            self.slider.setValue(int(pos * 10))
        self._select(self.current_index())

    def _select(self, idx: int) -> None:
        if idx < 0:
            self.timeline.clearSelection()
            return
        item = self.timeline.topLevelItem(idx)
        if item is not None and self.timeline.currentItem() is not item:
            self.timeline.setCurrentItem(item)
            self.timeline.scrollToItem(item)

    def _playing(self, playing: bool) -> None:
        self.play_button.setText(self.tr("⏸ Pause") if playing else self.tr("▶ Play"))
