"""`publish-script FILE`: call scripts (话术) authored as YAML or Markdown files, validated,
published as a new version of the campaign's script (the desktops receive it on their next
pull). The YAML form:

    campaign: DATAPK
    title: Data pack offer / 流量包推荐
    steps:                       # the first step is where the call starts
      - id: open
        kind: say                # say / question / disclosure / pitch / objection / close
                                 # / rating (1-5) / free_text (survey questions)
        title: Opening
        title_zh: 开场白
        text: "Hello {customer_name}, this is {agent_name} from {company}."
        text_zh: "{customer_name}您好，我是{company}的{agent_name}。"
        branches:
          - {label: "Yes", label_zh: 方便, goto: pitch}
          - {label: "Call back later", label_zh: 稍后再打, goto: close}
        next: pitch
      - {id: pitch, kind: pitch, title: Offer, text: "{offer_name} at {offer_price} yuan",
         next: close}
      - {id: close, kind: close, title: Closing, text: "Thank you, {customer_name}."}

The Markdown form (`.md`, `.markdown`; server/planning/scripts_md.py) reads into the same
structure, and from there both go through the same checks (`check`), so the desktop gets
the same ScriptStep list from either.

Errors carry the file's line: an unknown placeholder, a goto/next to a missing step, an
unreachable step, a duplicate id, a wrong or unknown field, and the trust rules
(server/planning/scripts_trust.py: the opening names the official hotline; no step asks
for money, card or bank data, passwords or codes, or says "press N for a refund"; step
kinds fit the campaign's type). Nothing is published unless all pass.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit, changes
from server import models as m
from server.db import utcnow
from server.planning.scripts_md import parse_markdown
from server.planning.scripts_parsed import Parsed, ParsedVariant, Where
from server.planning.scripts_trust import trust_errors
from server.planning.scripts_variants import check_variants
from wire.schema import ScriptBranch, ScriptStep

# What the desktop fills in (app/services/queue.py QueueService._render).
PLACEHOLDERS = frozenset({"customer_name", "agent_name", "company", "offer_name",
                          "offer_price", "offer_term", "plan_name"})
TEXT_FIELDS = ("title", "title_zh", "text", "text_zh")
STEP_FIELDS = tuple(ScriptStep.model_fields)
BRANCH_FIELDS = tuple(ScriptBranch.model_fields)
MARKDOWN_SUFFIXES = (".md", ".markdown")
VARIANT_FIELDS = ("key", "title", "title_zh", "when", "steps")


class ScriptInvalid(ValueError):
    def __init__(self, path: Path, errors: list[tuple[int, str]]) -> None:
        self.errors = sorted(errors)
        super().__init__(f"{path.name}: {len(errors)} error(s)\n" + "\n".join(
            f"  line {ln}: {msg}" for ln, msg in self.errors))


@dataclass
class Published:
    campaign_code: str
    script_id: str
    version: int
    steps: int


def placeholders(text: str) -> list[str]:
    try:
        return [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        return ["<unbalanced braces>"]


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def validate(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document and its validated steps, or ScriptInvalid with every error's line.

    A `.md` / `.markdown` file is read as Markdown (server/planning/scripts_md.py), any
    other as YAML; both give the same steps for the same script."""
    doc, steps, _ = validate_where(path)
    return doc, steps


def validate_where(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]],
                                        dict[str, Where]]:
    """`validate`, and where each step is in the file (by step id)."""
    c = validate_all(path)
    return c.doc, c.steps, c.where


@dataclass
class Checked:
    """A valid script file: its document, default steps, their places in the file, and
    its variants by segment (issue 22) as stored, each with its steps' places."""

    doc: dict[str, Any]
    steps: list[dict[str, Any]]
    where: dict[str, Where]
    variants: list[tuple[dict[str, Any], dict[str, Where]]]


def validate_all(path: Path) -> Checked:
    """Every check of `validate` on the default steps and on each variant's (the same
    checks, plus the variant's rule and the default's mandatory statements), or
    ScriptInvalid with every error's line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptInvalid(path, [(1, f"cannot read the file: {exc}")]) from exc
    parsed = parse_markdown(text) if is_markdown(path) else parse_yaml(text)
    if not parsed.steps:
        raise ScriptInvalid(path, parsed.errors or [(1, "the script has no steps")])
    errors, steps = check(parsed)
    verrors, variants = check_variants(parsed.variants, steps, check)
    if errors or verrors:
        raise ScriptInvalid(path, errors + verrors)
    return Checked({k: v for k, v in parsed.doc.items() if k != "variants"}, steps,
                   steps_where(parsed.steps, parsed.where),
                   [(v, steps_where(pv.steps, pv.where))
                    for v, pv in zip(variants, parsed.variants, strict=True)])


def steps_where(raw_steps: list[Any], where: list[Where]) -> dict[str, Where]:
    found = {_raw_id(raw): w for raw, w in zip(raw_steps, where, strict=True)}
    return {k: w for k, w in found.items() if k is not None}


# ------------------------------------------------------------------------- YAML


def _line(node: yaml.Node | None, default: int = 1) -> int:
    return node.start_mark.line + 1 if node is not None else default


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _fields(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): _line(v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def parse_yaml(text: str) -> Parsed:
    try:
        root = yaml.compose(text)
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return Parsed({}, [], [], [(mark.line + 1 if mark else 1, f"not valid YAML: {exc}")])
    if not isinstance(doc, dict) or root is None:
        return Parsed({}, [], [], [(1, "the file must be a mapping with campaign, title, "
                                        "steps")])
    errors: list[tuple[int, str]] = []
    for key in ("campaign", "title", "steps"):
        if not doc.get(key):
            errors.append((1, f"`{key}` is required"))
    steps_node = _child(root, "steps")
    raw_steps = doc.get("steps") or []
    if not isinstance(raw_steps, list) or not isinstance(steps_node, yaml.SequenceNode):
        return Parsed(doc, [], [], [*errors, (_line(steps_node), "`steps` must be a list")])
    variants, verrs = _yaml_variants(doc.get("variants"), _child(root, "variants"))
    return Parsed(doc, raw_steps, _steps_where(steps_node), errors + verrs, variants)


def _steps_where(steps_node: yaml.SequenceNode) -> list[Where]:
    where = []
    for node in steps_node.value:
        w = Where(_line(node))
        for name, ln in _fields(node).items():
            value = _child(node, name)
            w.fields[name] = [(ln, value.value if isinstance(value, yaml.ScalarNode) else "")]
        branches = _child(node, "branches")
        if isinstance(branches, yaml.SequenceNode):
            w.branches = [_fields(b) for b in branches.value]
        where.append(w)
    return where


def _yaml_variants(raw: Any, node: yaml.Node | None
                   ) -> tuple[list[ParsedVariant], list[tuple[int, str]]]:
    """`variants: [{key, title, title_zh, when: {...}, steps: [...]}]` (issue 22)."""
    if raw is None:
        return [], []
    if not isinstance(raw, list) or not isinstance(node, yaml.SequenceNode):
        return [], [(_line(node), "`variants` must be a list")]
    out: list[ParsedVariant] = []
    errors: list[tuple[int, str]] = []
    for v, vn in zip(raw, node.value, strict=True):
        ln = _line(vn)
        if not isinstance(v, dict):
            errors.append((ln, "a variant is a mapping: key, title, when, steps"))
            continue
        key = str(v.get("key") or "")
        for k in v:
            if k not in VARIANT_FIELDS:
                errors.append((_fields(vn).get(str(k), ln), f"variant {key or '?'}: unknown "
                               f"field {k!r} (known: {', '.join(VARIANT_FIELDS)})"))
        when = v.get("when") or {}
        when_node = _child(vn, "when")
        steps_node = _child(vn, "steps")
        steps = v.get("steps") or []
        if not isinstance(steps, list) or not isinstance(steps_node, yaml.SequenceNode):
            errors.append((_line(steps_node, ln), f"variant {key or '?'}: `steps` must be a "
                           f"list"))
            steps, where = [], []
        else:
            where = _steps_where(steps_node)
        out.append(ParsedVariant(
            line=ln, key=key, title=str(v.get("title") or ""),
            title_zh=str(v.get("title_zh") or ""),
            when=when if isinstance(when, dict) else {"?": when},
            when_lines=_fields(when_node) if when_node is not None else {},
            steps=steps, where=where))
    return out, errors


# ----------------------------------------------------------------- common checks


def check(parsed: Parsed) -> tuple[list[tuple[int, str]], list[dict[str, Any]]]:
    """Every error (line, message) and the valid steps, whichever form the file was."""
    errors = list(parsed.errors)
    steps: list[dict[str, Any]] = []
    lines: dict[str, int] = {}
    where: dict[str, Where] = {}
    # Steps with errors of their own: their id and targets still count, so that no
    # follow-on error ("unknown step", "unreachable") is reported because of them.
    broken: dict[str, list[str]] = {}
    for raw, w in zip(parsed.steps, parsed.where, strict=True):
        ln = w.line
        sid = _raw_id(raw) or "?"
        unknown = [k for k in raw if k not in STEP_FIELDS] if isinstance(raw, dict) else []
        for k in unknown:
            errors.append((w.at(str(k)), f"step {sid}: unknown field {k!r} "
                           f"(known: {', '.join(STEP_FIELDS)})"))
        for i, b in enumerate(raw.get("branches") or [] if isinstance(raw, dict) else []):
            for k in (b if isinstance(b, dict) else {}):
                if k not in BRANCH_FIELDS:
                    errors.append((w.branch(i, str(k)), f"step {sid}: unknown branch field "
                                   f"{k!r} (known: {', '.join(BRANCH_FIELDS)})"))
                    unknown.append(k)
        try:
            step = ScriptStep.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = err["loc"]
                what = ".".join(str(p) for p in loc)
                if len(loc) >= 3 and loc[0] == "branches" and isinstance(loc[1], int):
                    at = w.branch(loc[1], str(loc[2]))
                else:
                    at = w.at(str(loc[0])) if loc else ln
                errors.append((at, f"step {sid}: {what}: {err['msg']}"))
            if sid != "?":
                broken[sid] = _raw_targets(raw)
            continue
        if unknown:
            broken[step.id] = _raw_targets(raw)
            continue
        if step.id in lines:
            errors.append((ln, f"step {step.id}: duplicate step id {step.id!r} "
                           f"(first on line {lines[step.id]})"))
            continue
        lines[step.id], where[step.id] = ln, w
        for f in TEXT_FIELDS:
            for name in placeholders(getattr(step, f)):
                if name not in PLACEHOLDERS:
                    errors.append((w.find(f, "{" + name), f"step {step.id}: unknown "
                                   f"placeholder {{{name}}} in {f} "
                                   f"(known: {', '.join(sorted(PLACEHOLDERS))})"))
        for i, b in enumerate(step.branches):
            for f in ("label", "label_zh"):
                for name in placeholders(getattr(b, f)):
                    errors.append((w.branch(i, f), f"step {step.id}: placeholder {{{name}}} "
                                   f"in a branch {f} (branch labels are shown as written)"))
        steps.append(step.model_dump())
    ids = {s["id"] for s in steps} | set(broken)
    for s in steps:
        w = where[s["id"]]
        targets = ([("next", s["next"], w.at("next"))] if s["next"] else []) + [
            ("goto", b["goto"], w.branch(i, "goto")) for i, b in enumerate(s["branches"])]
        for what, target, at in targets:
            if target not in ids:
                errors.append((at, f"step {s['id']}: {what} to unknown step {target!r}"))
    if steps:
        first = _raw_id(parsed.steps[0]) or steps[0]["id"]
        edges = dict(broken)
        for s in steps:
            edges[s["id"]] = ([s["next"]] if s["next"] else []) + [b["goto"]
                                                                    for b in s["branches"]]
        seen, todo = set(), [first]
        while todo:
            sid = todo.pop()
            if sid in seen or sid not in edges:
                continue
            seen.add(sid)
            todo += edges[sid]
        for s in steps:
            if s["id"] not in seen:
                errors.append((lines[s["id"]], f"step {s['id']}: unreachable from the first "
                               f"step {first!r}"))
    return errors, steps


def _raw_id(raw: Any) -> str | None:
    return str(raw["id"]) if isinstance(raw, dict) and raw.get("id") else None


def _raw_targets(raw: Any) -> list[str]:
    """The next/goto targets a step that failed validation names, as far as readable."""
    if not isinstance(raw, dict):
        return []
    out = [str(raw["next"])] if isinstance(raw.get("next"), str) else []
    branches = raw.get("branches")
    for b in branches if isinstance(branches, list) else []:
        if isinstance(b, dict) and isinstance(b.get("goto"), str):
            out.append(b["goto"])
    return out


def publishable(session: Session, path: Path) -> tuple[Checked, m.Campaign]:
    """Every check publishing makes, writing nothing: the file's own (`validate_all`), its
    campaign on the server, and the trust rules of that campaign's type on the default
    steps and every variant (scripts_trust). ScriptInvalid with every error's line.
    `publish` and the editor's check (POST /admin/scripts/check) both call this."""
    checked = validate_all(path)
    doc = checked.doc
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == str(doc["campaign"]))
                           ).first()
    if camp is None:
        raise ScriptInvalid(path, [(1, f"no campaign {doc['campaign']!r} on the server")])
    refused = trust_errors(checked.steps, checked.where, camp.campaign_type)
    for v, vwhere in checked.variants:  # every variant: the same trust rules
        refused += [(ln, f"variant {v['key']}: {msg}")
                    for ln, msg in trust_errors(v["steps"], vwhere, camp.campaign_type)]
    if refused:
        raise ScriptInvalid(path, refused)
    return checked, camp


def publish(session: Session, path: Path, *, actor_id: str | None = None) -> Published:
    checked, camp = publishable(session, path)
    doc, steps = checked.doc, checked.steps
    version = int(session.scalar(select(func.max(m.Script.version))
                                 .where(m.Script.campaign_id == camp.id)) or 0) + 1
    row = m.Script(campaign_id=camp.id, version=version, title=str(doc["title"]),
                   steps=steps, variants=[v for v, _ in checked.variants],
                   created_at=utcnow())
    session.add(row)
    session.flush()
    changes.emit(session, "script", row.id)
    audit.record(session, actor_id=actor_id, action="script.publish", entity="script",
                 entity_id=row.id, campaign_id=camp.id, version=version, file=path.name,
                 variants=[v["key"] for v, _ in checked.variants])
    return Published(camp.code, row.id, version, len(steps))
