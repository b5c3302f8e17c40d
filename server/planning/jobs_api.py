"""Query parameters of the customer import the manager's desktop sends: the column mapping
(JSON) and the job id whose progress and cancel server/planning/jobs.py keeps."""

from __future__ import annotations

import json
from collections.abc import Callable

from server.errors import ApiError
from server.planning import jobs
from server.planning.fields import COLUMNS, FIELDS, Mapping


def mapping_of(columns: str | None) -> Mapping | None:
    """`{"field": "the file's header", ...}` over the default columns; 400 when the text
    is no such object or names a field that does not exist."""
    if not columns:
        return None
    try:
        given = json.loads(columns)
    except ValueError as exc:
        raise ApiError(400, "bad_columns", "columns must be a JSON object: field -> header") \
            from exc
    if not isinstance(given, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in given.items()):
        raise ApiError(400, "bad_columns", "columns must be a JSON object: field -> header")
    unknown = sorted(k for k in given if k not in FIELDS)
    if unknown:
        raise ApiError(400, "bad_columns", f"unknown fields: {', '.join(unknown)[:300]}")
    cols = dict(COLUMNS)
    cols.update({k: v.strip() for k, v in given.items() if v.strip()})
    return Mapping(columns=cols)


def progress_of(job: str | None, kind: str = "customers.import"
                ) -> Callable[[int], None] | None:
    if not job:
        return None
    jobs.start(job, kind)
    return lambda rows: jobs.report(job, rows)
