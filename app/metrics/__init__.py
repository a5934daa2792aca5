"""The portal's Prometheus metrics (prometheus-client): defined once here, counted where each thing
happens, read at /metrics (app/metrics/web.py).

    portal_http_requests_total{route, method, status}       requests answered, by URL rule
    portal_http_request_duration_seconds{route, method}     how long they took (a histogram)
    portal_searches_total{kind}                             searches: page, api, suggest
    portal_drafts_started_total{form}                       first answers saved (a draft made)
    portal_submissions_total{form, channel}                 submissions stored: web or api
    portal_delivery_attempts_total{outcome}                 webhook posts by `flask deliver`:
                                                            delivered, retrying, failed, gone
    portal_email_attempts_total{outcome}                    emails sent by `flask mail`: sent,
                                                            retrying, failed, gone
    portal_rate_limit_refusals_total{route}                 429s from the rate limits
    portal_rate_limit_store_failures_total                  the shared store (Redis) lost
    portal_delivery_queue_*                                 read from the database at each scrape
                                                            (app/metrics/queue.py)

Under gunicorn every worker is a process of its own, so the counts live in files
(prometheus-client's multiprocess mode) when PROMETHEUS_MULTIPROC_DIR names a folder, which
gunicorn.conf.py makes sure of; /metrics then adds up every process's. The variable must be set
before this module is first imported: prometheus-client chooses where values live at import.

Labels are only ever values from a bounded set (URL rules, form ids of the content, fixed words),
never what a client sent, so a scanner cannot grow the metrics without end. No Flask here: the
delivery worker counts too.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram, disable_created_metrics

# No `_created` series beside each counter: they double what is scraped, and multiprocess mode
# has none, so a single process and gunicorn give the same series.
disable_created_metrics()

# Seconds; finer below 0.2 s, the latency a page of the service should stay under.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "portal_http_requests",
    "Requests answered by the service, by URL rule, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time from the request's first hook to its response, by URL rule and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
SEARCHES = Counter(
    "portal_searches",
    "Searches answered: the results page (page), the JSON API (api), title suggestions (suggest).",
    ["kind"],
)
DRAFTS_STARTED = Counter(
    "portal_drafts_started",
    "Drafts made: a citizen's first answer to a form saved.",
    ["form"],
)
SUBMISSIONS = Counter(
    "portal_submissions",
    "Submissions stored, by form and channel (web: the citizen's pages; api: the JSON API). "
    "Replays of an earlier submission are not counted.",
    ["form", "channel"],
)
DELIVERY_ATTEMPTS = Counter(
    "portal_delivery_attempts",
    "Webhook deliveries attempted by `flask deliver`, by outcome: delivered, retrying (failed, "
    "will be tried again), failed (given up), gone (the submission was erased meanwhile).",
    ["outcome"],
)
EMAIL_ATTEMPTS = Counter(
    "portal_email_attempts",
    "Emails (confirmations, copies of answers) attempted by `flask mail`, by outcome: sent, "
    "retrying (failed, will be tried again), failed (refused or given up), gone (the submission "
    "was erased meanwhile).",
    ["outcome"],
)
RATE_LIMIT_STORE_FAILURES = Counter(
    "portal_rate_limit_store_failures",
    "Times the rate-limit store (Redis) failed or could not be reached; the limits count in "
    "each process's memory meanwhile.",
)
RATE_LIMIT_REFUSALS = Counter(
    "portal_rate_limit_refusals",
    "Requests refused with a 429 by the rate limits, by URL rule.",
    ["route"],
)

# The outcome label of each status a delivery can be left in (app/delivery/outbox.py).
DELIVERY_OUTCOMES = {"delivered": "delivered", "pending": "retrying", "failed": "failed"}


# The outcome label of each status an email can be left in (app/mail/outbox.py).
EMAIL_OUTCOMES = {"sent": "sent", "pending": "retrying", "failed": "failed"}


# HTTP's methods: any other token a client sends is counted as "other".
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    REQUESTS.labels(route, method, str(status)).inc()
    LATENCY.labels(route, method).observe(seconds)


def count_delivery(status: str | None) -> None:
    """One attempt, by the delivery's status after it (None: erased while being sent)."""
    DELIVERY_ATTEMPTS.labels(DELIVERY_OUTCOMES.get(status, "gone")).inc()


def count_email(status: str | None) -> None:
    """One email attempt, by the email's status after it (None: erased while being sent)."""
    EMAIL_ATTEMPTS.labels(EMAIL_OUTCOMES.get(status, "gone")).inc()
