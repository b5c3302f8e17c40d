"""A throwaway PostgreSQL cluster the tests start themselves (initdb + pg_ctl).

    cluster = PgCluster.start()      # None when PostgreSQL's server binaries are absent
    cluster.admin_url                # postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
    cluster.stop()                   # also registered with atexit

The cluster lives in a temporary directory, listens on a free loopback port and its own
socket directory, trusts local connections, and runs with fsync off (its data is thrown
away). PostgreSQL refuses to run as root, so under root it runs as the `postgres` system
user (runuser), which the Debian packages create.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import logging
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    directory: Path
    port: int
    prefix: list[str]  # how to run a binary as the cluster's owner
    bindir: Path

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @staticmethod
    def start() -> PgCluster | None:
        bindir = _bindir()
        if bindir is None:
            return None
        prefix: list[str] = []
        base = Path(tempfile.mkdtemp(prefix="callsheet-pg-"))
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            try:
                import pwd

                owner = pwd.getpwnam("postgres")
            except KeyError:
                owner = None
            if runuser is None or owner is None:
                shutil.rmtree(base, ignore_errors=True)
                return None
            os.chown(base, owner.pw_uid, owner.pw_gid)
            prefix = [runuser, "-u", "postgres", "--"]
        data = base / "data"
        cluster = PgCluster(base, _free_port(), prefix, bindir)
        try:
            cluster._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres",
                         "-E", "UTF8", "--locale", "C", "--no-sync")
            opts = (f"-p {cluster.port} -c listen_addresses=127.0.0.1 -k {base} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=200")
            cluster._run("pg_ctl", "-D", str(data), "-l", str(base / "server.log"),
                         "-o", opts, "-w", "-t", "60", "start")
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or exc
            log.warning("could not start a PostgreSQL cluster of our own: %s", detail)
            shutil.rmtree(base, ignore_errors=True)
            return None
        atexit.register(cluster.stop)
        return cluster

    def _run(self, binary: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bindir / binary), *args], check=True,
                       capture_output=True, text=True, timeout=120)

    def stop(self) -> None:
        if not self.directory.exists():
            return
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", "immediate", "-w",
                      "stop")
        shutil.rmtree(self.directory, ignore_errors=True)
