"""What the OpenAPI description says about the routes that do not speak JSON: a raw file
as the request body (imports, scripts, recordings) and a CSV or audio answer. Clients and
the API fuzz test (tests/server/test_fuzz.py) read the description; it must be true."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response

_BINARY = {"type": "string", "format": "binary"}
SPREADSHEET = ("text/csv", "text/plain",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "application/octet-stream")
SCRIPT = ("application/yaml", "text/yaml", "text/markdown", "text/plain")
AUDIO = ("audio/wav", "audio/mpeg", "audio/ogg")


def raw_body(*media_types: str) -> dict[str, Any]:
    """`openapi_extra` of a route that reads `await request.body()` itself."""
    return {"requestBody": {"required": True, "content": {
        t: {"schema": _BINARY} for t in media_types}}}


def file_answer(*media_types: str, description: str) -> dict[int | str, dict[str, Any]]:
    """`responses` of a route answering a file rather than JSON."""
    return {200: {"description": description,
                  "content": {t: {"schema": {"type": "string"}} for t in media_types}}}


class CsvResponse(Response):
    media_type = "text/csv"


def errors_as_json(app: FastAPI) -> None:
    """Every error answer is a JSON ErrorBody, whatever the route's success type is (FastAPI
    would declare a CSV route's errors as CSV)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        first = app.openapi_schema is None
        schema = build()
        if first:
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for status, answer in operation.get("responses", {}).items():
                        content = answer.get("content", {})
                        if status[:1] in "45" and "application/json" not in content:
                            answer["content"] = {"application/json": next(iter(
                                content.values()))} if content else {}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
