"""The customer's profile as a grid of plain labels, built once and refilled per customer.

A QTextBrowser parsed and laid out the profile's HTML tables again for every customer
(about 8 ms of the UI thread's work of showing the next one after a save); here the next
customer costs a `setText` per value that changed. The facts come from
`detail_html.profile_facts` / `usage_cells`, the same source as the rich-text profile.
Values are plain text (customer data is never read as markup) and selectable with the
mouse; the view scrolls with the keyboard when it has focus (Ctrl+1, then Tab).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.views import CustomerDetail
from ui import detail_html

PLAIN = Qt.TextFormat.PlainText
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
MARK_NAMES = {"plan": "profilePlan", "stars": "profileStars", "zone": "profileValue",
              "vip": "profileValue", "": "profileValue"}


def _label(text: str, name: str, parent: QWidget, *, wrap: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(PLAIN)
    if wrap:
        label.setWordWrap(True)
        label.setTextInteractionFlags(SELECTABLE)
    return label


def _restyle(label: QLabel, name: str, value: bool) -> None:
    """Set a style property, re-polishing only when it changes (polish is not free)."""
    if bool(label.property(name)) != value:
        label.setProperty(name, value)
        label.style().unpolish(label)
        label.style().polish(label)


class _Shown:
    """What each label was last given (text, mark), kept on the Python side: asking Qt for
    a label's text and property costs more than comparing here. Forgotten when the labels
    are built again."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[str, bool]] = {}

    def put(self, label: QLabel, text: str, prop: str, mark: bool) -> None:
        key = id(label)
        last = self._last.get(key)
        if last == (text, mark):
            return
        if (label.text() != text) if last is None else (last[0] != text):
            label.setText(text)
        if last is None or last[1] != mark:
            _restyle(label, prop, mark)
        self._last[key] = (text, mark)

    def forget(self) -> None:
        self._last.clear()


class ProfileView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page keys scroll it
        self.setMinimumHeight(44)  # the window fits a 1366x768 screen; the view scrolls
        self._body = QWidget(self)
        self._body.setObjectName("profileBody")
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.setSpacing(3)
        self.setWidget(self._body)
        self.viewport().setObjectName("profileViewport")  # white, as the other panes
        self._shape: tuple[object, ...] | None = None
        self._titles: list[QLabel] = []
        self._values: list[list[QLabel]] = []
        self._keys: list[list[QLabel]] = []
        self._usage_title: QLabel | None = None
        self._usage_frame: QWidget | None = None
        self._usage_grid: QGridLayout | None = None
        self._usage_heads: list[QLabel] = []
        self._usage_rows: list[list[QLabel]] = []
        self._shown = False
        self._body.hide()
        self._marks = _Shown()
        self._put = self._marks.put

    # ------------------------------------------------------------------ content

    def show_profile(self, d: CustomerDetail | None) -> None:
        if d is None:
            self.clear()
            return
        sections = detail_html.profile_facts(d)
        heads, rows = detail_html.usage_cells(d)
        shape = (tuple((title, tuple(f.key for f in facts)) for title, facts in sections),
                 detail_html.usage_title(), tuple(heads))
        if shape != self._shape:
            self._build(sections, heads)
            self._shape = shape
        for labels, (_, facts) in zip(self._values, sections, strict=True):
            for label, fact in zip(labels, facts, strict=True):
                self._put(label, fact.value, "badge", fact.mark == "vip")
        self._fill_usage(rows)
        if not self._shown:
            self._body.show()
            self._shown = True
        self.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        if self._shown:
            self._body.hide()
            self._shown = False

    def toPlainText(self) -> str:  # noqa: N802 - the QTextBrowser spelling it replaced
        """What the view shows, line by line (tests, and copying the whole profile)."""
        if not self._shown:
            return ""
        lines: list[str] = []
        usage_at = 1  # the usage table follows the first section, as in profile_html

        def usage() -> None:
            if self._usage_frame is not None and self._usage_frame.isVisibleTo(self):
                assert self._usage_title is not None
                lines.append(self._usage_title.text())
                lines.append("\t".join(h.text() for h in self._usage_heads))
                for row in self._usage_rows:
                    if row[0].isVisibleTo(self):
                        lines.append("\t".join(c.text() for c in row))

        for n, (title, keys, values) in enumerate(zip(self._titles, self._keys,
                                                       self._values, strict=True)):
            if n == usage_at:
                usage()
            lines.append(title.text())
            lines.extend(f"{k.text()}\t{v.text()}" for k, v in zip(keys, values, strict=True))
        return "\n".join(lines)

    # ------------------------------------------------------------------ building

    def _build(self, sections: list[tuple[str, list[detail_html.Fact]]],
               heads: list[str]) -> None:
        """Once per language (the labels' texts are the translated keys)."""
        self._marks.forget()  # the labels go: their ids may be given to new ones
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self._titles, self._keys, self._values = [], [], []
        for n, (title, facts) in enumerate(sections):
            if n == 1:
                self._build_usage(heads)
            head = _label(title, "profileSection", self._body)
            self._layout.addWidget(head)
            grid_host = QWidget(self._body)
            grid = QGridLayout(grid_host)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(14)
            grid.setVerticalSpacing(2)
            grid.setColumnStretch(1, 1)
            keys, values = [], []
            for row, fact in enumerate(facts):
                key = _label(fact.key, "profileKey", grid_host)
                value = _label("", MARK_NAMES.get(fact.mark, "profileValue"), grid_host,
                               wrap=True)
                grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
                keys.append(key)
                values.append(value)
            self._layout.addWidget(grid_host)
            self._titles.append(head)
            self._keys.append(keys)
            self._values.append(values)
        self._layout.addStretch(1)

    def _build_usage(self, heads: list[str]) -> None:
        self._usage_title = _label(detail_html.usage_title(), "profileSection", self._body)
        self._layout.addWidget(self._usage_title)
        frame = QWidget(self._body)
        frame.setObjectName("usageTable")
        grid = QGridLayout(frame)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(0)
        self._usage_heads = []
        for col, text in enumerate(heads):
            head = _label(text, "usageHead", frame)
            head.setWordWrap(True)  # narrow columns: the profile shares the width
            head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(head, 0, col)
            self._usage_heads.append(head)
        self._layout.addWidget(frame)
        self._usage_frame, self._usage_grid, self._usage_rows = frame, grid, []

    def _fill_usage(self, rows: list[list[tuple[str, bool]]]) -> None:
        assert self._usage_frame is not None and self._usage_grid is not None
        assert self._usage_title is not None
        while len(self._usage_rows) < len(rows):
            at = len(self._usage_rows) + 1
            cells = []
            for col in range(len(self._usage_heads)):
                cell = _label("", "usageCell", self._usage_frame)
                cell.setAlignment((Qt.AlignmentFlag.AlignLeft if col == 0
                                   else Qt.AlignmentFlag.AlignRight)
                                  | Qt.AlignmentFlag.AlignVCenter)
                self._usage_grid.addWidget(cell, at, col)
                cells.append(cell)
            self._usage_rows.append(cells)
        for n, cells in enumerate(self._usage_rows):
            used = n < len(rows)
            for col, cell in enumerate(cells):
                if used:
                    text, over = rows[n][col]
                    self._put(cell, text, "over", over)
                if cell.isHidden() == used:
                    cell.setVisible(used)
        self._usage_title.setVisible(bool(rows))
        self._usage_frame.setVisible(bool(rows))
