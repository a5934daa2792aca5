"""The webhook's message, for the OpenAPI document's `webhooks` (OpenAPI 3.1): what a form with a
`delivery` section posts to the agency's server for each submission (app/delivery/signing.py
writes it), and the Standard Webhooks headers that sign it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.agency.schemas import EXAMPLE_ANSWERS, EXAMPLE_MESSAGE_ID, EXAMPLE_REFERENCE, EXAMPLE_TIME
from app.delivery.signing import EVENT_TYPE

TIME = {"type": "string", "format": "date-time"}


class WebhookSubmission(BaseModel):
    reference: str = Field(description="the submission's reference", examples=[EXAMPLE_REFERENCE])
    form: str = Field(description="the form's id", examples=["report-a-pothole"])
    version: int = Field(description="the form's version the answers were given to", examples=[1])
    submitted_at: str = Field(
        description="when it was stored: RFC 3339, UTC, to the second, as in the API",
        examples=[EXAMPLE_TIME],
        json_schema_extra=TIME,
    )
    language: str | None = Field(
        description="the language the citizen used, one of the site's (`en`, `cy`); null for "
        "submissions made before the portal recorded it",
        examples=["cy"],
    )
    answers: dict[str, Any] = Field(
        description="page id → answer, as the form's JSON Schema says", examples=[EXAMPLE_ANSWERS]
    )


class WebhookMessage(BaseModel):
    """The body of every try of one submission's delivery: the same bytes each time."""

    type: Literal["submission.created"] = Field(description="what happened", examples=[EVENT_TYPE])
    timestamp: str = Field(
        description="when it happened (the submission): the same on every try",
        examples=[EXAMPLE_TIME],
        json_schema_extra=TIME,
    )
    data: WebhookSubmission


SIGNATURE_HEADERS = [
    {
        "name": "webhook-id",
        "in": "header",
        "required": True,
        "description": "the message's id: the same on every try, to recognise repeats",
        "schema": {"type": "string", "examples": [EXAMPLE_MESSAGE_ID]},
    },
    {
        "name": "webhook-timestamp",
        "in": "header",
        "required": True,
        "description": "when this try was sent, in seconds since 1970 (UTC): refuse old ones",
        "schema": {"type": "string", "pattern": "^[0-9]+$", "examples": ["1777627802"]},
    },
    {
        "name": "webhook-signature",
        "in": "header",
        "required": True,
        "description": "`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>."
        "<body>` with the form's signing secret (Standard Webhooks)",
        "schema": {"type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$"},
    },
]


def webhooks() -> tuple[dict[str, Any], dict[str, Any]]:
    """The document's `webhooks`, and the schemas they name (for `components.schemas`)."""
    schema = WebhookMessage.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas = schema.pop("$defs", {})
    schemas["WebhookMessage"] = schema
    operation = {
        "post": {
            "summary": "A submission was made",
            "description": "Posted to the webhook of a form with a `delivery` section, once for "
            "each submission, signed per Standard Webhooks. Answer 2xx within 15 seconds; "
            "anything else is tried again, for 3 days, with the same body and `webhook-id`.",
            "operationId": "submissionCreated",
            "tags": ["webhooks"],
            "parameters": SIGNATURE_HEADERS,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/WebhookMessage"}}
                },
            },
            "responses": {
                "2XX": {"description": "received: no more tries"},
                "default": {"description": "not received: tried again later"},
            },
        }
    }
    return {EVENT_TYPE: operation}, schemas
