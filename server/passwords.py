"""Password checks that a storm of wrong passwords cannot turn against pulls and pushes.

Each argon2 verification costs ~150 ms of CPU and 64 MiB. The login route used to run it
on the server's few shared worker threads: a 16-thread storm of wrong passwords filled
them all and the two cores with hashing, and other agents' pulls went from 4-10 ms to
26-249 ms. Here:

- the login brake (server.brake) is asked first, in the event loop: an attempt it refuses
  costs no thread, no query and no hash (429 with Retry-After);
- the work that remains (look the user up, verify, count the failure) runs on a pool of its
  own with `workers` threads (1), never on the shared ones, and the brake is asked again
  right before hashing, so attempts that queued up behind a lock are refused there;
- the pool's threads run at a lower CPU priority (Linux: nice +10, per thread; argon2's own
  lane threads inherit it), so pulls and pushes get the cores first, and after each hash
  the pool rests as long as the hash took (`duty` 0.5): however long a storm lasts,
  hashing takes at most half of one thread's time, and with it half the memory traffic
  (64 MiB a hash) that slows everything else on the machine;
- at most `max_waiting` checks wait for the pool; beyond that an attempt is refused
  ("busy", 429, Retry-After: 1) instead of queueing without end;
- a client that keeps trying during its wait (a storm does; a person reads the first
  answer) gets each further refusal only after `tarpit` seconds (at most the wait itself):
  sleeping in the event loop costs nothing, and it slows every connection of a storm from
  a thousand refused attempts a second to one, which would otherwise keep the event loop
  (and the GIL) as busy as the hashing did.

An unknown username costs the same as a wrong password: the brake, the lookup and a
verification against a hash made with the same parameters.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from server import auth
from server.brake import Lock, LoginBrake, Refusal

log = logging.getLogger(__name__)
LOW_PRIORITY = 10  # nice value of the hashing threads


@dataclass(frozen=True)
class Found:
    """What a check needs of the account: None when the username is unknown."""

    user_id: str
    password_hash: str
    active: bool


@dataclass
class Verdict:
    ok: bool = False
    user_id: str | None = None
    refusal: Refusal | None = None
    busy: bool = False
    locks: list[Lock] = field(default_factory=list)


def _lower_priority() -> None:
    if sys.platform == "linux":  # elsewhere PRIO_PROCESS with a thread id means a process
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOW_PRIORITY)
        except OSError as exc:  # pragma: no cover - a container may forbid it
            log.warning("password threads keep normal priority: %s", exc)


class PasswordGate:
    def __init__(self, brake: LoginBrake, *, workers: int = 1, max_waiting: int = 32,
                 tarpit: float = 1.0, duty: float = 0.5) -> None:
        self.brake = brake
        self.duty = duty
        self._rest_until = 0.0  # (pool threads only)
        self.max_waiting = max_waiting
        self.tarpit = tarpit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="password",
                                        initializer=_lower_priority)
        self._pending = 0  # checks submitted and not finished (event loop only)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def check(self, username: str, address: str, password: str,
                    load: Callable[[], Found | None]) -> Verdict:
        """Is `password` right for `username`? `load` reads the account (in the pool)."""
        refusal = self.brake.refusal(username, address)
        if refusal is not None:
            if not refusal.first:
                await asyncio.sleep(min(self.tarpit, refusal.retry_after))
            return Verdict(refusal=refusal)
        if self._pending >= self.max_waiting:
            await asyncio.sleep(self.tarpit)
            return Verdict(busy=True)
        self._pending += 1
        try:
            return await asyncio.wrap_future(
                self._pool.submit(self._check, username, address, password, load))
        finally:
            self._pending -= 1

    async def hash(self, password: str) -> str:
        """A new password's hash, on the same low-priority pool."""
        return await asyncio.wrap_future(self._pool.submit(auth.hash_password, password))

    def _check(self, username: str, address: str, password: str,
               load: Callable[[], Found | None]) -> Verdict:
        # Rest after the previous hash in proportion to its cost, so that hashing takes at
        # most `duty` of the time. A login after a quiet spell never waits.
        time.sleep(max(0.0, self._rest_until - time.monotonic()))
        refusal = self.brake.refusal(username, address)  # it may have locked while we queued
        if refusal is not None:
            return Verdict(refusal=refusal)
        found = load()
        t0 = time.monotonic()
        if found is None:
            auth.verify_password(auth.dummy_hash(), password)
            ok = False
        else:
            ok = auth.verify_password(found.password_hash, password) and found.active
        t1 = time.monotonic()
        self._rest_until = t1 + (t1 - t0) * (1 - self.duty) / self.duty
        if ok:
            self.brake.succeeded(username)
            return Verdict(ok=True, user_id=found.user_id if found else None)
        return Verdict(user_id=found.user_id if found else None,
                       locks=self.brake.failed(username, address))
