"""Where a notice after the sale goes (issue 21): the import takes the customer's email and
postal address (also under Chinese headers), refuses a malformed email with its line, and
a re-import changes them; the verifier's fallback (server/aftersale/verify.py) reads them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning.importing import import_customers

TODAY = date(2026, 12, 3)
HEAD = "external_id,name,phone,电子邮箱,通信地址\n"


def _import(db_url: str, path: Path, rows: list[str]) -> tuple[object, dict[str, tuple[str, str]]]:
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            res = import_customers(s, path, today=TODAY, report=path.with_suffix(".err"))
            s.commit()
            got = {e: (mail, post) for e, mail, post in s.execute(select(
                m.Customer.external_id, m.Customer.email, m.Customer.postal_address))}
    finally:
        engine.dispose()
    return res, got


def test_email_and_address_imported_and_a_bad_email_refused_with_its_line(
        db_url: str, tmp_path: Path) -> None:
    res, got = _import(db_url, tmp_path / "c.csv", [
        "N1,张伟,13812340001,zhang.wei@example.cn,广东省广州市天河区体育西路 1 号",
        "N2,王芳,13812340002,,",
        "N3,李娜,13812340003,not-an-address,北京市",        # line 4
        "N4,赵强,13812340004,zhao @example.cn,",             # line 5: a space
        "N5,陈静,13812340005,chen@localhost,",               # line 6: no dot in the domain
    ])
    assert [(line, ext, reason.split(":")[0]) for line, ext, reason in res.errors] == [  # type: ignore[attr-defined]
        (4, "N3", "email"), (5, "N4", "email"), (6, "N5", "email")]
    assert got == {"N1": ("zhang.wei@example.cn", "广东省广州市天河区体育西路 1 号"),
                   "N2": ("", "")}
    # a later file changes them (the same customer, by external id)
    res2, got2 = _import(db_url, tmp_path / "c2.csv", [
        "N1,张伟,13812340001,zw@example.com,上海市",
        "N2,王芳,13812340002,wf@example.com,",
    ])
    assert res2.errors == []  # type: ignore[attr-defined]
    assert got2 == {"N1": ("zw@example.com", "上海市"), "N2": ("wf@example.com", "")}
