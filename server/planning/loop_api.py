"""HTTP routes of the campaign loop's steps (issue 22): approval, training, pilot.
Admins run the loop (/api/v1/admin/...); agents take the quiz (/api/v1/training/...).
Models and paths: wire/campaign_loop.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from fastapi import APIRouter
from sqlalchemy.orm import Session

from server.deps import CurrentUser, ReadSession, Writes
from server.planning import approval, caps, churn_tasks, dialling, ownership, pilot, training
from wire import campaign_loop as w
from wire import churn_tasks as wt

router = APIRouter(prefix="/api/v1", tags=["campaign loop"])
T = TypeVar("T")
ADM = "/admin"


def _write(writes: Writes, work: Callable[[Session], T]) -> T:
    with writes() as s:
        out = work(s)
        s.commit()
        return out


@router.get(ADM + "/campaigns/{code}/plan-approvals")
def list_plans(code: str, user: CurrentUser, s: ReadSession) -> list[w.PlanStatus]:
    """The campaign's plans, newest first, with their approval state."""
    return approval.plans_of(s, code)


@router.post(ADM + "/plans/{plan_id}/submit")
def submit_plan(plan_id: str, body: w.PlanSubmit, user: CurrentUser, writes: Writes
                ) -> w.PlanStatus:
    return _write(writes, lambda s: approval.submit(s, plan_id, actor_id=user.id,
                                                    note=body.note))


@router.post(ADM + "/plans/{plan_id}/review")
def review_plan(plan_id: str, body: w.PlanReview, user: CurrentUser, writes: Writes
                ) -> w.PlanStatus:
    """Approve or reject (with a comment) a submitted plan; not by its submitter (409)."""
    return _write(writes, lambda s: approval.review(
        s, plan_id, actor_id=user.id, decision=body.decision, comment=body.comment))


@router.put(ADM + "/campaigns/{code}/quiz")
def put_quiz(code: str, body: w.QuizIn, user: CurrentUser, writes: Writes) -> w.QuizOut:
    """A new quiz version: every agent passes it before the campaign's queue opens."""
    return _write(writes, lambda s: training.set_quiz(s, code, body, actor_id=user.id))


@router.get(ADM + "/campaigns/{code}/quiz")
def get_quiz_admin(code: str, user: CurrentUser, s: ReadSession) -> w.QuizOut:
    return training.quiz_for(s, code, answers=True)


@router.post(ADM + "/campaigns/{code}/pilot")
def start_pilot(code: str, body: w.PilotRequest, user: CurrentUser, writes: Writes
                ) -> w.PilotReport:
    return _write(writes, lambda s: pilot.start(s, code, body, actor_id=user.id))


@router.get(ADM + "/pilots/{pilot_id}")
def get_pilot(pilot_id: str, user: CurrentUser, s: ReadSession) -> w.PilotReport:
    return pilot.report(s, pilot_id)


@router.get(ADM + "/plans/{plan_id}/pilots")
def list_pilots(plan_id: str, user: CurrentUser, s: ReadSession) -> list[w.PilotReport]:
    return [pilot.report(s, p) for p in pilot.pilots_of(s, plan_id)]


@router.post(ADM + "/pilots/{pilot_id}/decision")
def decide_pilot(pilot_id: str, body: w.PilotDecisionIn, user: CurrentUser, writes: Writes
                 ) -> w.PilotReport:
    return _write(writes, lambda s: pilot.decide(s, pilot_id, body, actor_id=user.id))


@router.get("/training")
def training_status(user: CurrentUser, s: ReadSession) -> list[w.TrainingStatus]:
    """The quizzes of the campaigns the agent has items in, and whether passed."""
    return training.status_for(s, user)


@router.get("/training/{code}/quiz")
def get_quiz(code: str, user: CurrentUser, s: ReadSession) -> w.QuizOut:
    """The newest quiz of the campaign, without its answers."""
    return training.quiz_for(s, code, answers=False)


@router.post("/training/{code}/answers")
def post_answers(code: str, body: w.QuizAnswers, user: CurrentUser, writes: Writes
                 ) -> w.QuizResult:
    return _write(writes, lambda s: training.answer(s, code, body, agent=user))


@router.put(ADM + "/customers/{external_id}/account-manager")
def put_account_manager(external_id: str, body: w.AccountOwnerIn, user: CurrentUser,
                        writes: Writes) -> w.AccountOwnerOut:
    """The customer's account manager: out of outbound lists until released."""
    return _write(writes, lambda s: ownership.set_owner(s, external_id, body.manager,
                                                        actor_id=user.id))


@router.post("/customers/{external_id}/release")
def release_customer(external_id: str, body: w.ReleaseIn, user: CurrentUser,
                     writes: Writes) -> w.AccountOwnerOut:
    """The account manager releases their customer for outbound campaigns (audited)."""
    return _write(writes, lambda s: ownership.release(s, external_id, actor=user,
                                                      note=body.note))


@router.put(ADM + "/team-targets")
def put_targets(team: str, body: w.TeamTargets, user: CurrentUser, writes: Writes
                ) -> w.TeamTargets:
    """Daily volume caps and day / week call targets of a team (`team`: its name or id,
    a query parameter: names hold "/"), audited."""
    return _write(writes, lambda s: caps.put(s, team, body, actor_id=user.id))


@router.get(ADM + "/team-targets")
def get_targets(team: str, user: CurrentUser, s: ReadSession) -> w.TeamTargets:
    return caps.get(s, caps.team_of(s, team).id)


@router.put(ADM + "/campaigns/{code}/windows")
def put_windows(code: str, body: w.CallingWindows, user: CurrentUser, writes: Writes
                ) -> w.CallingWindows:
    """Calling windows per region and audience; the desktops' dial gate gets them with the
    campaign on its next pull. Audited."""
    return w.CallingWindows(windows=_write(writes, lambda s: dialling.set_windows(
        s, code, body.windows, actor_id=user.id)))


# -- issue 22: the account managers' cause-analysis tasks (server/planning/churn_tasks.py)


@router.get("/churn-tasks")
def list_churn_tasks(user: CurrentUser, s: ReadSession,
                     status: Literal["open", "closed", "all"] = "open"
                     ) -> list[wt.ChurnTaskOut]:
    """The caller's cause-analysis tasks (an admin: every task), open first by due time."""
    return churn_tasks.list_tasks(s, user, status)


@router.post("/churn-tasks/{task_id}/close")
def close_churn_task(task_id: str, body: wt.ChurnTaskClose, user: CurrentUser,
                     writes: Writes) -> wt.ChurnTaskOut:
    """Close with the finding (cause and measures); the manager or an admin, audited."""
    return _write(writes, lambda s: churn_tasks.close(s, task_id, actor=user,
                                                      finding=body.finding))
