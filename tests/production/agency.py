"""The agency's webhook receiver: a threaded HTTP server on loopback that verifies each delivery
as an agency would (standardwebhooks), keeps what it received, and can be told to be slow."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from pytest_httpserver import HTTPServer
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from werkzeug import Request, Response

HOOK_PATH = "/hooks/potholes"


@dataclass(frozen=True)
class Receipt:
    reference: str
    message_id: str
    arrived: float  # time.monotonic() when the request came in
    answered: float  # and when it was answered


class AgencyReceiver:
    def __init__(self, secret: str):
        self.verifier = Webhook(secret)
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request(HOOK_PATH, method="POST").respond_with_handler(self.handle)
        self.receipts: list[Receipt] = []
        self.forged = 0
        self.lock = threading.Lock()
        self.slow_for: float = 0.0  # the next delivery to arrive is held this long
        self.held = threading.Event()  # set while a slow delivery is being held

    @property
    def url(self) -> str:
        return self.server.url_for(HOOK_PATH)

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.clear()
        self.server.stop()

    def hold_next(self, seconds: float) -> None:
        with self.lock:
            self.slow_for = seconds
            self.held.clear()

    def handle(self, request: Request) -> Response:
        arrived = time.monotonic()
        try:
            payload = self.verifier.verify(request.get_data(), dict(request.headers))
        except WebhookVerificationError:
            with self.lock:
                self.forged += 1
            return Response("", 401)
        with self.lock:
            delay, self.slow_for = self.slow_for, 0.0
        if delay:
            self.held.set()
            time.sleep(delay)  # an agency's server that is slow to answer
        receipt = Receipt(
            payload["data"]["reference"],
            request.headers.get("webhook-id", ""),
            arrived,
            time.monotonic(),
        )
        with self.lock:
            self.receipts.append(receipt)
        return Response("", 204)

    def references(self) -> Counter:
        with self.lock:
            return Counter(receipt.reference for receipt in self.receipts)

    def receipt(self, reference: str) -> Receipt:
        with self.lock:
            return next(r for r in self.receipts if r.reference == reference)

    def receipts_of(self, reference: str) -> list[Receipt]:
        """Every arrival of the submission: an agency keeps the first of each message id (the
        webhook-id) and drops repeats, as Standard Webhooks has receivers do."""
        with self.lock:
            return [r for r in self.receipts if r.reference == reference]
