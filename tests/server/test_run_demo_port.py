"""`make run` keeps its port from run to run, so the desktop finds the same local file."""

from __future__ import annotations

import socket
from pathlib import Path

from app.paths import Paths
from scripts.run_demo import choose_port, free_port


def test_the_port_is_stable_and_falls_back_only_when_taken(tmp_path: Path) -> None:
    port_file = tmp_path / ".run" / "port"
    default = free_port()
    first = choose_port(port_file, default)
    assert first == default and port_file.read_text().strip() == str(default)
    assert choose_port(port_file, default) == first, "the next run: the same port"

    with socket.socket() as taken:  # something else listens there now
        taken.bind(("127.0.0.1", first))
        taken.listen()
        fallback = choose_port(port_file, default, wait=0.3)
    assert fallback != first
    assert choose_port(port_file, default) == fallback, "the fallback is remembered"

    # The same address finds the same local database on every run.
    paths = Paths.under(tmp_path)
    url = f"http://127.0.0.1:{fallback}"
    assert paths.user_db(url, "agent1") == paths.user_db(url + "/", "agent1")


def test_the_last_runs_closed_connections_do_not_take_the_port(tmp_path: Path) -> None:
    """Quitting `make run` leaves the server's closed connections in TIME_WAIT; the next
    run must still get the same port (it used to fall back to a new one, and the desktop
    then looked for its local data under another address)."""
    port_file = tmp_path / ".run" / "port"
    port = choose_port(port_file, free_port())
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen()
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = server.accept()
    conn.close()  # the server side closes first: its end waits in TIME_WAIT
    client.close()
    server.close()
    assert choose_port(port_file, port, wait=0.3) == port
