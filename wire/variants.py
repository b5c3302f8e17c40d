"""Script variants by segment (issue 22): which variant of a campaign's script an agent
reads to the customer on screen. One pure rule, used by the desktop (app/domain.py renders
the chosen variant, the outcome records its key), by the manager's script preview and by
the server's check of a script file (`parse_range`).

A script's variants are tried in their order; the first whose rule the customer meets is
read, and a customer who meets none gets the script's own steps (the default). A rule's
conditions must all hold; a condition left empty holds for everyone:

- `age`: a range of years, `55+` or `18-34`: the customer's age band lies inside it
  (band `65+` is inside `55+`; band `55-64` is not inside `60+`). No band: no match.
- `region`: a prefix of the customer's region (`广东省` holds `广东省 广州市`).
- `district`: one of these districts / communities (exact, either field).
- `network`: one of these network generations (2G/3G/4G/5G).
- `plan_fit`: one of these plan fits (A-D).
- `tier`: one of these value tiers (A1 ... D).
- `broadband`: a range of broadband speed in Mbit/s, `0-99` or `100+` (no broadband: 0).
"""

from __future__ import annotations

import re

from wire.schema import CustomerOut, ScriptOut, ScriptVariant, VariantRule

RANGE = re.compile(r"^\s*(\d{1,4})\s*(?:(\+)|[-–~]\s*(\d{1,4}))\s*$")
NO_END = 10**6


def parse_range(text: str) -> tuple[int, int] | None:
    """`55+` -> (55, NO_END), `18-34` -> (18, 34); None when it is no range (or low > high)."""
    m = RANGE.match(text)
    if m is None:
        return None
    lo = int(m[1])
    hi = NO_END if m[2] else int(m[3])
    return (lo, hi) if lo <= hi else None


def rule_matches(rule: VariantRule, c: CustomerOut) -> bool:
    """Whether customer `c` meets every condition of `rule`."""
    if rule.age:
        want, band = parse_range(rule.age), parse_range(c.age_band)
        if want is None or band is None or not (want[0] <= band[0] and band[1] <= want[1]):
            return False
    if rule.region and not c.region.startswith(rule.region):
        return False
    if rule.district and c.district not in rule.district and c.community not in rule.district:
        return False
    if rule.network and c.network_gen.upper() not in {g.upper() for g in rule.network}:
        return False
    if rule.plan_fit and c.plan_fit not in rule.plan_fit:
        return False
    if rule.tier and c.value_tier.value not in rule.tier:
        return False
    if rule.broadband:
        speed = parse_range(rule.broadband)
        mbps = c.broadband_mbps or 0
        if speed is None or not speed[0] <= mbps <= speed[1]:
            return False
    return True


def choose_variant(script: ScriptOut | None, customer: CustomerOut) -> ScriptVariant | None:
    """The first variant whose rule the customer meets; None: the default steps."""
    if script is None:
        return None
    return next((v for v in script.variants if rule_matches(v.when, customer)), None)


def variant_key(script: ScriptOut | None, customer: CustomerOut) -> str:
    """The chosen variant's key, "" for the default (what the outcome records)."""
    v = choose_variant(script, customer)
    return v.key if v is not None else ""
