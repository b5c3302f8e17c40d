"""Churn: the spend-drop warning rule, the tree's decision path as reason text, training
with honest held-out figures (a time split: features from m1-m2, label = left in m3 or
since; scoring on m2-m3), tests that would catch a leak of post-churn months into the
features, and a retention plan using the reasons."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from server.db import make_engine, utcnow
from server.orm import session_factory
from server.planning import churn, offers_rules
from server.planning.importing import import_customers
from server.planning.models import ChurnModel
from server.planning.segmentation import churn_signals
from server.planning.synth import header, write_csv
from server.planning.targeting import plan_campaign

TODAY = date(2026, 11, 23)


def _month(spend: float, minutes: int = 100, data: float = 500.0) -> dict[str, Any]:
    return {"month": "x", "data_mb_in_plan": data, "data_mb_out_of_plan": 0.0,
            "minutes_in_plan": minutes, "minutes_out_of_plan": 0, "spend_yuan": spend}


def test_spend_drop_rule() -> None:
    assert churn_signals([_month(100), _month(100), _month(91)])["churn_warning"] == 0.0
    s = churn_signals([_month(100), _month(100), _month(90)])  # total spend down 10 %
    assert s["churn_warning"] == 1.0 and s["spend_drop"] == pytest.approx(0.10)
    # one service down 20 % (minutes), total spend steady
    s = churn_signals([_month(100, 100), _month(100, 100), _month(100, 80)])
    assert s["voice_drop"] == pytest.approx(0.2) and s["churn_warning"] == 1.0
    s = churn_signals([_month(100), _month(0, 0, 0), _month(0, 0, 0)])
    assert s["months_without_calls"] == 2.0


def test_decision_path_is_the_reason_text() -> None:
    names = churn.FEATURES
    sd, mw = names.index("spend_drop"), names.index("months_without_calls")
    # root: spend_drop <= 0.2 ? leaf(5%) : (months_without_calls <= 1.5 ? leaf(40%) : 90%)
    tree = churn.Tree(names, left=[1, -1, 3, -1, -1], right=[2, -1, 4, -1, -1],
                      feature=[sd, -2, mw, -2, -2], threshold=[0.2, -2, 1.5, -2, -2],
                      p_churn=[0.3, 0.05, 0.6, 0.4, 0.9])
    f: dict[str, Any] = {k: 0.0 for k in names}
    f.update(spend_drop=0.35, months_without_calls=2.0, contract_days_left=None)
    p, en, zh = tree.explain(f)
    assert p == 0.9
    assert en == "monthly spend down 35%, no calls for 2 months -> high risk (90%)"
    assert zh == "月消费下降35%，连续2个月无通话 -> 高风险（90%）"
    f.update(spend_drop=0.05)
    assert tree.explain(f)[1] == "monthly spend down 5% -> low risk (5%)"


@pytest.fixture
def session(db_url: str, tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        import_customers(s, write_csv(tmp_path / "syn.csv", 2000), today=TODAY)
        s.commit()
        yield s
    engine.dispose()


def test_train_reports_held_out_precision_and_recall(session: Session) -> None:
    res = churn.train(session, today=TODAY)
    session.commit()
    mt = res.metrics
    assert mt["method"] == churn.METHOD
    # every synthetic leaver left on 2026-11-01, after m3 began: none is left out
    assert (mt["n_train"], mt["n_test"], mt["left_before_window"]) == (1400, 600, 0)
    for name in ("tree", "spend_drop_rule"):
        x = mt[name]
        assert x["precision"] == pytest.approx(x["tp"] / (x["tp"] + x["fp"]), abs=1e-4)
        assert x["recall"] == pytest.approx(x["tp"] / (x["tp"] + x["fn"]), abs=1e-4)
        assert x["lift"] == pytest.approx(x["precision"] / mt["churn_rate_test"], abs=0.01)
    positives = mt["tree"]["tp"] + mt["tree"]["fn"]
    assert positives == mt["spend_drop_rule"]["tp"] + mt["spend_drop_rule"]["fn"]
    assert positives == round(mt["churn_rate_test"] * 600)
    # Honest figures: the synthetic decline is mostly in m3, the month the leavers leave,
    # which the model may not see; what is left (an m2 dip) beats the base rate and the
    # rule, but only just. With m3 leaking in, the same data gave precision 0.47, recall
    # 0.60: figures like that here mean post-churn months reached the features again.
    tree = mt["tree"]
    assert mt["churn_rate_test"] < tree["precision"] < 0.35 and 0.1 < tree["recall"] < 0.6
    assert 0.5 < tree["auc"] < 0.7
    assert tree["precision"] > mt["spend_drop_rule"]["precision"]
    # the stored tree reproduces the fitted one
    again = churn.predictor(session)
    assert again.model_id == res.model_id and again.tree == res.tree
    assert " <= " in res.tree.rules_text()


# ------------------------------------------------------------ leakage guards

M3_START = "2026-10-01"  # TODAY's import: m1 = 2026-08, m2 = 2026-09, m3 = 2026-10


def _usage(spend: float) -> dict[str, str]:
    """One month's columns for a 58-yuan 4G plan (200 min, 2 GB), scaled by spend."""
    f = spend / 58.0
    return {"data_mb": f"{2048 * f:.1f}", "minutes": str(int(200 * f)),
            "spend_yuan": f"{spend:.2f}"}


def _population(path: Path, n: int, *, seed: int, leaver: str) -> Path:
    """n customers, a fifth of them leavers. `leaver` says how a leaver's months look:
    post_churn_only: m1, m2 like everyone's, m3 zeroed (left on 2026-10-15);
    declines_first: spend falls by 70 % from m1 to m2, then m3 zeroed;
    left_early:     as declines_first, but a third left in m2 (2026-09-05)."""
    rng = random.Random(seed)
    cols = header()
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for i in range(n):
            left = rng.random() < 0.2
            base = 58 * rng.lognormvariate(0, 0.3)
            m = [base * rng.uniform(0.9, 1.1) for _ in range(3)]
            churned_on = ""
            if left:
                churned_on = "2026-10-15"
                if leaver != "post_churn_only":
                    m[1] = m[0] * 0.3
                if leaver == "left_early" and i % 3 == 0:
                    churned_on = "2026-09-05"
                m[2] = 0.0
            v = {"external_id": f"L{i:05d}", "name": f"客户{i}", "phone": f"138{i:08d}",
                 "plan_name": "4G 飞享58元套餐", "plan_minutes": "200", "plan_data_mb": "2048",
                 "tenure_months": str(rng.randint(6, 120)), "churned_on": churned_on,
                 "complaints": "0", "arrears_yuan": "0"}
            for k, spend in enumerate(m, start=1):
                v.update({f"m{k}_{key}": val for key, val in _usage(spend).items()})
            w.writerow([v.get(c, "") for c in cols])
    return path


def _trained(db_url: str, tmp_path: Path, leaver: str) -> dict[str, Any]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            import_customers(s, _population(tmp_path / "pop.csv", 1000, seed=3,
                                            leaver=leaver), today=TODAY)
            return churn.train(s, today=TODAY).metrics
    finally:
        engine.dispose()


def test_a_label_only_in_post_churn_months_is_not_learned(db_url: str,
                                                          tmp_path: Path) -> None:
    """The leavers differ from the stayers only in m3, after they left. The snapshot
    method (features over m1-m3) separates them perfectly; the honest one cannot."""
    csv_path = _population(tmp_path / "leak.csv", 1000, seed=3, leaver="post_churn_only")
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    leaky = [churn_signals([{"data_mb_in_plan": float(r[f"m{k}_data_mb"]),
                             "data_mb_out_of_plan": 0.0,
                             "minutes_in_plan": int(r[f"m{k}_minutes"]),
                             "minutes_out_of_plan": 0,
                             "spend_yuan": float(r[f"m{k}_spend_yuan"])} for k in (1, 2, 3)])
             for r in rows]
    assert all((s["months_without_calls"] > 0) == bool(r["churned_on"])
               for s, r in zip(leaky, rows, strict=True))  # the leak is there to be had
    mt = _trained(db_url, tmp_path, "post_churn_only")
    tree = mt["tree"]
    assert 0.15 < mt["churn_rate_test"] < 0.25
    assert tree["auc"] < 0.65, mt  # about chance
    assert tree["precision"] < 0.4 and not (tree["precision"] > 0.9 and tree["recall"] > 0.9)


def test_a_decline_before_leaving_is_learned(db_url: str, tmp_path: Path) -> None:
    """The other side: a signal in the months before the label window is found."""
    mt = _trained(db_url, tmp_path, "declines_first")
    assert mt["tree"]["precision"] > 0.9 and mt["tree"]["recall"] > 0.9
    assert mt["tree"]["auc"] > 0.95


def test_leavers_before_the_label_window_are_left_out(db_url: str, tmp_path: Path) -> None:
    mt = _trained(db_url, tmp_path, "left_early")
    assert mt["left_before_window"] > 0
    assert mt["n_train"] + mt["n_test"] + mt["left_before_window"] == 1000


def test_features_come_from_the_window_and_scoring_from_the_latest_months() -> None:
    month = {"data_mb_out_of_plan": 0.0, "minutes_out_of_plan": 0}
    usage = [{**month, "month": "2026-08", "data_mb_in_plan": 900.0, "minutes_in_plan": 90,
              "spend_yuan": 300.0},
             {**month, "month": "2026-09", "data_mb_in_plan": 500.0, "minutes_in_plan": 100,
              "spend_yuan": 100.0},
             {**month, "month": "2026-10", "data_mb_in_plan": 0.0, "minutes_in_plan": 0,
              "spend_yuan": 65.0}]
    row: dict[str, Any] = {"usage": usage, "tenure_months": 24, "complaints": 1,
                           "contract_end": date(2026, 12, 31), "churned_on": None}
    ex = churn.training_example(row)
    assert ex is not None
    f, label = ex
    assert label == 0 and f["spend_drop"] == pytest.approx(1 - 100 / 300, abs=1e-3)
    assert f["months_without_calls"] == 0 and f["tenure_months"] == 23
    assert f["contract_days_left"] == (date(2026, 12, 31) - date(2026, 10, 1)).days
    assert f["arpu_yuan"] == 200.0
    assert churn.training_example({**row, "churned_on": date(2026, 10, 20)})[1] == 1  # type: ignore[index]
    assert churn.training_example({**row, "churned_on": date(2026, 9, 30)}) is None
    g = churn.scoring_features(row)
    assert g is not None and g["spend_drop"] == pytest.approx(0.35)
    assert g["months_without_calls"] == 1 and g["tenure_months"] == 24
    names = churn.FEATURES
    sd, mw = names.index("spend_drop"), names.index("months_without_calls")
    tree = churn.Tree(names, left=[1, -1, 3, -1, -1], right=[2, -1, 4, -1, -1],
                      feature=[sd, -2, mw, -2, -2], threshold=[0.2, -2, 0.5, -2, -2],
                      p_churn=[0.3, 0.05, 0.6, 0.4, 0.9])
    out: dict[str, Any] = {"churn_warning": 0.0, "spend_drop": 0.0}
    churn.Predictor("m", tree).annotate(out, row)
    assert out["churn_reason"] == "monthly spend down 35%, no calls for 1 month -> high risk (90%)"
    assert out["churn_reason_zh"] == "月消费下降35%，连续1个月无通话 -> 高风险（90%）"
    assert out["churn_flag"] is True and out["churn_risk"] == 0.9


def test_models_of_the_snapshot_method_are_not_used(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        s.add(ChurnModel(trained_at=utcnow(), features=churn.FEATURES,
                         tree={"left": [-1], "right": [-1], "feature": [-2],
                               "threshold": [-2.0], "p_churn": [0.9]},
                         metrics={"tree": {"precision": 0.99}}))
        s.flush()
        assert churn.predictor(s).model_id is None
    engine.dispose()


def test_not_enough_data(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine)() as s, pytest.raises(churn.NotEnoughData):
        churn.train(s, today=TODAY)
    engine.dispose()


def test_retention_plan_uses_the_tree_reasons(session: Session) -> None:
    churn.train(session, today=TODAY)
    res = plan_campaign(session, offers_rules.builtin("RETAIN"), dry_run=True, today=TODAY)
    assert res.churn_model is not None and res.targets
    kept = {x.name: x for x in res.funnel}
    assert kept["still in the network"].dropped > 0  # the churned ones are gone already
    reasons = [r["reason"] for t in res.targets for r in t["recommendations"]]
    assert any(" risk (" in r and r.endswith("-> 20 yuan off for 12 months") for r in reasons)
    assert all("{" not in r for r in reasons)
