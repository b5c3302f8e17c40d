"""The wallboard: the floor's figures per team on a big screen, readable across the room.

Fed by the lead window's live monitor (every refresh, no request of its own), so it shows
exactly what the monitor shows. One tile per team: calls, reached, sales and conversion
today in large figures, and how many agents are on a call, idle, paused and offline.
F11 toggles full screen; Esc leaves full screen, then closes the board. Figure sizes
follow the window's height, so a 1080p floor screen and a laptop both read well.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wire.lead import AgentRow, LiveState, Monitor


@dataclass
class TeamFigures:
    name: str
    calls: int = 0
    reached: int = 0
    sales: int = 0
    on_call: int = 0
    idle: int = 0
    paused: int = 0
    offline: int = 0

    @property
    def conversion(self) -> float | None:
        return self.sales / self.reached if self.reached else None


def team_figures(agents: list[AgentRow]) -> list[TeamFigures]:
    """Today's figures per team, in team order; the floor's total last."""
    teams: dict[str, TeamFigures] = {}
    for a in agents:
        t = teams.setdefault(a.team, TeamFigures(a.team))
        t.calls += a.calls
        t.reached += a.reached
        t.sales += a.successes
        if a.state is LiveState.OFFLINE:
            t.offline += 1
        elif a.state in (LiveState.ON_CALL, LiveState.WRAP_UP):
            t.on_call += 1
        elif a.state is LiveState.PAUSED:
            t.paused += 1
        else:
            t.idle += 1
    return [teams[k] for k in sorted(teams)]


class Tile(QWidget):
    """One team: its name, four big figures with their captions, the agents' states."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallTile")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QVBoxLayout(self)
        self.name = QLabel(self)
        self.name.setObjectName("wallTeam")
        lay.addWidget(self.name)
        grid = QGridLayout()
        self.values: list[QLabel] = []
        self.captions: list[QLabel] = []
        for col in range(4):
            value, caption = QLabel(self), QLabel(self)
            value.setObjectName("wallValue")
            caption.setObjectName("wallCaption")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(value, 0, col)
            grid.addWidget(caption, 1, col)
            self.values.append(value)
            self.captions.append(caption)
        lay.addLayout(grid, 1)
        self.states = QLabel(self)
        self.states.setObjectName("wallStates")
        self.states.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.states)


class Wallboard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wallboard")
        self.setWindowTitle(self.tr("Callsheet wallboard"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # its keys: F11, Esc
        self.figures: list[TeamFigures] = []
        self.tiles: list[Tile] = []
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("Today on the floor"), self)
        self.title.setObjectName("wallTitle")
        self.clock = QLabel(self)
        self.clock.setObjectName("wallClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title, 1)
        head.addWidget(self.clock)
        lay.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        lay.addLayout(self.grid, 1)
        self.hint = QLabel(self.tr("F11: full screen · Esc: back to the monitor"), self)
        self.hint.setObjectName("wallHint")
        lay.addWidget(self.hint)
        full = QAction(self.tr("Full screen"), self)
        full.setShortcut(QKeySequence("F11"))
        full.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        full.triggered.connect(lambda: self.toggle_full_screen())
        self.addAction(full)
        self._scale()

    # ------------------------------------------------------------------ data

    def show_monitor(self, mon: Monitor, live: bool = True) -> None:
        self.figures = team_figures(mon.agents)
        while len(self.tiles) < len(self.figures):
            tile = Tile(self)
            self.tiles.append(tile)
        for n, tile in enumerate(self.tiles):
            tile.setVisible(n < len(self.figures))
        columns = self._columns()
        for n, (tile, fig) in enumerate(zip(self.tiles, self.figures, strict=False)):
            self.grid.addWidget(tile, n // columns, n % columns)
            self._fill(tile, fig)
        stamp = mon.server_time.astimezone().strftime("%H:%M")
        self.clock.setText(stamp if live else self.tr("%1 · not live").replace("%1", stamp))
        self.clock.setProperty("stale", not live)
        self.clock.style().unpolish(self.clock)
        self.clock.style().polish(self.clock)
        self._scale()

    def _fill(self, tile: Tile, f: TeamFigures) -> None:
        tile.name.setText(f.name)
        conv = "–" if f.conversion is None else f"{f.conversion:.0%}"
        for value, caption, (num, word) in zip(
                tile.values, tile.captions,
                ((str(f.calls), self.tr("Calls")), (str(f.reached), self.tr("Reached")),
                 (str(f.sales), self.tr("Sales")), (conv, self.tr("Conversion"))),
                strict=True):
            value.setText(num)
            caption.setText(word)
        tile.states.setText(
            self.tr("On a call %1 · Idle %2 · Paused %3 · Offline %4")
            .replace("%1", str(f.on_call)).replace("%2", str(f.idle))
            .replace("%3", str(f.paused)).replace("%4", str(f.offline)))

    # ---------------------------------------------------------------- screen

    def _columns(self) -> int:
        """Tiles side by side: one column up to two teams (wider figures), else two."""
        return 1 if len(self.figures) <= 2 else 2

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            return
        screen = self.screen()
        if screen is not None:  # without a window manager, full screen keeps the size
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.close()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        """Figures as large as the tiles allow (by height and by width): on a 1366x768
        board two teams show figures of about 80 pixels, readable across the floor."""
        columns = self._columns()
        rows = max(1, -(-len(self.figures) // columns))
        h, w = max(self.height(), 300), max(self.width(), 400)
        per_figure = w / (columns * 4) - 24  # four figures a tile, "100%" the widest
        big = max(24, int(min(h / (4.6 * rows), per_figure / 2.6)))
        team = max(16, big // 2)
        small = max(12, big // 3)
        self.setStyleSheet(
            "#wallboard { background: #0f1720; }"
            f"#wallTitle {{ color: #e8eaed; font-size: {team}px; font-weight: 600; }}"
            f"#wallClock {{ color: #e8eaed; font-size: {team}px; }}"
            "#wallClock[stale=\"true\"] { color: #ff8a80; }"
            "#wallTile { background: #1b2633; border-radius: 12px; }"
            f"#wallTeam {{ color: #9fc3ff; font-size: {team}px; font-weight: 600; }}"
            f"#wallValue {{ color: #ffffff; font-size: {big}px; font-weight: 700; }}"
            f"#wallCaption {{ color: #b8c2cc; font-size: {small}px; }}"
            f"#wallStates {{ color: #d7dde4; font-size: {small}px; }}"
            f"#wallHint {{ color: #6b7785; font-size: {max(11, small * 2 // 3)}px; }}")

    def figure_font_px(self) -> int:
        return self.tiles[0].values[0].fontInfo().pixelSize() if self.tiles else 0
