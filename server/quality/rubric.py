"""The scoring standard: weighted criteria and critical compliance items, versioned.

A change is a new version (a new row); every score names the version it used, so an
old score still means what it meant when it was given.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit
from server.db import utcnow
from server.errors import ApiError
from server.quality.models import QaRubric
from wire.quality import Criterion, CriticalItem, RubricIn, RubricOut

DEFAULT = RubricIn(
    name="Outbound sales call standard / 外呼营销服务质量标准",
    pass_mark=60.0,
    scale_max=5,
    criteria=[
        Criterion(id="opening", title="Opening and self-introduction", title_zh="开场与自我介绍",
                  weight=15, description="Greets, names self and company, asks for time.",
                  description_zh="问候，报出姓名与公司，询问是否方便。"),
        Criterion(id="identity", title="Identity check", title_zh="身份核实", weight=10,
                  description="Confirms the account holder before discussing the account.",
                  description_zh="谈及账户前先核实机主身份。"),
        Criterion(id="needs", title="Needs discovery", title_zh="需求挖掘", weight=20,
                  description="Asks open questions (SPIN) and listens.",
                  description_zh="运用开放式提问（SPIN）并倾听。"),
        Criterion(id="pitch", title="Offer presented clearly", title_zh="产品介绍清晰",
                  weight=20, description="Features, advantages, benefits, evidence (FABE); "
                  "terms stated exactly.", description_zh="按FABE介绍，条款准确。"),
        Criterion(id="objections", title="Objection handling", title_zh="异议处理", weight=15,
                  description="Acknowledges, answers, never pressures.",
                  description_zh="认同、解答，不施压。"),
        Criterion(id="closing", title="Closing and courtesy", title_zh="结束语与礼貌用语",
                  weight=10, description="Summarises, thanks, polite tone throughout.",
                  description_zh="总结、致谢，全程礼貌。"),
        Criterion(id="record", title="Accurate record", title_zh="记录准确", weight=10,
                  description="Outcome, objection, notes and call-back match the call.",
                  description_zh="结果、异议、备注与回拨时间与通话一致。"),
    ],
    critical=[
        CriticalItem(id="missing_disclosure", title="A mandatory disclosure was not made",
                     title_zh="缺少必要告知", kind="missing_disclosure"),
        CriticalItem(id="dnc_number", title="Called a do-not-call number",
                     title_zh="拨打营销黑名单号码", kind="dnc_number"),
        CriticalItem(id="outside_window", title="Called outside the calling window",
                     title_zh="超出允许外呼时段", kind="outside_window"),
        CriticalItem(id="misleading", title="Misleading or false statement",
                     title_zh="误导或虚假承诺", kind="manual"),
    ],
)


def to_out(r: QaRubric) -> RubricOut:
    return RubricOut(
        id=r.id, version=r.version, name=r.name, pass_mark=r.pass_mark, scale_max=r.scale_max,
        criteria=[Criterion.model_validate(c) for c in r.criteria],
        critical=[CriticalItem.model_validate(c) for c in r.critical], created_at=r.created_at,
    )


def current(session: Session) -> QaRubric:
    """The newest version; the default standard is stored the first time it is needed."""
    row = session.scalars(select(QaRubric).order_by(QaRubric.version.desc())).first()
    if row is None:
        row = publish(session, DEFAULT, actor_id=None)
    return row


def publish(session: Session, body: RubricIn, *, actor_id: str | None) -> QaRubric:
    ids = [c.id for c in body.criteria]
    crit_ids = [c.id for c in body.critical]
    if len(set(ids)) != len(ids) or len(set(crit_ids)) != len(crit_ids):
        raise ApiError(422, "invalid_rubric", "Criterion and critical item ids must be unique.")
    version = (session.scalar(select(func.max(QaRubric.version))) or 0) + 1
    row = QaRubric(name=body.name, version=version,
                   criteria=[c.model_dump() for c in body.criteria],
                   critical=[c.model_dump() for c in body.critical], pass_mark=body.pass_mark,
                   scale_max=body.scale_max, created_by=actor_id, created_at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor_id, action="quality.rubric_publish", entity="qa_rubric",
                 entity_id=row.id, version=version)
    return row


def get(session: Session, rubric_id: str) -> QaRubric:
    row = session.get(QaRubric, rubric_id)
    if row is None:
        raise ApiError(404, "not_found", "No such rubric.")
    return row
