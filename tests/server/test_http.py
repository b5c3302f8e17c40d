"""Health, OpenAPI and the error shape of malformed requests."""

from __future__ import annotations

from tests.server.conftest import Api


def test_health_and_openapi(api: Api) -> None:
    h = api.client.get("/api/v1/health").json()
    assert h["status"] == "ok" and h["api_version"] == 1 and h["server_time"]
    spec = api.client.get("/openapi.json").json()
    for path in ("/api/v1/auth/login", "/api/v1/sync/pull", "/api/v1/sync/push", "/api/v1/me"):
        assert path in spec["paths"]


def test_malformed_json_is_400_error_body(api: Api) -> None:
    r = api.client.post("/api/v1/sync/push", content=b'{"actions": [',
                        headers={**api.headers(api.account("agent")["username"]),
                                 "Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"code": "malformed_json", "message": "The request body is not valid JSON."}


def test_invalid_body_is_422_with_readable_message(api: Api) -> None:
    r = api.client.post("/api/v1/auth/login", json={"username": "", "password": "x"})
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"code", "message"} and body["code"] == "invalid_request"
    assert "username" in body["message"]


def test_invalid_action_is_rejected_with_readable_message(api: Api) -> None:
    """A push judges each action alone (issue 15): an invalid one is answered in its
    place, not with a 422 for the whole batch."""
    r = api.client.post("/api/v1/sync/push",
                        json={"actions": [{"kind": "outcome", "action_id": "short"}]},
                        headers=api.headers(api.account("agent")["username"]))
    assert r.status_code == 200
    (result,) = r.json()["results"]
    assert result["status"] == "rejected" and result["code"] == "invalid_action"
    assert "action_id" in result["message"] and "queue_item_id" in result["message"]


def test_unknown_route_is_error_body(api: Api) -> None:
    r = api.client.get("/api/v1/nope")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
