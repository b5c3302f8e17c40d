"""Churn (流失预警): the spend-drop warning rule and a white-box decision tree.

The rule is `segmentation.churn_signals` (total spend down 10 %, or data / voice down 20 %,
against the mean of the two earlier months). The model is a scikit-learn
DecisionTreeClassifier trained on the customers the server holds, labelled by
`customers.churned_on` (set by the billing import for customers who left). It is stored
as plain arrays (churn_models.tree) and walked in Python: the path a customer takes is
the reason text an agent sees, e.g.

    "monthly spend down 35%, no calls for 2 months -> high risk (82%)"

`train` holds out 30 % (stratified, fixed seed) and reports precision and recall of the
tree on that part, next to the spend-drop rule's on the same customers. Caveat, reported
as such: the import is one snapshot, so a customer who already left shows the silent
months that partly define leaving; months_without_calls is a strong, partly circular
feature, and the figures are an upper bound for predicting churn ahead of time.
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
from server.planning.segmentation import features

FEATURES = ["spend_drop", "data_drop", "voice_drop", "months_without_calls",
            "tenure_months", "complaints", "arrears_yuan", "arpu_yuan", "contract_days_left"]
NO_CONTRACT = 9999
HIGH, MEDIUM = 0.6, 0.3


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
    if name == "arrears_yuan":
        return (f"arrears {v:.0f} yuan", f"欠费{v:.0f}元") if v else ("no arrears", "无欠费")
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


def training_data(session: Session, today: date) -> tuple[list[list[float]], list[int],
                                                          list[dict[str, Any]]]:
    from server.planning.targeting import COLS

    X, y, fs = [], [], []
    for r in session.execute(select(*COLS)):
        row = dict(r._mapping)
        if not row["usage"]:
            continue
        f = features(row, today)
        X.append(vector(f))
        y.append(1 if row["churned_on"] is not None else 0)
        fs.append(f)
    return X, y, fs


def train(session: Session, *, today: date | None = None, max_depth: int = 4,
          seed: int = 0, actor_id: str | None = None) -> TrainResult:
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    today = today or date.today()
    X, y, fs = training_data(session, today)
    pos = sum(y)
    if len(y) < 40 or pos < 10 or len(y) - pos < 10:
        raise NotEnoughData(f"need at least 40 customers with usage, 10 of them churned and "
                            f"10 not; the server holds {len(y)} with {pos} churned")
    idx = list(range(len(y)))
    tr, te = train_test_split(idx, test_size=0.3, stratify=y, random_state=seed)
    clf = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=max(5, len(tr) // 200),
                                 class_weight="balanced", random_state=seed)
    clf.fit([X[i] for i in tr], [y[i] for i in tr])
    tree = Tree.from_sklearn(clf, FEATURES)
    y_te = [y[i] for i in te]
    pred = [1 if tree.walk(X[i])[0] >= 0.5 else 0 for i in te]
    rule = [int(fs[i]["churn_warning"]) for i in te]
    metrics = {"n_train": len(tr), "n_test": len(te), "churn_rate_test": round(sum(y_te) /
                                                                                len(te), 4),
               "tree": _prf(y_te, pred), "spend_drop_rule": _prf(y_te, rule),
               "max_depth": max_depth, "seed": seed}
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

    def annotate(self, f: dict[str, Any]) -> None:
        if self.tree is not None:
            p, en, zh = self.tree.explain(f)
        else:  # no model trained yet: the spend-drop rule alone
            p = 0.5 if f["churn_warning"] else 0.0
            en, zh = _phrase("spend_drop", f["spend_drop"])
            en, zh = f"{en} (warning rule)", f"{zh}（预警规则）"
        f["churn_risk"] = round(p, 3)
        f["churn_reason"], f["churn_reason_zh"] = en, zh
        f["churn_flag"] = bool(f["churn_warning"]) or p >= 0.5


def predictor(session: Session) -> Predictor:
    row = session.scalars(select(ChurnModel).order_by(ChurnModel.trained_at.desc())).first()
    if row is None:
        return Predictor(None, None)
    return Predictor(row.id, Tree.from_json(list(row.features), row.tree))

