"""A GOV.UK Notify API on loopback for the Notify transport's tests: POST /v2/notifications/email as
Notify's API documentation describes it. It checks the request the way Notify does (a JWT bearer
token signed with the key's secret, HS256, `iss` the service id, `iat` within 30 seconds; the
required fields), answers 201 with a notification, or the statuses and Notify error bodies it is
told to, and keeps each request it received."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"portal_live-{SERVICE_ID}-{SECRET}"
PATH = "/v2/notifications/email"
# Notify's documented answers (docs.notifications.service.gov.uk, "Send an email", error codes).
ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
}


@dataclass(frozen=True)
class Received:
    token: dict[str, Any] | None  # the JWT's claims; None when it did not verify
    body: dict[str, Any]
    status: int


class NotifyApi:
    """Notify's email endpoint on `server`; `answer(500, 400)` scripts the next answers."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.script: list[int] = []
        self.received: list[Received] = []
        self.lock = threading.Lock()
        server.expect_request(PATH, method="POST").respond_with_handler(self.handle)

    @property
    def base_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def answer(self, *statuses: int) -> None:
        self.script.extend(statuses)

    def handle(self, request: Request) -> Response:
        claims = self._claims(request.headers.get("Authorization", ""))
        body = json.loads(request.get_data() or b"{}")
        with self.lock:
            if claims is None:
                status = 403
            elif not (body.get("email_address") and body.get("template_id")):
                status = 400
            else:
                status = self.script.pop(0) if self.script else 201
            self.received.append(Received(claims, body, status))
        if status != 201:
            error, message = ERRORS[status]
            answer = {"status_code": status, "errors": [{"error": error, "message": message}]}
            return Response(json.dumps(answer), status=status, content_type="application/json")
        notification = {
            "id": str(uuid.uuid4()),
            "reference": body.get("reference"),
            "content": {
                "subject": "…",
                "body": "…",
                "from_email": "portal@notifications.service.gov.uk",
            },
            "uri": f"{self.base_url}/v2/notifications/…",
            "template": {"id": body["template_id"], "version": 1, "uri": "…"},
        }
        return Response(json.dumps(notification), status=201, content_type="application/json")

    @staticmethod
    def _claims(authorization: str) -> dict[str, Any] | None:
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer":
            return None
        try:
            claims = jwt.decode(
                token, SECRET, algorithms=["HS256"], options={"require": ["iss", "iat"]}
            )
        except jwt.InvalidTokenError:
            return None
        if claims["iss"] != SERVICE_ID or abs(time.time() - claims["iat"]) > 30:
            return None
        return claims

    @property
    def sent(self) -> list[Received]:
        return [r for r in self.received if r.status == 201]
