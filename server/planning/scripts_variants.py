"""The checks of a script's variants by segment (issue 22), on top of the checks every
set of steps gets (scripts_io.check, and at publishing the trust rules):

- a key (`#key`: letters, digits, `_ . -`), unique in the file, and a title;
- a rule with at least one condition (a rule that holds for everyone would hide every
  variant after it and the default), each condition readable: age and broadband a range
  (`60+`, `18-34`), network 2G-5G, plan_fit A-D, tier a value tier, region a prefix,
  district a list of names (wire/variants.py reads them);
- every mandatory statement of the default steps (a disclosure ticked before a sale) is a
  mandatory step of the variant too, under the same id: a segment never skips one.

Each error names the line of the variant's heading or of the condition it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from server.planning.scripts_parsed import Parsed, ParsedVariant
from wire.schema import ValueTier, VariantRule
from wire.variants import parse_range

KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
GENS = ("2G", "3G", "4G", "5G")
FITS = ("A", "B", "C", "D")
TIERS = tuple(t.value for t in ValueTier)
Errors = list[tuple[int, str]]
CheckSteps = Callable[[Parsed], tuple[Errors, list[dict[str, Any]]]]


def check_variants(variants: list[ParsedVariant], default: list[dict[str, Any]],
                   check: CheckSteps) -> tuple[Errors, list[dict[str, Any]]]:
    """Every error of the variants and the variants as stored (wire ScriptVariant)."""
    errors: Errors = []
    out: list[dict[str, Any]] = []
    keys: dict[str, int] = {}
    mandatory = [s["id"] for s in default if s.get("mandatory")]
    for v in variants:
        name = f"variant {v.key or '?'}"
        if not KEY.match(v.key):
            errors.append((v.line, f"{name}: the key must be 1-64 letters, digits, _ . -"))
        elif v.key in keys:
            errors.append((v.line, f"{name}: duplicate variant key (first on line "
                           f"{keys[v.key]})"))
        else:
            keys[v.key] = v.line
        if not v.title:
            errors.append((v.line, f"{name}: a title is required"))
        rule = rule_of(v, errors)
        serrs, steps = check(Parsed({}, v.steps, v.where, []))
        errors += [(ln, f"{name}: {msg}") for ln, msg in serrs]
        if v.steps:
            own = {s["id"] for s in steps if s.get("mandatory")}
            for sid in mandatory:
                if sid not in own:
                    errors.append((v.line, f"{name}: lacks the default's mandatory statement "
                                   f"{sid!r} (a step #{sid} marked mandatory)"))
        out.append({"key": v.key, "title": v.title, "title_zh": v.title_zh,
                    "when": rule.model_dump() if rule is not None else {}, "steps": steps})
    return errors, out


def rule_of(v: ParsedVariant, errors: Errors) -> VariantRule | None:
    """The variant's rule, or None with its errors added."""
    name = f"variant {v.key or '?'}"
    if not v.when:
        errors.append((v.line, f"{name}: no When: conditions (a variant for everyone would "
                       f"hide the default; put such steps in the default)"))
        return None
    try:
        rule = VariantRule.model_validate(v.when)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            errors.append((v.when_lines.get(field, v.line), f"{name}: when {field}: "
                           f"{err['msg']}"))
        return None
    unknown = [k for k in v.when if k not in VariantRule.model_fields]
    for k in unknown:
        errors.append((v.when_lines.get(k, v.line), f"{name}: unknown condition {k!r} "
                       f"(known: {', '.join(VariantRule.model_fields)})"))
    before = len(errors)
    for f in ("age", "broadband"):
        value = getattr(rule, f)
        if value and parse_range(value) is None:
            errors.append((v.when_lines.get(f, v.line), f"{name}: {f} {value!r} is no range "
                           f"(e.g. 60+ or 18-34)"))
    for f, allowed in (("network", GENS), ("plan_fit", FITS), ("tier", TIERS)):
        bad = [x for x in getattr(rule, f) if x.upper() not in allowed]
        if bad:
            errors.append((v.when_lines.get(f, v.line), f"{name}: {f} {', '.join(bad)} "
                           f"(known: {', '.join(allowed)})"))
    if unknown or len(errors) > before:
        return None
    return rule.model_copy(update={"network": [g.upper() for g in rule.network],
                                   "plan_fit": [x.upper() for x in rule.plan_fit],
                                   "tier": [x.upper() for x in rule.tier]})
