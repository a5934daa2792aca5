"""The shapes the agency routes answer with (pydantic), which spectree turns into the OpenAPI
document. Times are written as everywhere in the API: UTC, to the second, `2026-06-15T12:00:00Z`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from app.dates import utc_timestamp
from app.store.repository import Submission

from .paging import CURSOR

DEFAULT_LIMIT = 50
MAX_LIMIT = 100

# Real values for the document's examples (the reference page shows them, and a test checks
# each against its schema): a pothole report as the sample form stores it.
EXAMPLE_REFERENCE = "HK4M7QPX"
EXAMPLE_TIME = "2026-05-01T09:30:00Z"
EXAMPLE_ANSWERS = {
    "location-type": "road",
    "road-name": "Mill Lane",
    "town": "Northtown",
    "where-on-road": "Outside number 14",
    "pothole-size": "large",
    "harm": "no",
}
EXAMPLE_CURSOR = f"e310bd38bb9600.{EXAMPLE_REFERENCE}"  # the position of EXAMPLE_TIME
EXAMPLE_MESSAGE_ID = "msg_Zk3vQ9yTn2LxW7pHa4sRbE1c"


UtcTime = Annotated[
    dt.datetime,
    PlainSerializer(utc_timestamp, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _no_default(schema: dict) -> None:
    """A parameter that is absent unless given: no `default: null` in the document."""
    schema.pop("default", None)


class SubmissionsQuery(BaseModel):
    """The list's parameters, for the document: the view reads them itself, to answer bad ones
    in the API's problem shape."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(
        default=DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description="how many submissions a page holds at most",
    )
    cursor: str = Field(
        default=None,
        pattern=CURSOR.pattern,
        json_schema_extra=_no_default,
        description="where the page starts: the `next_cursor` of the page before, "
        "unchanged; none for the first page",
    )
    since: dt.datetime = Field(
        default=None,
        json_schema_extra=_no_default,
        description="only submissions made at or after this date and "
        "time (RFC 3339, the ISO 8601 profile: "
        "`2026-06-01T09:30:00Z` or `…+01:00`)",
    )


class StoredSubmission(BaseModel):
    reference: str = Field(
        description="the reference the citizen was given", examples=[EXAMPLE_REFERENCE]
    )
    form: str = Field(description="the form's id", examples=["report-a-pothole"])
    version: int = Field(description="the form's version when it was submitted", examples=[1])
    submitted_at: UtcTime = Field(description="when it was stored, UTC", examples=[EXAMPLE_TIME])
    language: str | None = Field(
        description="the language the citizen used, one of the site's (`en`, `cy`): of the "
        "form's pages, or the API's `Accept-Language`; null for submissions made before the "
        "portal recorded it",
        examples=["cy"],
    )
    answers: dict[str, Any] = Field(
        description="page id → answer, normalised as the form's "
        "JSON Schema says (`/api/v1/forms/{id}/schema`); a file's answer is "
        "`{id, filename, content_type, size, url}`, its bytes at `url` with your key",
        examples=[EXAMPLE_ANSWERS],
    )

    @classmethod
    def of(cls, submission: Submission, answers: dict[str, Any] | None = None) -> StoredSubmission:
        """`answers`: the stored answers as shown (a file's with its download URL)."""
        return cls(
            reference=submission.reference,
            form=submission.form_id,
            version=submission.form_version,
            submitted_at=submission.created_at,
            language=submission.language,
            answers=submission.answers if answers is None else answers,
        )


class SubmissionPage(BaseModel):
    submissions: list[StoredSubmission] = Field(description="oldest first, then by reference")
    next_cursor: str | None = Field(
        description="give it as `cursor` for the next page; null on the last page",
        examples=[EXAMPLE_CURSOR],
    )
    next: str | None = Field(
        description="the path of the next page, with the same `limit` and "
        "`since`; null on the last page",
        examples=[
            f"/api/v1/forms/report-a-pothole/submissions?limit={DEFAULT_LIMIT}"
            f"&cursor={EXAMPLE_CURSOR}"
        ],
    )


class DeliveryAttempt(BaseModel):
    started_at: UtcTime = Field(
        description="when the try began, UTC", examples=["2026-05-01T09:30:01Z"]
    )
    attempted_at: UtcTime = Field(
        description="when the try ended, UTC; the next try is scheduled from here",
        examples=["2026-05-01T09:30:02Z"],
    )
    status_code: int | None = Field(
        description="your webhook's HTTP status; null when it gave no answer (refused, timed out)",
        examples=[503],
    )
    error: str | None = Field(
        description="what went wrong; null when the try succeeded",
        examples=["the webhook answered 503 Service Unavailable"],
    )
    duration_ms: int = Field(description="how long the try took, in milliseconds", examples=[412])


class DeliveryStatus(BaseModel):
    reference: str = Field(examples=[EXAMPLE_REFERENCE])
    status: Literal["none", "pending", "delivered", "failed"] = Field(
        description="`none`: the form had no webhook when this was submitted, so nothing is "
        "sent; `pending`: waiting for its next try or being sent; `delivered`: your "
        "webhook answered 2xx; `failed`: given up after 3 days of tries",
        examples=["pending"],
    )
    message_id: str | None = Field(
        description="the `webhook-id` header of every try (the same "
        "each time, to recognise repeats); null for `none`",
        examples=[EXAMPLE_MESSAGE_ID],
    )
    attempts: int = Field(description="how many tries have been made", examples=[1])
    next_attempt_at: UtcTime | None = Field(
        description="when the next try is due (while one is being sent, the end of the time it "
        "is given), UTC; null once delivered or failed",
        examples=["2026-05-01T09:31:02Z"],
    )
    delivered_at: UtcTime | None = Field(
        description="when your webhook answered 2xx, UTC; null until then (and again after a "
        "redelivery is asked for, until it succeeds)",
        examples=[None],
    )
    last_error: str | None = Field(
        description="why the latest failed try failed; null once delivered",
        examples=["the webhook answered 503 Service Unavailable"],
    )
    history: list[DeliveryAttempt] = Field(description="every try, oldest first")
