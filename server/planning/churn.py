"""Churn (流失预警): the spend-drop warning rule and a white-box decision tree.

The rule is `segmentation.churn_signals` (total spend down 10 %, or data / voice down 20 %,
against the mean of the two earlier months). The model is a scikit-learn
DecisionTreeClassifier, stored as plain arrays (churn_models.tree) and walked in Python:
the path a customer takes is the reason text an agent sees, e.g.

    "monthly spend down 35%, no calls for 2 months -> high risk (82%)"

Method: a time split inside the one snapshot an import gives. Each customer has three
usage months, m1 (three months ago), m2 and m3 (last month), and `churned_on` if they left.
The tree learns from two consecutive months whether the customer leaves in the period
that follows them:

- training features come from m1 and m2 only (WINDOW = 2 months): spend, data and voice
  change from m1 to m2, trailing months without calls, mean spend, tenure dated back one
  month, complaints, days left on the contract after m2;
- the label is 1 when `churned_on` is on or after the first day of m3 (the customer left
  in m3 or since, up to the import), 0 when the customer has not left;
- customers who left before m3 began are left out: their m1 / m2 already hold post-churn
  (zeroed) months, the leak of the old single-snapshot label. m3's usage is never a
  training feature, since for a leaver it is the month they left;
- 30 % of the customers are held out (one example per customer, so the split is by
  customer; stratified by the label; fixed seed). `train` reports the tree's precision,
  recall and ROC AUC on them, the base rate (what flagging everyone would score as
  precision), and the spend-drop rule's figures on the same two months;
- scoring (`Predictor.annotate`) takes the same features from the latest two months, m2
  and m3: the risk of leaving in the coming period.

Limits, said plainly: the horizon is short and fixed (a leaver is seen leaving within
about one to two months of the window); a customer who will leave after the import counts
as staying (censored); the static columns (tenure, complaints, contract end) are as of the
import, so a complaint filed on the way out is counted as if known before (arrears are
left out for that reason: a leaver's unpaid final bill is post-churn information); one
window per customer gives little data, and the leaf percentages are class-balanced
shares, not calibrated probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server.db import utcnow
from server.planning.models import ChurnModel
from server.planning.segmentation import CUSTOMER_COLS, churn_signals

FEATURES = ["spend_drop", "data_drop", "voice_drop", "months_without_calls",
            "tenure_months", "complaints", "arpu_yuan", "contract_days_left"]
NO_CONTRACT = 9999
HIGH, MEDIUM = 0.6, 0.3
WINDOW = 2  # usage months a prediction is made from
METHOD = "time-split: features m1-m2, label left in m3 or since; scored on m2-m3"


class NotEnoughData(ValueError):
    pass


def vector(f: dict[str, Any]) -> list[float]:
    return [float(NO_CONTRACT if f[k] is None else f[k]) for k in FEATURES]


def _phrase(name: str, v: Any) -> tuple[str, str]:
    if name in ("spend_drop", "data_drop", "voice_drop"):
        what, what_zh = {"spend_drop": ("monthly spend", "月消费"),
                         "data_drop": ("data use", "数据流量"),
                         "voice_drop": ("call minutes", "通话分钟")}[name]
        if v > 0:
            return f"{what} down {v:.0%}", f"{what_zh}下降{v:.0%}"
        return f"{what} not down", f"{what_zh}未下降"
    if name == "months_without_calls":
        n = int(v)
        if n:
            return f"no calls for {n} month{'s' if n > 1 else ''}", f"连续{n}个月无通话"
        return "made calls last month", "上月有通话"
    if name == "tenure_months":
        return f"{int(v)} months in network", f"在网{int(v)}个月"
    if name == "complaints":
        return f"{int(v)} complaint{'s' if int(v) != 1 else ''}", f"投诉{int(v)}次"
    if name == "arpu_yuan":
        return f"spends {v:.0f} yuan a month", f"月均消费{v:.0f}元"
    if v is None or v >= NO_CONTRACT:
        return "no contract", "无合约"
    return f"contract ends in {int(v)} days", f"合约{int(v)}天后到期"


def risk_label(p: float) -> tuple[str, str]:
    if p >= HIGH:
        return "high risk", "高风险"
    if p >= MEDIUM:
        return "medium risk", "中风险"
    return "low risk", "低风险"


@dataclass
class Tree:
    """A fitted tree as arrays: walk() gives the probability of churn and the path."""

    features: list[str]
    left: list[int]
    right: list[int]
    feature: list[int]
    threshold: list[float]
    p_churn: list[float]

    @classmethod
    def from_sklearn(cls, clf: Any, names: list[str]) -> Tree:
        t = clf.tree_
        values = t.value[:, 0, :]
        churn_col = list(clf.classes_).index(1) if 1 in clf.classes_ else None
        p = [float(row[churn_col] / row.sum()) if churn_col is not None and row.sum() else 0.0
             for row in values]
        return cls(names, [int(x) for x in t.children_left], [int(x) for x in t.children_right],
                   [int(x) for x in t.feature], [float(x) for x in t.threshold], p)

    def to_json(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "feature": self.feature,
                "threshold": self.threshold, "p_churn": self.p_churn}

    @classmethod
    def from_json(cls, names: list[str], d: dict[str, Any]) -> Tree:
        return cls(names, d["left"], d["right"], d["feature"], d["threshold"], d["p_churn"])

    def walk(self, x: list[float]) -> tuple[float, list[int]]:
        node, used = 0, []
        while self.left[node] != -1:
            fi = self.feature[node]
            if fi not in used:
                used.append(fi)
            node = self.left[node] if x[fi] <= self.threshold[node] else self.right[node]
        return self.p_churn[node], used

    def explain(self, f: dict[str, Any]) -> tuple[float, str, str]:
        """(risk, reason, reason_zh): the customer's values of the features on the path."""
        p, used = self.walk(vector(f))
        parts = [_phrase(self.features[i], f[self.features[i]]) for i in used]
        label, label_zh = risk_label(p)
        en = ", ".join(a for a, _ in parts) or "no decisive signal"
        zh = "，".join(b for _, b in parts) or "无明显信号"
        return p, f"{en} -> {label} ({p:.0%})", f"{zh} -> {label_zh}（{p:.0%}）"

    def rules_text(self) -> str:
        """The whole tree as indented if/else lines (shown by `train-churn`)."""
        out: list[str] = []

        def rec(node: int, depth: int) -> None:
            pad = "  " * depth
            if self.left[node] == -1:
                share = self.p_churn[node]
                out.append(f"{pad}-> churn score {share:.0%} (class-balanced leaf share)")
                return
            name, thr = self.features[self.feature[node]], self.threshold[node]
            out.append(f"{pad}if {name} <= {thr:.3g}:")
            rec(self.left[node], depth + 1)
            out.append(f"{pad}else ({name} > {thr:.3g}):")
            rec(self.right[node], depth + 1)

        rec(0, 0)
        return "\n".join(out)


@dataclass
class TrainResult:
    model_id: str
    metrics: dict[str, Any]
    tree: Tree


def _prf(y: list[int], pred: list[int]) -> dict[str, float]:
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a == 1 and b == 1)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if a == 0 and b == 1)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a == 1 and b == 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "tp": tp, "fp": fp, "fn": fn}


def _month_start(ym: str) -> date:
    y, m = ym.split("-")[:2]
    return date(int(y), int(m), 1)


def _month_after(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def window_features(window: list[dict[str, Any]], row: dict[str, Any], *,
                    months_after: int) -> dict[str, Any]:
    """The model's features from two consecutive usage months (older first) and the
    customer's static columns. `months_after`: usage months of the snapshot after the
    window (1 in training, 0 in scoring), to date the tenure back."""
    sig = churn_signals(window)
    after = _month_after(_month_start(str(window[-1]["month"])))  # first day after it
    end = row.get("contract_end")
    return {
        "spend_drop": sig["spend_drop"], "data_drop": sig["data_drop"],
        "voice_drop": sig["voice_drop"], "months_without_calls": sig["months_without_calls"],
        "tenure_months": max(0, int(row.get("tenure_months") or 0) - months_after),
        "complaints": int(row.get("complaints") or 0),
        "arpu_yuan": round(sum(float(u["spend_yuan"]) for u in window) / len(window), 2),
        "contract_days_left": (end - after).days if end else None,
        "churn_warning": sig["churn_warning"],  # the rule on the same months (not a feature)
    }


def training_example(row: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
    """(features from m1-m2, label: left in m3 or since), or None: not usable (fewer than
    three usage months, or left before m3 began, so m1-m2 may hold post-churn months)."""
    usage = row.get("usage") or []
    if len(usage) < WINDOW + 1:
        return None
    label_from = _month_start(str(usage[-1]["month"]))
    left = row.get("churned_on")
    if left is not None and left < label_from:
        return None
    return window_features(usage[-WINDOW - 1:-1], row, months_after=1), int(left is not None)


def scoring_features(row: dict[str, Any]) -> dict[str, Any] | None:
    """The same features from the latest two months (None: fewer than two months)."""
    usage = row.get("usage") or []
    if len(usage) < WINDOW:
        return None
    return window_features(usage[-WINDOW:], row, months_after=0)


@dataclass
class TrainingData:
    X: list[list[float]]
    y: list[int]
    features: list[dict[str, Any]]
    customers: list[str]
    left_before: int  # left before the label window: not used
    too_short: int  # fewer than three usage months: not used


def training_data(session: Session) -> TrainingData:
    d = TrainingData([], [], [], [], 0, 0)
    for r in session.execute(select(*CUSTOMER_COLS)):
        row = dict(r._mapping)
        ex = training_example(row)
        if ex is None:
            if len(row["usage"] or []) < WINDOW + 1:
                d.too_short += 1
            else:
                d.left_before += 1
            continue
        f, label = ex
        d.X.append(vector(f))
        d.y.append(label)
        d.features.append(f)
        d.customers.append(row["id"])
    return d


def _auc(y: list[int], scores: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, scores)), 4) if 0 < sum(y) < len(y) else 0.5


def train(session: Session, *, today: date | None = None, max_depth: int = 4,
          seed: int = 0, actor_id: str | None = None) -> TrainResult:
    """Fit on 70 % of the customers, report honest figures on the other 30 % (see the
    module docstring for the method). `today` is only recorded (the import's date fixes
    the months)."""
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    today = today or date.today()
    d = training_data(session)
    xs, y, fs = d.X, d.y, d.features
    pos = sum(y)
    if len(y) < 40 or pos < 10 or len(y) - pos < 10:
        raise NotEnoughData(f"need at least 40 customers with three usage months, 10 of "
                            f"them leaving after the first two and 10 not; the server holds "
                            f"{len(y)} with {pos} leaving ({d.left_before} left earlier, "
                            f"{d.too_short} have fewer months)")
    idx = list(range(len(y)))
    tr, te = train_test_split(idx, test_size=0.3, stratify=y, random_state=seed)
    assert not {d.customers[i] for i in tr} & {d.customers[i] for i in te}
    clf = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=max(5, len(tr) // 200),
                                 class_weight="balanced", random_state=seed)
    clf.fit([xs[i] for i in tr], [y[i] for i in tr])
    tree = Tree.from_sklearn(clf, FEATURES)
    y_te = [y[i] for i in te]
    scores = [tree.walk(xs[i])[0] for i in te]
    pred = [1 if p >= 0.5 else 0 for p in scores]
    rule = [int(fs[i]["churn_warning"]) for i in te]
    base = round(sum(y_te) / len(te), 4)
    tree_m = {**_prf(y_te, pred), "auc": _auc(y_te, scores)}
    rule_m = {**_prf(y_te, rule), "auc": _auc(y_te, [float(r) for r in rule])}
    for x in (tree_m, rule_m):
        x["lift"] = round(x["precision"] / base, 2) if base else 0.0
    metrics = {"method": METHOD, "n_train": len(tr), "n_test": len(te),
               "churn_rate_test": base, "churn_rate_train": round(
                   sum(y[i] for i in tr) / len(tr), 4),
               "left_before_window": d.left_before, "too_few_months": d.too_short,
               "tree": tree_m, "spend_drop_rule": rule_m,
               "max_depth": max_depth, "seed": seed, "today": today.isoformat()}
    row = ChurnModel(trained_at=utcnow(), features=FEATURES, tree=tree.to_json(),
                     metrics=metrics)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor_id, action="churn.train", entity="churn_model",
                 entity_id=row.id, **metrics)
    return TrainResult(row.id, metrics, tree)


@dataclass
class Predictor:
    """Adds churn_risk, churn_reason(_zh) and churn_flag to a feature dict."""

    model_id: str | None
    tree: Tree | None

    def annotate(self, f: dict[str, Any], row: dict[str, Any] | None = None) -> None:
        """`f`: the customer's targeting features; `row`: the customer's columns, from
        which the tree's features are taken over the latest two months."""
        mf = scoring_features(row) if self.tree is not None and row is not None else None
        if self.tree is not None and mf is not None:
            p, en, zh = self.tree.explain(mf)
        else:  # no model trained yet (or too little usage): the spend-drop rule alone
            p = 0.5 if f["churn_warning"] else 0.0
            en, zh = _phrase("spend_drop", f["spend_drop"])
            en, zh = f"{en} (warning rule)", f"{zh}（预警规则）"
        f["churn_risk"] = round(p, 3)
        f["churn_reason"], f["churn_reason_zh"] = en, zh
        f["churn_flag"] = bool(f["churn_warning"]) or p >= 0.5


def predictor(session: Session) -> Predictor:
    """The latest model trained by this method; older ones (the single-snapshot label,
    whose figures were optimistic) are not used."""
    for row in session.scalars(select(ChurnModel).order_by(ChurnModel.trained_at.desc())):
        if (row.metrics or {}).get("method") == METHOD:
            return Predictor(row.id, Tree.from_json(list(row.features), row.tree))
    return Predictor(None, None)
