"""Call scripts written in Markdown: a small, strict subset, read line by line into the
structure of the YAML form (server/planning/scripts_io.py checks both the same way).

    ---
    campaign: DATAPK
    title: Data pack offer / 流量包推荐
    ---

    ## Opening / 开场白 {#open say}

    Hello {customer_name}, this is {agent_name} from {company}.
    Do you have two minutes?

    > {customer_name}您好，我是{company}的{agent_name}。请问您现在方便吗？

    - [Yes / 方便](#pitch)
    - [Call back later / 稍后再打](#close)

    Next: #pitch

    ## Terms / 条款 {#terms disclosure mandatory}
    ...

- Front matter (between two `---` lines, YAML): `campaign` and `title`, nothing else. A
  single `# heading` before the first step may give the title instead.
- Each step starts with `## Title / 中文标题 {#id kind}`; the last ` / ` splits the English
  title from the Chinese one (no ` / `: no Chinese title). The braces hold the step's
  `#id`, its kind (say, question, disclosure, pitch, objection, close) and optionally
  `mandatory`. The first step is where the call starts.
- Under it, plain paragraphs are the step's text, `> ` quoted paragraphs its Chinese text.
  A paragraph may wrap: a line break in it becomes a space (nothing between two Chinese
  characters); paragraphs are kept apart by a blank line.
- `- [Label / 中文](#step)` list items are the branches, `Next: #step` the step that
  follows when no branch is taken.
- A one-line `<!-- comment -->` is ignored. Anything else that looks like Markdown
  structure the script has no place for (`###` headings, a list item that is not a
  branch, a second `Next:`) is an error with its line, never silently dropped.
- Variants by segment (issue 22) follow the default steps, each a whole script of its own:

    # Variant: Seniors / 老年客户 {#seniors}

    When: age 60+
    When: network 2G, 3G

    ## Opening / 开场白 {#open say}
    ...

  `When: FIELD VALUE` lines (before the variant's first step) are its rule, all of which
  must hold (wire/variants.py): age and broadband take a range (`60+`, `18-34`), region a
  prefix, district / network / plan_fit / tier a list (commas).

Why by hand: the format is line-oriented and every error must name the writer's line;
a general Markdown parser (markdown-it-py, not a dependency) would still leave us
reading source lines back for the verbatim text and the line numbers.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import yaml

from server.planning.scripts_parsed import Parsed, ParsedVariant, Where
from wire.schema import ScriptStep, VariantRule

KINDS = typing.get_args(ScriptStep.model_fields["kind"].annotation)
FRONT_MATTER_FIELDS = ("campaign", "title")
STEP_HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
BRANCH = re.compile(r"^\[(?P<label>[^\]]*)\]\(#(?P<goto>[^()\s]+)\)$")
BULLET = re.compile(r"^[-*+]\s+(?P<item>.*?)\s*$")
NEXT = re.compile(r"^next\s*[:：]\s*(?P<target>.*?)\s*$", re.IGNORECASE)
STEP_ID = re.compile(r"^#(?P<id>[A-Za-z0-9_.-]+)$")
COMMENT = re.compile(r"^<!--.*-->$")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
FORMAT_HINT = "e.g. ## Opening / 开场白 {#open say}"
VARIANT_HEADING = re.compile(r"^#\s+variant\s*[:：]\s*(?P<title>.*?)\s*"
                             r"(?:\{(?P<attrs>[^{}]*)\})?\s*$", re.IGNORECASE)
WHEN = re.compile(r"^when\s*[:：]\s*(?P<field>\S+)\s*(?P<value>.*?)\s*$", re.IGNORECASE)
VARIANT_HINT = "e.g. # Variant: Seniors / 老年客户 {#seniors}"
WHEN_FIELDS = tuple(VariantRule.model_fields)
LIST_SPLIT = re.compile(r"[,，、\s]+")
NAME_SPLIT = re.compile(r"\s*[,，、]\s*")


def split_zh(text: str) -> tuple[str, str]:
    """'Yes / 方便' -> ('Yes', '方便'); the last ' / ' splits, none: no Chinese part."""
    en, sep, zh = text.rpartition(" / ")
    return (en.strip(), zh.strip()) if sep else (text.strip(), "")


def join_lines(lines: list[str]) -> str:
    """One paragraph's lines: a space between them, nothing between two Chinese characters."""
    out = ""
    for line in lines:
        if out and not (CJK.match(out[-1]) and CJK.match(line[0])):
            out += " "
        out += line
    return out


class _Step:
    def __init__(self, line: int) -> None:
        self.raw: dict[str, Any] = {}
        self.where = Where(line)
        self.paragraphs: dict[str, list[list[str]]] = {"text": [], "text_zh": []}
        self.open: str | None = None  # the field whose paragraph is being written
        self.next_line = 0

    def add_text(self, name: str, ln: int, line: str) -> None:
        if self.open != name:
            self.paragraphs[name].append([])
            self.open = name
        self.paragraphs[name][-1].append(line)
        self.where.fields.setdefault(name, []).append((ln, line))

    def finish(self) -> None:
        for name, paras in self.paragraphs.items():
            if paras:
                self.raw[name] = "\n\n".join(join_lines(p) for p in paras)


def _front_matter(lines: list[str], errors: list[tuple[int, str]]) \
        -> tuple[dict[str, Any] | None, int]:
    """The front matter's fields (None: unreadable, reported) and the index of the first
    line after it."""
    if not lines or lines[0].strip() != "---":
        errors.append((1, "a Markdown script starts with front matter: a --- line, "
                          "campaign: and title:, and a closing --- line"))
        return None, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        errors.append((1, "the front matter opened on line 1 is not closed by a --- line"))
        return None, len(lines)
    text = "\n".join(lines[1:end])
    try:
        root = yaml.compose(text)
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        errors.append((mark.line + 2 if mark else 1, f"front matter is not valid YAML: "
                       f"{problem}"))
        return None, end + 1
    if not isinstance(doc, dict) or not isinstance(root, yaml.MappingNode):
        errors.append((2, "the front matter must be campaign: and title: lines"))
        return None, end + 1
    for k, _ in root.value:
        if k.value not in FRONT_MATTER_FIELDS:
            errors.append((k.start_mark.line + 2, f"unknown front matter field {k.value!r} "
                           f"(known: {', '.join(FRONT_MATTER_FIELDS)})"))
    return {k: doc[k] for k in FRONT_MATTER_FIELDS if doc.get(k) is not None}, end + 1


def _heading(step: _Step, ln: int, line: str, errors: list[tuple[int, str]]) -> bool:
    """Fill a step from its `## Title / 中文 {#id kind}` line; False if it cannot be read."""
    hm = STEP_HEADING.match(line)
    if hm is None:
        errors.append((ln, f"a step heading ends with {{#id kind}} ({FORMAT_HINT})"))
        return False
    sid, kind, ok = None, None, True
    for tok in hm["attrs"].split():
        im = STEP_ID.match(tok)
        if im and sid is None:
            sid = im["id"]
        elif tok == "mandatory" and "mandatory" not in step.raw:
            step.raw["mandatory"] = True
        elif kind is None and not tok.startswith("#"):
            kind = tok
        else:
            errors.append((ln, f"unexpected {tok!r} in {{{hm['attrs']}}}: the braces hold "
                           f"one #id, one kind ({', '.join(KINDS)}) and optionally mandatory"))
            ok = False
    if sid is None:
        errors.append((ln, f"the step heading has no #id in its braces ({FORMAT_HINT})"))
        return False
    step.raw["id"] = sid
    if kind is not None:  # none: the common check reports the missing kind
        step.raw["kind"] = kind
    title, title_zh = split_zh(hm["title"])
    if not title:
        errors.append((ln, f"step {sid}: the heading has no title ({FORMAT_HINT})"))
        ok = False
    step.raw["title"] = title
    if title_zh:
        step.raw["title_zh"] = title_zh
    for name in ("id", "kind", "title", "title_zh", "mandatory"):
        step.where.fields[name] = [(ln, hm["title"])]
    return ok


def _body_line(step: _Step, ln: int, line: str, errors: list[tuple[int, str]]) -> None:
    line = line.strip()
    if line.startswith(">"):
        quoted = line[1:].strip()
        if quoted:
            step.add_text("text_zh", ln, quoted)
        else:
            step.open = None
        return
    bm = BULLET.match(line)
    if bm:
        step.open = None
        link = BRANCH.match(bm["item"])
        if link is None:
            errors.append((ln, f"step {step.raw.get('id', '?')}: a list item must be a branch, "
                           f"- [Label / 中文](#step)"))
            return
        label, label_zh = split_zh(link["label"])
        branch: dict[str, Any] = {"label": label, "goto": link["goto"]}
        if label_zh:
            branch["label_zh"] = label_zh
        step.raw.setdefault("branches", []).append(branch)
        step.where.branches.append({"label": ln, "label_zh": ln, "goto": ln})
        return
    nm = NEXT.match(line)
    if nm:
        step.open = None
        sid = step.raw.get("id", "?")
        im = STEP_ID.match(nm["target"])
        if step.next_line:
            errors.append((ln, f"step {sid}: a second Next: (the first is on line "
                           f"{step.next_line})"))
        elif im is None:
            errors.append((ln, f"step {sid}: Next: names one step as #id, e.g. Next: #close"))
        else:
            step.raw["next"] = im["id"]
            step.where.fields["next"] = [(ln, line)]
            step.next_line = ln
        return
    if line.startswith("#"):
        step.open = None
        errors.append((ln, "only ## headings start steps; other headings have no place in a "
                           "script"))
        return
    step.add_text("text", ln, line)


def parse_markdown(text: str) -> Parsed:
    lines = text.splitlines()
    errors: list[tuple[int, str]] = []
    front, start = _front_matter(lines, errors)
    doc = front if front is not None else {}
    steps: list[_Step] = []
    step: _Step | None = None
    variants: list[tuple[ParsedVariant, list[_Step]]] = []
    title_line = 0
    comment_from = 0  # line of an open multi-line <!-- (an error)
    for i in range(start, len(lines)):
        ln, line = i + 1, lines[i].rstrip()
        stripped = line.strip()
        if comment_from:
            if "-->" in stripped:
                comment_from = 0
            continue
        if not stripped:
            if step is not None:
                step.open = None
            continue
        if COMMENT.match(stripped):
            continue
        if stripped.startswith("<!--"):
            errors.append((ln, "a comment opens and closes on one line: <!-- ... -->"))
            comment_from = ln
            continue
        vm = VARIANT_HEADING.match(line)
        if vm is not None:
            variants.append((_variant_heading(vm, ln, errors), []))
            step = None
            continue
        if line.startswith("## "):
            step = _Step(ln)
            if _heading(step, ln, line, errors) or "id" in step.raw:
                (variants[-1][1] if variants else steps).append(step)
            continue
        if step is None and variants:
            _when(variants[-1][0], ln, stripped, errors)
            continue
        if step is None:
            if line.startswith("# ") and not title_line:
                title_line = ln
                if doc.get("title"):
                    errors.append((ln, "the title is in the front matter and in a # heading; "
                                       "keep one"))
                else:
                    doc["title"] = line[2:].strip()
                continue
            errors.append((ln, "text before the first step (a step starts with a ## heading, "
                               f"{FORMAT_HINT})"))
            continue
        _body_line(step, ln, line, errors)
    for key in FRONT_MATTER_FIELDS if front is not None else ():
        if not doc.get(key):
            errors.append((1, f"`{key}` is required in the front matter"))
    if not steps and start < len(lines):  # (an unclosed front matter took every line)
        errors.append((start + 1, "the script has no steps (each starts with a ## heading, "
                       f"{FORMAT_HINT})"))
    for s in steps:
        s.finish()
    for v, vsteps in variants:
        for s in vsteps:
            s.finish()
        v.steps, v.where = [s.raw for s in vsteps], [s.where for s in vsteps]
        if not vsteps:
            errors.append((v.line, f"variant {v.key or '?'}: no steps (each starts with a ## "
                           f"heading after the variant's When: lines)"))
    return Parsed(doc, [s.raw for s in steps], [s.where for s in steps], errors,
                  [v for v, _ in variants])


def _variant_heading(vm: re.Match[str], ln: int, errors: list[tuple[int, str]]
                     ) -> ParsedVariant:
    """`# Variant: Title / 中文 {#key}` -> a variant without its rule and steps yet."""
    title, title_zh = split_zh(vm["title"])
    tokens = (vm["attrs"] or "").split()
    key = ""
    if len(tokens) == 1 and STEP_ID.match(tokens[0]):
        key = tokens[0][1:]
    else:
        errors.append((ln, f"a variant heading ends with {{#key}} and nothing else "
                       f"({VARIANT_HINT})"))
    if not title:
        errors.append((ln, f"variant {key or '?'}: the heading has no title ({VARIANT_HINT})"))
    return ParsedVariant(line=ln, key=key, title=title, title_zh=title_zh, when={},
                         when_lines={}, steps=[], where=[])


def _when(v: ParsedVariant, ln: int, line: str, errors: list[tuple[int, str]]) -> None:
    """One `When: field value` line of a variant's rule (before its first step)."""
    wm = WHEN.match(line)
    if wm is None:
        errors.append((ln, f"variant {v.key or '?'}: before its first step only When: lines "
                       f"(e.g. When: age 60+) may stand"))
        return
    name, value = wm["field"].lower(), wm["value"]
    if name not in WHEN_FIELDS:
        errors.append((ln, f"variant {v.key or '?'}: unknown When: field {name!r} "
                       f"(known: {', '.join(WHEN_FIELDS)})"))
        return
    if name in v.when:
        errors.append((ln, f"variant {v.key or '?'}: a second When: {name} (the first is on "
                       f"line {v.when_lines[name]})"))
        return
    if not value:
        errors.append((ln, f"variant {v.key or '?'}: When: {name} has no value"))
        return
    kind = VariantRule.model_fields[name].annotation
    if kind is str:
        v.when[name] = value
    else:
        split = NAME_SPLIT if name == "district" else LIST_SPLIT
        v.when[name] = [p for p in split.split(value) if p]
    v.when_lines[name] = ln
