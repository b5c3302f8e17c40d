"""The password gate's bounds on argon2 work, without a server: one check at a time, on a
low-priority thread, resting after each hash as long as it took, a bounded queue."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time

import pytest
from argon2 import PasswordHasher

import server.auth
from server.brake import LoginBrake
from server.passwords import LOW_PRIORITY, Found, PasswordGate

HASH_SECONDS = 0.1


class SlowHasher(PasswordHasher):
    """A verification that takes HASH_SECONDS, like production argon2 takes ~150 ms."""

    running = 0
    most = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        SlowHasher.running += 1
        SlowHasher.most = max(SlowHasher.most, SlowHasher.running)
        time.sleep(HASH_SECONDS)
        SlowHasher.running -= 1
        return super().verify(hash, password)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> str:
    hasher = SlowHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(server.auth, "_hasher", hasher)
    return hasher.hash("right")


def test_one_hash_at_a_time_at_most_half_the_time(slow: str) -> None:
    gate = PasswordGate(LoginBrake(), workers=1, duty=0.5)
    priorities: list[int] = []

    def load() -> Found:
        priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
                          if sys.platform == "linux" else LOW_PRIORITY)
        return Found("u1", slow, True)

    async def storm() -> list[bool]:
        verdicts = await asyncio.gather(*(gate.check(f"user{n}", f"10.0.0.{n}", "wrong", load)
                                          for n in range(4)))
        return [v.ok for v in verdicts]

    t0 = time.monotonic()
    assert asyncio.run(storm()) == [False] * 4
    took = time.monotonic() - t0
    assert SlowHasher.most == 1, "never two hashes at once"
    assert took >= 7 * HASH_SECONDS * 0.95, "4 hashes with 3 rests between them"
    assert set(priorities) == {LOW_PRIORITY}, "hashing threads run at low priority"
    time.sleep(2 * HASH_SECONDS)  # after a quiet spell a login does not wait
    t0 = time.monotonic()
    assert asyncio.run(gate.check("user9", "10.0.0.9", "right", load)).ok
    assert time.monotonic() - t0 < 2 * HASH_SECONDS
    gate.close()


def test_a_full_queue_is_refused_without_hashing(slow: str) -> None:
    gate = PasswordGate(LoginBrake(), max_waiting=2, tarpit=0.0)

    async def storm() -> list[str]:
        verdicts = await asyncio.gather(*(
            gate.check(f"user{n}", f"10.0.0.{n}", "wrong", lambda: Found("u", slow, True))
            for n in range(5)))
        return ["busy" if v.busy else "checked" for v in verdicts]

    assert sorted(asyncio.run(storm())) == ["busy"] * 3 + ["checked"] * 2
    gate.close()
