"""publish-script: a valid YAML or Markdown script becomes a new version (and reaches
desktops); an invalid one is refused with every error's line, and nothing is published.
The same script in both forms gives the same stored steps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning import offers_rules
from server.planning.scripts_io import ScriptInvalid, publish, validate
from server.planning.scripts_md import join_lines, split_zh
from server.planning.targeting import ensure_campaign
from tests.server.conftest import Api
from wire.schema import ScriptStep

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        ensure_campaign(s, offers_rules.builtin("DATAPK"))
        s.commit()
        yield s
    engine.dispose()


def test_publish_creates_new_versions(session: Session) -> None:
    first = publish(session, DATA / "script_good.yaml")
    session.commit()
    second = publish(session, DATA / "script_good.yaml")
    session.commit()
    assert (first.version, second.version, first.steps) == (1, 2, 5)
    row = session.get(m.Script, second.script_id)
    assert row is not None and row.title == "Data pack offer / 流量包推荐 (file)"
    assert [s["id"] for s in row.steps] == ["open", "pitch", "obj_price", "disclose", "close"]
    assert row.steps[3]["mandatory"] is True
    assert row.steps[0]["branches"][1] == {"label": "Call back later", "label_zh": "稍后再打",
                                           "goto": "close"}
    published = set(session.scalars(select(m.SyncChange.entity_id).where(
        m.SyncChange.kind == "script")))
    assert {first.script_id, second.script_id} <= published


def test_errors_carry_their_line(session: Session) -> None:
    with pytest.raises(ScriptInvalid) as exc:
        publish(session, DATA / "script_bad.yaml")
    assert [(ln, msg.split(":")[0]) for ln, msg in exc.value.errors] == [
        (7, "step open"), (14, "step pitch"), (16, "step orphan"), (22, "step close")]
    msgs = [msg for _, msg in exc.value.errors]
    assert "unknown placeholder {balance} in text" in msgs[0]
    assert "goto to unknown step 'nowhere'" in msgs[1]
    assert "unreachable from the first step 'open'" in msgs[2]
    assert "line 7:" in str(exc.value)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(m.Script)) == 0


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("campaign: X\ntitle: t\nsteps:\n  - id: a\n    kind: [say\n", encoding="utf-8")
    with pytest.raises(ScriptInvalid) as exc:
        validate(f)
    assert exc.value.errors[0][0] in (5, 6)


def test_publish_over_http_reaches_a_desktop(api: Api) -> None:
    admin = api.headers(api.account("admin")["username"])
    agent = api.account("agent", 0)["username"]
    cursor = api.pull_all(agent)["cursor"]
    bad = (DATA / "script_bad.yaml").read_bytes()
    r = api.client.post("/api/v1/admin/scripts", content=bad, headers=admin)
    assert r.status_code == 422 and "line 14" in r.json()["message"]
    r = api.client.post("/api/v1/admin/scripts", content=(DATA / "script_good.yaml")
                        .read_bytes(), headers=admin)
    assert r.status_code == 200, r.text
    version = r.json()["version"]
    assert version == 3  # the demo has DATAPK v1 and v2
    scripts = api.pull_all(agent, since=cursor)["scripts"]
    assert [(s["version"], s["title"]) for s in scripts] == [
        (3, "Data pack offer / 流量包推荐 (file)")]


# ------------------------------------------------------------------ Markdown


def test_markdown_and_yaml_give_the_same_stored_steps(session: Session) -> None:
    """The desktop renders what it receives (wire ScriptStep list): the same in both forms."""
    from_yaml = publish(session, DATA / "script_good.yaml")
    from_md = publish(session, DATA / "script_good.md")
    session.commit()
    assert (from_yaml.version, from_md.version) == (1, 2)
    a, b = session.get(m.Script, from_yaml.script_id), session.get(m.Script, from_md.script_id)
    assert a is not None and b is not None
    assert (b.title, b.steps) == (a.title, a.steps)
    assert b.steps[0]["text"] == ("Hello {customer_name}, this is {agent_name} from {company}. "
                                  "You can check this call through our official hotline "
                                  "10000. Do you have two minutes?")  # wrapped lines: a space
    assert b.steps[0]["text_zh"] == ("{customer_name}您好，我是{company}的{agent_name}。"
                                     "您可拨打官方客服热线10000核实本次来电。"
                                     "请问您现在方便吗？")  # no space between Chinese lines
    assert b.steps[3]["mandatory"] is True
    script_out = [ScriptStep.model_validate(x) for x in b.steps]  # what a pull carries
    assert [x.model_dump() for x in script_out] == a.steps


def test_markdown_errors_carry_their_line() -> None:
    with pytest.raises(ScriptInvalid) as exc:
        validate(DATA / "script_bad.md")
    got = exc.value.errors
    assert [ln for ln, _ in got] == [4, 10, 12, 13, 21, 23, 29, 33, 35]
    expect = [
        "unknown front matter field 'owner'",             # wrong field
        "step open: unknown placeholder {balance} in text",  # on the wrapped line
        "step open: goto to unknown step 'nowhere'",
        "step open: a list item must be a branch",
        "step pitch: next to unknown step 'closing'",
        "step orphan: unreachable from the first step 'open'",
        "step pitch: duplicate step id 'pitch' (first on line 17)",
        "only ## headings start steps",
        "step close: kind: Input should be 'say'",        # wrong kind
    ]
    for (_, msg), want in zip(got, expect, strict=True):
        assert want in msg, (want, msg)


def _md(tmp_path: Path, body: str, front: str = "campaign: DATAPK\ntitle: T\n") -> Path:
    f = tmp_path / "s.md"
    f.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return f


@pytest.mark.parametrize(("body", "line", "message"), [
    ("## Open {#open say mandtory}\nHi.\n", 5, "unexpected 'mandtory'"),
    ("## Open {#open}\nHi.\n", 5, "step open: kind: Field required"),
    ("## Open\nHi.\n", 5, "a step heading ends with {#id kind}"),
    ("## Open {#open say}\n", 5, "step open: text: Field required"),
    ("## Open {#open say}\nHi.\nNext: close\n", 7, "Next: names one step as #id"),
    ("## Open {#open say}\nHi.\nNext: #a\nnext: #b\n## A {#a say}\nA\n", 8,
     "a second Next: (the first is on line 7)"),
    ("Hello\n## Open {#open say}\nHi.\n", 5, "text before the first step"),
    ("## Open {#open say}\nHi.\n- [Go {offer_name}](#open)\n", 7,
     "placeholder {offer_name} in a branch label"),
    ("## Open {#open say}\nHi {customer_name\n", 6, "unknown placeholder {<unbalanced"),
    ("## Open {#open say}\n<!-- a note\nthat goes on -->\nHi.\n", 6,
     "a comment opens and closes on one line"),
])
def test_markdown_error_kinds(tmp_path: Path, body: str, line: int, message: str) -> None:
    with pytest.raises(ScriptInvalid) as exc:
        validate(_md(tmp_path, body))
    assert any(ln == line and message in msg for ln, msg in exc.value.errors), \
        exc.value.errors


@pytest.mark.parametrize(("text", "line", "message"), [
    ("## Open {#open say}\nHi.\n", 1, "a Markdown script starts with front matter"),
    ("---\ncampaign: DATAPK\n## Open {#open say}\nHi.\n", 1, "is not closed"),
    ("---\ncampaign: [DATAPK\n---\n## Open {#open say}\nHi.\n", 2,
     "front matter is not valid YAML"),
    ("---\ncampaign: DATAPK\n---\n## Open {#open say}\nHi.\n", 1, "`title` is required"),
    ("---\ncampaign: DATAPK\ntitle: T\n---\n\n", 5, "the script has no steps"),
])
def test_markdown_front_matter_errors(tmp_path: Path, text: str, line: int,
                                      message: str) -> None:
    f = tmp_path / "s.markdown"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScriptInvalid) as exc:
        validate(f)
    assert any(ln == line and message in msg for ln, msg in exc.value.errors), \
        exc.value.errors


def test_markdown_title_from_heading_and_paragraphs(tmp_path: Path) -> None:
    f = tmp_path / "s.md"
    f.write_text("---\ncampaign: DATAPK\n---\n# Retention call / 维系\n\n"
                 "## Check / 核实 {#check question}\nFirst line\ngoes on.\n\nSecond.\n"
                 "> 第一段\n> 接着写。\n>\n> 第二段\n", encoding="utf-8")
    doc, steps = validate(f)
    assert doc["title"] == "Retention call / 维系"
    assert steps[0]["title"] == "Check" and steps[0]["title_zh"] == "核实"
    assert steps[0]["text"] == "First line goes on.\n\nSecond."
    assert steps[0]["text_zh"] == "第一段接着写。\n\n第二段"


def test_split_and_join_helpers() -> None:
    assert split_zh("Call back later / 稍后再打") == ("Call back later", "稍后再打")
    assert split_zh("A/B test") == ("A/B test", "")
    assert split_zh("Either / or / 二选一") == ("Either / or", "二选一")
    assert join_lines(["Hello", "there"]) == "Hello there"
    assert join_lines(["您好，", "请问"]) == "您好，请问"
    assert join_lines(["办理", "5G"]) == "办理 5G"


def test_yaml_unknown_field_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("campaign: DATAPK\ntitle: T\nsteps:\n  - id: a\n    kind: disclosure\n"
                 "    title: Terms\n    text: x\n    mandatroy: true\n", encoding="utf-8")
    with pytest.raises(ScriptInvalid) as exc:
        validate(f)
    assert exc.value.errors[0][0] == 8 and "unknown field 'mandatroy'" in \
        exc.value.errors[0][1]


def test_publish_markdown_over_http(api: Api) -> None:
    admin = api.headers(api.account("admin")["username"])
    r = api.client.post("/api/v1/admin/scripts", params={"filename": "bad.md"},
                        content=(DATA / "script_bad.md").read_bytes(), headers=admin)
    assert r.status_code == 422 and "line 33" in r.json()["message"]
    r = api.client.post("/api/v1/admin/scripts", params={"filename": "datapk.md"},
                        content=(DATA / "script_good.md").read_bytes(), headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["steps"] == 5
    r = api.client.post("/api/v1/admin/scripts", params={"filename": "datapk.docx"},
                        content=b"x", headers=admin)
    assert r.status_code == 400
