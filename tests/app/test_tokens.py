"""Tokens live in the OS keyring, or in memory only: never in a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.tokens import TokenStore

ROOT = Path(__file__).resolve().parents[2]


def test_without_keyring_token_stays_in_memory_and_user_is_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core.set_keyring(keyring.core.load_env())  # type: ignore[arg-type]
    try:
        store = TokenStore()
        assert not store.persistent
        assert "keyring" in store.warning
        store.set("http://s", "agent1", "secret-token-value")
        assert store.get("http://s", "agent1") == "secret-token-value"
        # A new store (the next start) does not find it: nothing was written anywhere.
        assert TokenStore().get("http://s", "agent1") is None
        store.delete("http://s", "agent1")
        assert store.get("http://s", "agent1") is None
    finally:
        keyring.core._keyring_backend = None  # type: ignore[attr-defined]


PROBE = textwrap.dedent(
    """
    from app.tokens import TokenStore
    first = TokenStore()
    assert first.persistent, "Secret Service backend not picked"
    first.set("http://s", "agent1", "tok-123")
    again = TokenStore()  # a later start of the desktop
    print("RESULT", again.get("http://s", "agent1"))
    """
)


@pytest.mark.keyring
@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="gnome-keyring-daemon/dbus-run-session not installed "
    "(apt-get install gnome-keyring dbus)",
)
def test_real_secret_service_keeps_token_across_starts(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env["HOME"] = str(tmp_path)  # a throwaway login keyring
    env["XDG_DATA_HOME"] = str(tmp_path / "share")
    script = (
        "echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null;"
        f' "{sys.executable}" -c "$PROBE"'
    )
    env["PROBE"] = PROBE
    out = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "RESULT tok-123" in out.stdout
    # The keyring's files under the throwaway HOME hold no plain-text token.
    # The daemon outlives the session a moment and removes its control folder
    # (.cache/keyring-*) meanwhile: os.walk passes over a folder gone under it, where
    # rglob raised FileNotFoundError; a file gone before it is read is skipped alike.
    files = [Path(d) / f for d, _, names in os.walk(tmp_path) for f in names]
    contents = []
    for p in files:
        try:
            contents.append(p.read_bytes())
        except (FileNotFoundError, OSError):  # a socket, or gone with its folder
            continue
    assert any(p.parent.name == "keyrings" for p in files), \
        "gnome-keyring wrote its keyring under the throwaway HOME"
    assert not any(b"tok-123" in c for c in contents)


def test_database_key_lives_in_the_keyring_or_nowhere() -> None:
    from app.tokens import DB_KEY_SERVICE
    from tests.support.memory_keyring import memory_keyring

    assert TokenStore().database_key("http://s", "agent1", create=True) is None, \
        "no keyring: the key is derived from the password instead"
    with memory_keyring() as backend:
        store = TokenStore()
        assert store.database_key("http://s", "agent1", create=False) is None
        key = store.database_key("http://s", "agent1", create=True)
        assert key is not None and len(key) == 32
        assert TokenStore().database_key("http://s", "agent1", create=False) == key
        assert backend.secrets[(DB_KEY_SERVICE, "http://s|agent1")] == key.hex()
        assert store.database_key("http://s", "agent2", create=True) != key
