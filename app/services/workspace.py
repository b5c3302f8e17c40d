"""A logged-in user's workspace: what their role works with, and nothing more.

The composition root of the client core: the UI builds one workspace after login
and passes its parts to the widgets that need them (no global window object). An agent
gets a `Workspace`: the local database, the sync engine and the services over them. A
team lead, a quality checker or an admin (the campaign manager) works on the server's
data only: an `OnlineWorkspace` holds the API client and opens no local file and starts
no thread (`open_for_role`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol, TypeAlias

from sqlalchemy import Connection, Engine

from app import heap
from app.api_client import ApiClient
from app.paths import Paths
from app.services.presence import PresenceService
from app.services.queue import QueueService
from app.settings import Settings
from app.store import repo
from app.store.database import open_database, quarantine
from app.store.writer import writer_for
from app.sync import SyncEngine
from wire.schema import Role, UserInfo

log = logging.getLogger(__name__)

# The roles whose desktop works offline, on a local copy (the agent's window). An admin
# works in the campaign manager's window (ui/manager/), on the server's data only.
LOCAL_STORE_ROLES = frozenset({Role.AGENT})


def keeps_local_store(role: Role) -> bool:
    """Whether this role's workspace opens the local database and the sync engine."""
    return role in LOCAL_STORE_ROLES


class ServerWorkspace(Protocol):
    """What a window that works on the server's data needs (the lead's, the checker's)."""

    @property
    def user(self) -> UserInfo: ...
    @property
    def server_url(self) -> str: ...
    @property
    def client(self) -> ApiClient: ...
    def close(self) -> None: ...


@dataclass
class OnlineWorkspace:
    """A team lead's or quality checker's workspace: the server's client, no local store,
    no sync engine (their windows read and change the server's data directly)."""

    user: UserInfo
    server_url: str
    client: ApiClient
    paths: Paths | None = None

    def close(self) -> None:
        self.client.close()


def open_for_role(
    *,
    paths: Paths,
    settings: Settings,
    server_url: str,
    user: UserInfo,
    token: str | None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    key: bytes | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> Workspace | OnlineWorkspace:
    """The workspace the user's role needs (see the module's doc)."""
    heap.tune()
    if not keeps_local_store(user.role):
        return OnlineWorkspace(user, server_url, ApiClient(server_url, token=token), paths)
    return Workspace.open(paths=paths, settings=settings, server_url=server_url, user=user,
                          token=token, clock=clock, key=key, monotonic=monotonic)


@dataclass
class Workspace:
    user: UserInfo
    server_url: str
    engine: Engine
    sync: SyncEngine
    queue: QueueService
    client: ApiClient
    presence: PresenceService
    paths: Paths | None = None

    @staticmethod
    def open(
        *,
        paths: Paths,
        settings: Settings,
        server_url: str,
        user: UserInfo,
        token: str | None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        key: bytes | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> Workspace:
        """Open (and migrate) the user's local database; does not touch the network.

        `key` encrypts the store (app.services.auth.Session.key; the desktop always
        passes one). `token` is None after an offline start with the password only:
        the sync engine asks for a login once the server answers. `clock` lets tests
        and training sessions run at a chosen time of day; `monotonic` goes with it (a
        test moving time forward moves both; app/clock.py).
        """
        db_path = paths.user_db(server_url, user.username)
        engine = open_database(db_path, key)

        def remember_user(conn: Connection) -> None:
            if repo.get_meta(conn, repo.USER_ID) is None:
                repo.set_meta(conn, repo.USER_ID, user.id)

        writer_for(engine).write(remember_user)  # the store's one writer from now on
        client = ApiClient(server_url, token=token)
        sync = SyncEngine(
            engine, client, interval=float(settings.sync_interval_seconds), clock=clock,
            monotonic=monotonic,
        )
        presence = PresenceService(engine, clock=clock, after_write=sync.after_local_write,
                                   client=client)
        queue = QueueService(
            engine,
            agent_name=user.display_name,
            max_dnc_age=timedelta(hours=settings.max_dnc_age_hours),
            after_write=sync.after_local_write,
            clock=clock,
            monotonic=monotonic,
            is_paused=presence.is_paused,
        )
        return Workspace(user, server_url, engine, sync, queue, client, presence, paths)

    @staticmethod
    def set_damaged_database_aside(db_path: Path) -> Path:
        """After a LocalStoreError(code="corrupt"): keep the file, start fresh next open."""
        return quarantine(db_path)

    def recordings_dir(self) -> Path | None:
        """Where this user's call recordings wait for their upload (beside the local
        database; each is deleted once the server holds it)."""
        if self.paths is None:
            return None
        db_path = self.paths.user_db(self.server_url, self.user.username)
        return db_path.with_name(db_path.stem + "-recordings")

    def sign_off(self, timeout: float = 2.0) -> bool:
        """The agent's window closes: record "offline" and push it with whatever else
        waits (bounded by `timeout`), so the lead sees the agent leave at once."""
        self.presence.sign_off()
        self.sync.stop()
        return self.sync.push_before_exit(timeout)

    def close(self) -> None:
        self.sync.stop()
        self.client.close()
        writer_for(self.engine).close()
        self.engine.dispose()

    def wipe_local_data(self, paths: Paths) -> bool:
        """Remove the local copy of customer data; refuses while actions wait to be pushed."""
        if self.queue.pending_count():
            return False
        db_path = paths.user_db(self.server_url, self.user.username)
        self.close()
        for p in db_path.parent.glob(db_path.name + "*"):
            p.unlink(missing_ok=True)
        return True


# What a login opens: the agent's full workspace, or a lead's or checker's online one.
RoleWorkspace: TypeAlias = Workspace | OnlineWorkspace
