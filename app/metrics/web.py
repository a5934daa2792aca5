"""GET /metrics: the Prometheus text format, for the scraper the METRICS_TOKEN and METRICS_ALLOW
settings let in (app/metrics/access.py); a 404 when neither is set, as if there were none.

In multiprocess mode (PROMETHEUS_MULTIPROC_DIR set, as under gunicorn) the answer adds up the
files of every process that has written there, this server's workers and any `flask deliver`
given the same folder; otherwise it is this process's own counts. The delivery queue's gauges
are read from the database at each scrape (app/metrics/queue.py). Never rate limited, and
reached on any host name TRUSTED_HOSTS lists. Scrape each app server directly: nginx does not
pass /metrics on (app/reserved_urls.py), and behind it every request would come from its
address.
"""

from __future__ import annotations

import os

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.exposition import choose_encoder

from app.client_address import peer_address
from app.csrf import csrf
from app.ratelimit import limiter
from app.store import get_engine
from app.store.repository import utcnow

from .access import MetricsAccess
from .queue import DeliveryQueueCollector

bp = Blueprint("metrics", __name__)
EXTENSION = "portal.metrics"
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


class _ProcessCollector:
    """This process's registry, for a single process (no multiprocess folder)."""

    def collect(self):
        return REGISTRY.collect()


def registry_for(app: Flask) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(MULTIPROCESS_DIR):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessCollector())
    registry.register(DeliveryQueueCollector(lambda: get_engine(app), utcnow))
    return registry


def metrics_access(app: Flask) -> MetricsAccess:
    """Read from the settings on first use (app/startup.py has already refused bad networks)."""
    access = app.extensions.get(EXTENSION)
    if access is None:
        access = app.extensions[EXTENSION] = MetricsAccess.from_settings(
            app.config["METRICS_TOKEN"], app.config["METRICS_ALLOW"]
        )
    return access


def refusal() -> Response | None:
    access = metrics_access(current_app)
    if not access.enabled:
        abort(404)
    # The connection's own address: a proxy's, behind one, never one a header claims.
    if not access.network_allows(peer_address(request)):
        return Response(
            "Metrics are not served to this address (PORTAL_METRICS_ALLOW).\n",
            403,
            mimetype="text/plain",
        )
    if not access.token_allows(request.headers.get("Authorization")):
        return Response(
            "Metrics need the bearer token (Authorization: Bearer <PORTAL_METRICS_TOKEN>).\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"'},
            mimetype="text/plain",
        )
    return None


@bp.get("/metrics")
@limiter.exempt
def metrics_view():
    refused = refusal()
    if refused is not None:
        return refused
    # The text format, or OpenMetrics when the scraper asks for it (as Prometheus does).
    encode, content_type = choose_encoder(request.headers.get("Accept"))
    body = encode(registry_for(current_app._get_current_object()))
    response = Response(body, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_metrics(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)
