"""When to try registering again after a failure: truncated exponential backoff with
jitter (as Electrum's NetworkRetryManager), so a registrar that comes back is not met by
every desktop of the centre in the same second. Pure; the SIP thread asks it."""

from __future__ import annotations

import random
from collections.abc import Callable

# Failures that another attempt cannot mend: the account is wrong (the agent or the admin
# must fix the settings or the password). Retried only at the longest interval.
CONFIG_CODES = frozenset({401, 403, 404, 407})


class Backoff:
    def __init__(self, *, base: float = 1.0, cap: float = 60.0,
                 rand: Callable[[], float] = random.random) -> None:
        self.base = base
        self.cap = cap
        self._rand = rand
        self.failures = 0

    def next_delay(self, sip_code: int | None = None) -> float:
        """Seconds until the next attempt after one more failure: base, 2 base, 4 base ...
        up to `cap`, each times a random factor in [0.5, 1)."""
        if sip_code in CONFIG_CODES:
            top = self.cap
        else:
            top = min(self.cap, self.base * (2 ** self.failures))
        self.failures += 1
        return top * (0.5 + self._rand() / 2)

    def succeeded(self) -> None:
        self.failures = 0
