"""The campaign manager's window (the admin's workspace): a shell over the planning pages
of ui/manager/pages/, built by one function, `build_pages`, so a page is one line there.

The window owns the menus and the keys (ui/shortcuts.manager_table): a key per page, and
the actions the page shown carries out its own way (check: dry run, preview, check,
search; apply: import, save the plan, publish, assign; cancel). Every server call runs on
the TaskManager's network pool (Page.run); the manager works online only: no local store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStatusBar, QTabWidget, QVBoxLayout, QWidget

from app.services.campaign_loop import CampaignLoopService
from app.services.manager import ManagerService
from app.services.workspace import ServerWorkspace
from app.tokens import TokenStore
from ui import labels, shortcuts, window_state
from ui.about import show_about
from ui.churn_tasks import ChurnTasksPage
from ui.manager.pages.approval import ApprovalPage
from ui.manager.pages.assign import AssignPage
from ui.manager.pages.common import Page
from ui.manager.pages.dnc import DncPage
from ui.manager.pages.importing import ImportPage
from ui.manager.pages.pilot import PilotPage
from ui.manager.pages.plan import PlanPage
from ui.manager.pages.script import ScriptPage
from ui.manager.pages.segments import SegmentsPage
from ui.manager.pages.targets import TargetsPage
from ui.manager.pages.training import TrainingPage
from ui.resources import app_icon
from ui.tasks import TaskManager

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate reads translate("ManagerWindow", "...")
MAPPINGS_FILE = "import-mappings.json"


def build_pages(service: ManagerService, tasks: TaskManager,
                loop: CampaignLoopService | None = None) -> list[tuple[str, QWidget]]:
    """The pages in their order (Ctrl+1 ... Ctrl+0); a page is one line. The campaign
    loop's pages (approval, training, pilot, targets) work over their own service."""
    loop = loop or CampaignLoopService(service.client)
    return [
        (translate("ManagerWindow", "Import"), ImportPage(service, tasks)),
        (translate("ManagerWindow", "Do-not-call"), DncPage(service, tasks)),
        (translate("ManagerWindow", "Segments"), SegmentsPage(service, tasks)),
        (translate("ManagerWindow", "Plan"), PlanPage(service, tasks)),
        (translate("ManagerWindow", "Script"), ScriptPage(service, tasks)),
        (translate("ManagerWindow", "Assign"), AssignPage(service, tasks)),
        (translate("ManagerWindow", "Approval"), ApprovalPage(loop, tasks)),
        (translate("ManagerWindow", "Training"), TrainingPage(loop, tasks)),
        (translate("ManagerWindow", "Pilot"), PilotPage(loop, tasks)),
        (translate("ManagerWindow", "Targets"), TargetsPage(loop, tasks)),
        (translate("ManagerWindow", "Cause analysis"), ChurnTasksPage(loop, tasks)),
    ]


PAGE_KEYS = ("page_import", "page_dnc", "page_segments", "page_plan", "page_script",
             "page_assign", "page_approval", "page_training", "page_pilot", "page_targets",
             "page_churn_tasks")


class ManagerWindow(QMainWindow):
    def __init__(self, workspace: ServerWorkspace, tasks: TaskManager, *,
                 tokens: TokenStore | None = None, keyring_warning: str = "",
                 service: ManagerService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.tasks = tasks
        self.tokens = tokens
        paths = getattr(workspace, "paths", None)
        mappings = paths.config_dir / MAPPINGS_FILE if paths is not None else None
        self.service = service or ManagerService(workspace.client, mappings)
        self._closed = False
        self._loaded: set[QWidget] = set()
        user = workspace.user
        role = labels.roles().get(user.role.value, user.role.value)
        self.setWindowTitle(self.tr("Callsheet - %1 (%2) - campaign manager")
                            .replace("%1", user.display_name).replace("%2", role))
        self.setWindowIcon(app_icon())
        window_state.fit_default_size(self, 1440, 900)

        self.tabs = QTabWidget(self)
        self.pages: list[QWidget] = []
        for title, page in build_pages(self.service, tasks):
            page.setParent(self.tabs)
            self.tabs.addTab(page, title)
            self.pages.append(page)
        self.tabs.currentChanged.connect(self._page_changed)
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(10, 6, 10, 4)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.setStatusBar(QStatusBar(self))
        if keyring_warning:
            self.statusBar().addPermanentWidget(labels.keyring_notice(self))
        self._build_actions()

    def page(self, kind: type[Page]) -> Page:
        return next(p for p in self.pages if isinstance(p, kind))

    def current(self) -> QWidget:
        return self.tabs.currentWidget()

    def show_page(self, kind: type[Page]) -> Page:
        page = self.page(kind)
        self.tabs.setCurrentWidget(page)
        return page

    # --------------------------------------------------------------- actions
    def _on_current(self, name: str) -> Callable[[], None]:
        def act() -> None:
            fn = getattr(self.current(), name, None)
            if callable(fn):
                fn()
        return act

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            key: self._go_to(n) for n, key in enumerate(PAGE_KEYS)}
        dnc = self.page(DncPage)
        assert isinstance(dnc, DncPage)
        handlers |= {
            "open_file": self._open_file,
            "check": self._on_current("check"),
            "apply": self._on_current("apply"),
            "cancel": self._on_current("cancel"),
            "save_mapping": lambda: self._save_mapping(),
            "search": lambda: self._on_dnc(dnc.focus_search),
            "export_masked": lambda: self._on_dnc(lambda: dnc.export(masked=True)),
            "export_full": lambda: self._on_dnc(lambda: dnc.export(masked=False)),
            "rebalance": self._rebalance,
            "refresh": self._on_current("refresh"),
            "help": self.show_shortcuts,
            "quit": self.close,
        }
        texts = {
            "page_import": self.tr("&Import customers"), "page_dnc": self.tr("&Do-not-call"),
            "page_segments": self.tr("&Segments"), "page_plan": self.tr("&Plan a campaign"),
            "page_script": self.tr("Sc&ript editor"),
            "page_assign": self.tr("&Assign and rebalance"),
            "page_approval": self.tr("Appro&val of plans"),
            "page_training": self.tr("&Training quiz"),
            "page_pilot": self.tr("Pi&lot and decision"),
            "page_targets": self.tr("Caps and &targets"),
            "page_churn_tasks": self.tr("Ca&use-analysis tasks"),
            "open_file": self.tr("&Open a file to import..."),
            "check": self.tr("&Check (dry run, preview, search)"),
            "apply": self.tr("&Apply (import, save, publish, assign)"),
            "cancel": self.tr("&Cancel the running import or preview"),
            "save_mapping": self.tr("&Save the column mapping..."),
            "search": self.tr("&Find a number on the do-not-call list"),
            "export_masked": self.tr("&Export the do-not-call list (masked)..."),
            "export_full": self.tr("Export the do-not-call list (&full numbers, audited)..."),
            "rebalance": self.tr("&Rebalance a campaign..."),
            "refresh": self.tr("&Refresh"), "help": self.tr("&Keyboard shortcuts"),
            "quit": self.tr("&Quit"),
        }
        self.actions_by_id: dict[str, QAction] = {}
        for s in shortcuts.manager_table():
            act = QAction(texts[s.action], self)
            act.setShortcuts([QKeySequence(k) for k in s.keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(handlers[s.action])
            self.addAction(act)
            self.actions_by_id[s.action] = act
        a = self.actions_by_id
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for k in ("open_file", "save_mapping", "export_masked", "export_full"):
            file_menu.addAction(a[k])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        view_menu = menu.addMenu(self.tr("&View"))
        for k in (*PAGE_KEYS, "refresh"):
            view_menu.addAction(a[k])
        act_menu = menu.addMenu(self.tr("&Actions"))
        for k in ("check", "apply", "cancel", "search", "rebalance"):
            act_menu.addAction(a[k])
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help"])
        about = help_menu.addAction(self.tr("&About Callsheet / copy diagnostics..."))
        about.triggered.connect(lambda: show_about(self.ws, self))

    def _go_to(self, n: int) -> Callable[[], None]:
        return lambda: self.tabs.setCurrentIndex(n)

    def _on_dnc(self, fn: Callable[[], None]) -> None:
        self.show_page(DncPage)
        fn()

    def _open_file(self) -> None:
        page = self.current()
        if not isinstance(page, ImportPage | DncPage):
            page = self.show_page(ImportPage)
        page.open_file()

    def _save_mapping(self) -> None:
        page = self.show_page(ImportPage)
        assert isinstance(page, ImportPage)
        page.save_mapping()

    def _rebalance(self) -> None:
        page = self.show_page(AssignPage)
        assert isinstance(page, AssignPage)
        page.rebalance()

    # ---------------------------------------------------------------- refresh
    def start(self) -> None:
        """The page shown loads now, each other one when first shown: the segment counts
        and plan lists of a million customers are not asked for until someone looks."""
        self._page_changed(self.tabs.currentIndex())

    def _page_changed(self, index: int) -> None:
        self.statusBar().clearMessage()
        page = self.tabs.widget(index)
        if page is not None and page not in self._loaded:
            self._loaded.add(page)
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()

    def show_shortcuts(self) -> None:
        shortcuts.show_table(self, shortcuts.manager_table() + shortcuts.loop_table())

    def screenshot_ready(self) -> bool:
        return not self.tasks.busy

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.ws.close()
        super().closeEvent(event)
