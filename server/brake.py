"""The login brake: failed passwords per account and per client address slow the next
attempt, then lock it out for a while.

Each key (an account's username, a client address) counts its failed attempts. The first
`free` failures cost nothing; each further one makes the next attempt wait, the wait
doubling from `first_delay` up to `max_delay`; at `lock_after` failures the key is locked
for `lock_seconds`. An attempt that comes too early is refused before anything is looked
up or hashed (429 with Retry-After), so guessing costs the server almost nothing, and the
right password during a lock is refused like a wrong one. A key without failures for
`forget_after` seconds starts again from zero; a successful login clears its account's
count (not its address's: an attacker holding one account must not clear the address by
logging in to it between guesses).

Addresses are shared (a call centre behind one NAT address): their policy allows many
more failures than an account's. IPv6 addresses count per /64, the block one host gets.

The state lives in this process's memory (the server runs one process); it is bounded by
`max_keys`, oldest keys first out. The clock is injectable (tests).
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["account", "address"]


@dataclass(frozen=True)
class Policy:
    free: int
    first_delay: float
    max_delay: float
    lock_after: int
    lock_seconds: float
    forget_after: float

    def wait_after(self, failures: int) -> tuple[float, bool]:
        """(seconds the next attempt must wait, locked) after `failures` failures."""
        if failures >= self.lock_after:
            return self.lock_seconds, True
        if failures >= self.free:
            return min(self.max_delay, self.first_delay * 2 ** (failures - self.free)), False
        return 0.0, False


# An account: 5 free tries, then waits of 2, 4, 8, 16, 32 s, then 15 minutes locked.
ACCOUNT = Policy(free=5, first_delay=2, max_delay=60, lock_after=10, lock_seconds=15 * 60,
                 forget_after=15 * 60)
# An address (maybe a whole call centre): 30 free, waits up to 30 s, locked after 200.
ADDRESS = Policy(free=30, first_delay=1, max_delay=30, lock_after=200, lock_seconds=15 * 60,
                 forget_after=15 * 60)


@dataclass(frozen=True)
class Refusal:
    """An attempt refused before its password was looked at."""

    kind: Kind
    retry_after: float  # seconds
    locked: bool
    first: bool  # the first refusal of this wait (the one the audit log records)


@dataclass(frozen=True)
class Lock:
    """A key that has just been locked (for the audit log)."""

    kind: Kind
    key: str
    failures: int
    seconds: float


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0
    not_before: float = 0.0
    locked: bool = False
    refused: bool = False  # an attempt was refused during the current wait


def address_key(host: str) -> str:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if ip.version == 6 else str(ip)


def account_key(username: str) -> str:
    return username.strip().casefold()[:64]


class LoginBrake:
    def __init__(self, account: Policy = ACCOUNT, address: Policy = ADDRESS, *,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self.policies: dict[Kind, Policy] = {"account": account, "address": address}
        self.clock = clock
        self.max_keys = max_keys
        self._counts: dict[tuple[Kind, str], _Count] = {}
        self._lock = threading.Lock()

    def _keys(self, username: str, address: str) -> list[tuple[Kind, str]]:
        return [("account", account_key(username)), ("address", address_key(address))]

    def _current(self, key: tuple[Kind, str], now: float) -> _Count | None:
        count = self._counts.get(key)
        if count is not None and now >= count.not_before and \
                now - count.last >= self.policies[key[0]].forget_after:
            del self._counts[key]
            return None
        return count

    def refusal(self, username: str, address: str) -> Refusal | None:
        """Why this attempt may not be tried now, or None. The longest wait wins."""
        now = self.clock()
        worst: Refusal | None = None
        with self._lock:
            for key in self._keys(username, address):
                count = self._current(key, now)
                if count is None or now >= count.not_before:
                    continue
                first = not count.refused
                count.refused = True
                r = Refusal(key[0], count.not_before - now, count.locked, first)
                if worst is None or r.retry_after > worst.retry_after:
                    worst = r
        return worst

    def failed(self, username: str, address: str) -> list[Lock]:
        """Count a wrong password; returns the locks it started."""
        now = self.clock()
        locks = []
        with self._lock:
            for key in self._keys(username, address):
                count = self._current(key, now)
                if count is None:
                    count = self._counts[key] = _Count()
                    self._prune()
                count.failures += 1
                count.last = now
                wait, locked = self.policies[key[0]].wait_after(count.failures)
                if locked and not count.locked:
                    locks.append(Lock(key[0], key[1], count.failures, wait))
                count.not_before, count.locked, count.refused = now + wait, locked, False
        return locks

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._counts.pop(("account", account_key(username)), None)

    def _prune(self) -> None:
        if len(self._counts) <= self.max_keys:
            return
        now = self.clock()
        for key in list(self._counts):
            self._current(key, now)
        while len(self._counts) > self.max_keys:  # still full: the oldest keys go first
            del self._counts[next(iter(self._counts))]
