"""`/metrics`: the server process in the Prometheus text format (prometheus_client).

What is counted (names in docs/deployment.md, "Watching the service"):
- `callsheet_http_requests_total{route,method,status}`: every request by route *template*
  (`/api/v1/quality/calls/{outcome_id}`, never the id itself), method and status;
- `callsheet_http_request_duration_seconds{route}`: latency histogram per route template
  (the long poll's under its own route: it waits up to 25 s on purpose);
- `callsheet_pull_records` / `callsheet_push_actions`: histograms of the records a pull
  page carries (items, do-not-call entries, campaigns...) and the actions a push holds;
- `callsheet_longpoll_waiters`: long polls open right now;
- `callsheet_db_pool_checked_out{pool}` / `callsheet_db_pool_size{pool}`: database
  connections in use, and the pool's steady size (write / read pool);
- `callsheet_desktop_outbox_age_seconds{via}`: the age of the oldest unanswered action a
  desktop reports with each pull and push (`via="pull"|"push"`; a desktop with an empty
  outbox reports nothing). A long tail means desktops whose work is not reaching the server;
- `callsheet_dnc_propagation_seconds`: for each do-not-call entry a pull hands to a
  desktop, the time since the server stored it (pulls from cursor 0 - a new or rebuilt
  desktop reading everything - are not counted: they measure the desktop's absence).

Each process has its own registry and answers for itself: behind a balancer, Prometheus
scrapes every process at its own port (deploy/), not the balancer's address.

Who may read it: anyone *on the server machine itself* (a loopback client, not through a
proxy: a request carrying X-Forwarded-For or Forwarded is refused, as the balancer on the
same machine would otherwise lend every outside caller its loopback address). The policy
table lists the route as public with that note; the numbers hold no personal data.

The hot path: one ASGI middleware reads the matched route from the scope after the
answer and increments a counter and observes a histogram it looked up in a dict keyed by
(route, method, status) - no label parsing per request.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable
from datetime import UTC
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from wire.schema import PullResponse

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_SIZE_BUCKETS = (0, 1, 5, 10, 50, 100, 250, 500, 1000, 2000)
_AGE_BUCKETS = (5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600)
_LAG_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 24 * 3600)
UNMATCHED = "(unmatched)"  # a path no route matched (404): one label, whatever the path
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class _PoolCollector(Collector):
    def __init__(self, engines: dict[str, Engine]) -> None:
        self._engines = engines

    def collect(self) -> Iterable[GaugeMetricFamily]:
        g = GaugeMetricFamily("callsheet_db_pool_checked_out",
                              "Database connections checked out of the pool", labels=["pool"])
        size = GaugeMetricFamily("callsheet_db_pool_size",
                                 "Connections the pool keeps (more may overflow)",
                                 labels=["pool"])
        for name, engine in self._engines.items():
            checked_out: Callable[[], int] | None = getattr(engine.pool, "checkedout", None)
            g.add_metric([name], float(checked_out()) if checked_out else 0.0)
            # QueuePool.size() is a method; SingletonThreadPool (in-memory SQLite) keeps
            # an int of the same name.
            pool_size: Callable[[], int] | int | None = getattr(engine.pool, "size", None)
            if callable(pool_size):
                pool_size = pool_size()
            size.add_metric([name], float(pool_size) if isinstance(pool_size, int) else 0.0)
        yield g
        yield size


class Metrics:
    def __init__(self, engines: dict[str, Engine]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests = Counter("callsheet_http_requests", "HTTP requests answered",
                                 ["route", "method", "status"], registry=self.registry)
        self._latency = Histogram("callsheet_http_request_duration_seconds",
                                  "Time to answer a request", ["route"],
                                  buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.pull_records = Histogram("callsheet_pull_records", "Records in a pull page",
                                   buckets=_SIZE_BUCKETS, registry=self.registry)
        self.push_actions = Histogram("callsheet_push_actions", "Actions in a push batch",
                                      buckets=_SIZE_BUCKETS, registry=self.registry)
        self.push_on_loop = Counter("callsheet_push_on_loop",
                                    "Push batches served on the event loop (server.quick_push)",
                                    registry=self.registry)
        outbox = Histogram("callsheet_desktop_outbox_age_seconds",
                           "Age of the oldest unanswered action, as desktops report it",
                           ["via"], buckets=_AGE_BUCKETS, registry=self.registry)
        self.outbox_age = {via: outbox.labels(via) for via in ("pull", "push")}
        self.dnc_lag = Histogram("callsheet_dnc_propagation_seconds",
                                 "From a do-not-call entry's commit to a pull delivering it",
                                 buckets=_LAG_BUCKETS, registry=self.registry)
        self.waiters = Gauge("callsheet_longpoll_waiters", "Long polls open now",
                             registry=self.registry)
        self.registry.register(_PoolCollector(engines))
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        key = (route, method, status)
        child = self._children.get(key)
        if child is None:
            child = (self._requests.labels(route, method, str(status)),
                     self._latency.labels(route))
            self._children[key] = child
        child[0].inc()
        child[1].observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class RecordRequests:
    """ASGI middleware: each HTTP request's route template, method, status and time."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            method = scope["method"]
            self.metrics.observe(getattr(route, "path", UNMATCHED),
                                 method if method in _METHODS else "other", status,
                                 time.perf_counter() - started)


def observe_pull(metrics: Metrics, page: PullResponse, since: int,
                 outbox_age: int | None, *, queue_items: int | None = None) -> None:
    """`queue_items`: how many the page carries, when `page.queue_items` is left empty
    (server.sync.PulledPage)."""
    items = len(page.queue_items) if queue_items is None else queue_items
    metrics.pull_records.observe(
        len(page.campaigns) + len(page.offers) + len(page.scripts) + items
        + len(page.removed_queue_items) + len(page.dnc) + len(page.controls))
    if outbox_age is not None:
        metrics.outbox_age["pull"].observe(outbox_age)
    if since > 0 and page.dnc:
        for entry in page.dnc:
            added = entry.added_at if entry.added_at.tzinfo else entry.added_at.replace(
                tzinfo=UTC)
            metrics.dnc_lag.observe(max(0.0, (page.server_time - added).total_seconds()))


def may_read(client_host: str | None, headers: Any) -> bool:
    """A loopback client that did not come through a proxy."""
    if "x-forwarded-for" in headers or "forwarded" in headers or not client_host:
        return False
    try:
        return ipaddress.ip_address(client_host).is_loopback
    except ValueError:
        return False
