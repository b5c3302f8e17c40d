"""`publish-script FILE`: call scripts (话术) authored as YAML files, validated, published as
a new version of the campaign's script (the desktops receive it on their next pull).

    campaign: DATAPK
    title: Data pack offer / 流量包推荐
    steps:                       # the first step is where the call starts
      - id: open
        kind: say                # say / question / disclosure / pitch / objection / close
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

Errors carry the file's line: an unknown placeholder, a goto/next to a missing step, an
unreachable step, a duplicate id, a wrong field. Nothing is published unless all pass.
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
from wire.schema import ScriptStep

# What the desktop fills in (app/services/queue.py QueueService._render).
PLACEHOLDERS = frozenset({"customer_name", "agent_name", "company", "offer_name",
                          "offer_price", "offer_term", "plan_name"})
TEXT_FIELDS = ("title", "title_zh", "text", "text_zh")


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


def _line(node: yaml.Node | None, default: int = 1) -> int:
    return node.start_mark.line + 1 if node is not None else default


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def placeholders(text: str) -> list[str]:
    try:
        return [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        return ["<unbalanced braces>"]


def validate(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document and its validated steps, or ScriptInvalid with every error's line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        root = yaml.compose(text)
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ScriptInvalid(path, [(mark.line + 1 if mark else 1, f"not valid YAML: {exc}")]) \
            from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptInvalid(path, [(1, f"cannot read the file: {exc}")]) from exc
    errors: list[tuple[int, str]] = []
    if not isinstance(doc, dict) or root is None:
        raise ScriptInvalid(path, [(1, "the file must be a mapping with campaign, title, steps")])
    for key in ("campaign", "title", "steps"):
        if not doc.get(key):
            errors.append((1, f"`{key}` is required"))
    steps_node = _child(root, "steps")
    raw_steps = doc.get("steps") or []
    if not isinstance(raw_steps, list) or not isinstance(steps_node, yaml.SequenceNode):
        raise ScriptInvalid(path, errors + [(_line(steps_node), "`steps` must be a list")])
    steps: list[dict[str, Any]] = []
    lines: dict[str, int] = {}
    broken: set[str] = set()  # ids of steps with errors of their own: no follow-on errors
    for raw, node in zip(raw_steps, steps_node.value, strict=True):
        ln = _line(node)
        try:
            step = ScriptStep.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                field = _child(node, str(err["loc"][0])) if err["loc"] else None
                errors.append((_line(field, ln), f"step {where}: {err['msg']}"))
            if isinstance(raw, dict) and raw.get("id"):
                broken.add(str(raw["id"]))
            continue
        if step.id in lines:
            errors.append((ln, f"duplicate step id {step.id!r} (first on line {lines[step.id]})"))
            continue
        lines[step.id] = ln
        for f in TEXT_FIELDS:
            for name in placeholders(getattr(step, f)):
                if name not in PLACEHOLDERS:
                    errors.append((_line(_child(node, f), ln),
                                   f"step {step.id}: unknown placeholder {{{name}}} in {f} "
                                   f"(known: {', '.join(sorted(PLACEHOLDERS))})"))
        steps.append(step.model_dump())
    ids = {s["id"] for s in steps} | broken
    for s, node in ((s, n) for s, n in zip(steps, _nodes(steps_node, steps), strict=True)):
        targets = ([("next", s["next"], _child(node, "next"))] if s["next"] else []) + [
            ("goto", b["goto"], _child(bn, "goto"))
            for b, bn in zip(s["branches"], _seq(_child(node, "branches")), strict=False)]
        for what, target, tnode in targets:
            if target not in ids:
                errors.append((_line(tnode, lines[s["id"]]),
                               f"step {s['id']}: {what} to unknown step {target!r}"))
    if steps:
        seen, todo = set(), [steps[0]["id"]]
        by_id = {s["id"]: s for s in steps}
        while todo:
            sid = todo.pop()
            if sid in seen or sid not in by_id:
                continue
            seen.add(sid)
            s = by_id[sid]
            todo += ([s["next"]] if s["next"] else []) + [b["goto"] for b in s["branches"]]
        for s in steps:
            if s["id"] not in seen:
                errors.append((lines[s["id"]], f"step {s['id']}: unreachable from the first "
                               f"step {steps[0]['id']!r}"))
    if errors:
        raise ScriptInvalid(path, errors)
    return doc, steps


def _seq(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _nodes(steps_node: yaml.SequenceNode, steps: list[dict[str, Any]]) -> list[yaml.Node]:
    """The YAML node of each valid step (matched by id)."""
    by_id: dict[str, yaml.Node] = {}
    for n in steps_node.value:
        idn = _child(n, "id")
        if isinstance(idn, yaml.ScalarNode) and idn.value not in by_id:
            by_id[idn.value] = n
    return [by_id[s["id"]] for s in steps]


def publish(session: Session, path: Path, *, actor_id: str | None = None) -> Published:
    doc, steps = validate(path)
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == str(doc["campaign"]))
                           ).first()
    if camp is None:
        raise ScriptInvalid(path, [(1, f"no campaign {doc['campaign']!r} on the server")])
    version = int(session.scalar(select(func.max(m.Script.version))
                                 .where(m.Script.campaign_id == camp.id)) or 0) + 1
    row = m.Script(campaign_id=camp.id, version=version, title=str(doc["title"]),
                   steps=steps, created_at=utcnow())
    session.add(row)
    session.flush()
    changes.emit(session, "script", row.id)
    audit.record(session, actor_id=actor_id, action="script.publish", entity="script",
                 entity_id=row.id, campaign_id=camp.id, version=version, file=path.name)
    return Published(camp.code, row.id, version, len(steps))
