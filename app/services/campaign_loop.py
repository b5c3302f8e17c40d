"""The campaign loop's steps as the manager's workspace and the agent's quiz use them
(issue 22): approval of a plan, the training quiz, the pilot. Online, over ApiClient; no
Qt, nothing kept locally. Every call may raise the client's CallsheetError family, which
the UI turns into words. Routes and models: wire/campaign_loop.py."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from app.api_client import ApiClient
from wire import campaign_loop as w
from wire import churn_tasks as wt

ADM = "/api/v1/admin"
TRAIN = "/api/v1/training"


def _seg(text: str) -> str:
    return quote(text, safe="")


class CampaignLoopService:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    # -- approval
    def plans(self, campaign_code: str) -> list[w.PlanStatus]:
        return self._client.get_list(f"{ADM}/campaigns/{_seg(campaign_code)}/plan-approvals",
                                     w.PlanStatus)

    def submit(self, plan_id: str, note: str = "") -> w.PlanStatus:
        return self._client.post_model(f"{ADM}/plans/{_seg(plan_id)}/submit",
                                       w.PlanSubmit(note=note), w.PlanStatus)

    def review(self, plan_id: str, *, approve: bool, comment: str) -> w.PlanStatus:
        body = w.PlanReview(decision="approve" if approve else "reject", comment=comment)
        return self._client.post_model(f"{ADM}/plans/{_seg(plan_id)}/review", body,
                                       w.PlanStatus)

    # -- training
    def quiz(self, campaign_code: str) -> w.QuizOut:
        """The quiz with its answers (the editor's copy)."""
        return self._client.get_model(f"{ADM}/campaigns/{_seg(campaign_code)}/quiz",
                                      w.QuizOut)

    def publish_quiz(self, campaign_code: str, quiz: w.QuizIn) -> w.QuizOut:
        return self._client.put_model(f"{ADM}/campaigns/{_seg(campaign_code)}/quiz", quiz,
                                      w.QuizOut)

    def my_training(self) -> list[w.TrainingStatus]:
        return self._client.get_list(TRAIN, w.TrainingStatus)

    def quiz_to_take(self, campaign_code: str) -> w.QuizOut:
        """The agent's copy, without the answers."""
        return self._client.get_model(f"{TRAIN}/{_seg(campaign_code)}/quiz", w.QuizOut)

    def answer(self, campaign_code: str, version: int, answers: list[int]) -> w.QuizResult:
        return self._client.post_model(f"{TRAIN}/{_seg(campaign_code)}/answers",
                                       w.QuizAnswers(version=version, answers=answers),
                                       w.QuizResult)

    # -- caps and targets
    def targets(self, team: str) -> w.TeamTargets:
        return self._client.get_model(f"{ADM}/team-targets", w.TeamTargets, team=team)

    def set_targets(self, team: str, targets: w.TeamTargets) -> w.TeamTargets:
        return self._client.put_model(f"{ADM}/team-targets?{urlencode({'team': team})}",
                                      targets, w.TeamTargets)

    # -- pilot
    def start_pilot(self, campaign_code: str, *, plan_id: str, name: str,
                    agents: list[str], share: float) -> w.PilotReport:
        body = w.PilotRequest(plan_id=plan_id, name=name, agents=agents, share=share)
        return self._client.post_model(f"{ADM}/campaigns/{_seg(campaign_code)}/pilot", body,
                                       w.PilotReport)

    def pilots(self, plan_id: str) -> list[w.PilotReport]:
        return self._client.get_list(f"{ADM}/plans/{_seg(plan_id)}/pilots", w.PilotReport)

    def pilot(self, pilot_id: str) -> w.PilotReport:
        return self._client.get_model(f"{ADM}/pilots/{_seg(pilot_id)}", w.PilotReport)

    def decide(self, pilot_id: str, decision: str, comment: str = "") -> w.PilotReport:
        body = w.PilotDecisionIn.model_validate({"decision": decision, "comment": comment})
        return self._client.post_model(f"{ADM}/pilots/{_seg(pilot_id)}/decision", body,
                                       w.PilotReport)

    # -- issue 22: the account managers' cause-analysis tasks
    def churn_tasks(self, status: str = "open") -> list[wt.ChurnTaskOut]:
        """The caller's tasks (an admin's: every task); status open, closed or all."""
        return self._client.get_list("/api/v1/churn-tasks", wt.ChurnTaskOut, status=status)

    def close_churn_task(self, task_id: str, finding: str) -> wt.ChurnTaskOut:
        return self._client.post_model(f"/api/v1/churn-tasks/{_seg(task_id)}/close",
                                       wt.ChurnTaskClose(finding=finding), wt.ChurnTaskOut)
