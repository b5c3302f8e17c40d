"""Migration 0007 on SQLite and PostgreSQL: phones stored with full-width digits before the
one normaliser become E.164 with the right digest; a name of 105 code points fits."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from server.db import alembic_config, make_engine
from wire.schema import phone_hash


def test_0007_normalises_stored_phones(db_url: str) -> None:
    cfg = alembic_config(db_url)
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "0006")
    engine = make_engine(db_url)
    bad = "+86137１２３４5002"
    with engine.begin() as c:
        c.execute(text(
            "INSERT INTO customers (id, external_id, name, phone, phone_hash, region, timezone,"
            " star_level, vip, tenure_months, arpu_yuan, plan_name, plan_minutes, plan_data_mb,"
            " usage, handset, network_gen, value_added_services, arrears_yuan, credit_class,"
            " preferred_channel, complaints, value_score, value_tier, plan_fit,"
            " lifecycle_stage, consent_basis) VALUES ('c1', 'B002', 'x', :p, 'h', '', 'UTC',"
            " 0, false, 0, 0, '', 0, 0, '[]', '', '', '[]', 0, '', 'phone', 0, 0, 'C', '',"
            " '', '')"), {"p": bad})
        c.execute(text("INSERT INTO dnc_entries (id, phone, phone_hash, reason, source,"
                       " created_at) VALUES ('d1', :p, 'h', '', 'registry', :t),"
                       " ('d2', '+8613712345002', :h, '', 'registry', :t)"),
                  {"p": "+86１３７１２３４５００２", "h": phone_hash("+8613712345002"),
                   "t": "2026-12-01 00:00:00"})
    command.upgrade(cfg, "head")
    with engine.begin() as c:
        assert c.execute(text("SELECT phone, phone_hash FROM customers")).one() == (
            "+8613712345002", phone_hash("+8613712345002"))
        assert c.execute(text("SELECT id FROM dnc_entries")).scalars().all() == ["d2"]
        c.execute(text("UPDATE customers SET name = :n"), {"n": "\U0001f468\u200d" * 52 + "x"})
    engine.dispose()
