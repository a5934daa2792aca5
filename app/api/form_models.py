"""The pydantic models of the forms API's requests and responses. They document the API (spectree
turns them into /api/v1/openapi.json); the views check requests themselves, so that every error
comes in the API's one problem shape with the HTML flow's own messages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.forms.definition import FormDefinition

IDEMPOTENCY_KEY_PATTERN = r"^[\x20-\x7E]{1,255}$"  # printable ASCII, as an HTTP header carries it
EXAMPLE_ANSWERS = {
    "location-type": "road",
    "road-name": "Mill Lane",
    "town": "Northtown",
    "where-on-road": "Outside number 14",
    "pothole-size": "large",
    "harm": "no",
}


class FormLinks(BaseModel):
    self: str = Field(description="this form's definition", examples=["/api/v1/forms/x"])
    schema_: str = Field(alias="schema", description="the JSON Schema of its answers")
    validate_: str = Field(alias="validate", description="where to check answers")
    submissions: str = Field(description="where to submit answers (POST)")
    start: str = Field(description="the form's own pages, for citizens")


class FormSummary(BaseModel):
    id: str = Field(examples=["report-a-pothole"])
    title: str = Field(examples=["Report a pothole"])
    organisation: str = Field(
        description="the slug of the organisation that runs it", examples=["highways-agency"]
    )
    version: int = Field(
        description="raised when the questions change; each submission records it", examples=[1]
    )
    links: FormLinks


class FormList(BaseModel):
    forms: list[FormSummary]


def _drop_delivery(schema: dict[str, Any]) -> None:
    schema.get("properties", {}).pop("delivery", None)


class PublicForm(FormDefinition):
    """A form's definition as its YAML file gives it (docs/forms.md), less where its submissions
    are delivered, which only the portal needs to know."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra=_drop_delivery, title="FormDefinition"
    )


class AnswersBody(BaseModel):
    """The answers, by question (page) id: the shapes are in the form's answer schema."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"answers": EXAMPLE_ANSWERS}]}
    )

    answers: dict[str, Any] = Field(
        description="question id → answer: text, a number, `YYYY-MM-DD` for a date, "
        "`{line1, line2, town, postcode}` for an address, a list for checkboxes, "
        "an option's value for radios and select, `yes` or `no`; for a repeating group, a list "
        "of entries, each an object of its questions' answers"
    )


class LanguageHeaders(BaseModel):
    accept_language: str = Field(
        default=None,
        alias="Accept-Language",
        description="the language of the answers' error messages and the form's text: one of "
        "the site's languages (`en`, `cy`; `cy-GB` counts as `cy`); none of them, or no header: "
        "the site's default language. The response's `Content-Language` says which it is, and "
        "a submission records it",
        examples=["cy"],
    )


class IdempotencyHeaders(LanguageHeaders):
    idempotency_key: str = Field(
        default=None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="any unique value you choose (a UUID): retrying with the same key and body "
        "returns the first response instead of submitting twice; the same key with "
        "another body is a 409",
    )


class AnswersSchema(BaseModel):
    """A JSON Schema (2020-12) document, served as `application/schema+json`."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "type": "object",
                    "properties": {"road-name": {"type": "string"}},
                    "additionalProperties": False,
                }
            ]
        },
    )

    schema_: str = Field(alias="$schema", description="the JSON Schema dialect: 2020-12")
    type: str = Field(description="always `object`: answers by question id")
    properties: dict[str, Any] = Field(description="question id → the schema of its answer")


class Valid(BaseModel):
    valid: bool = Field(
        description="always true: invalid answers are a 422", json_schema_extra={"const": True}
    )


class SubmissionCreated(BaseModel):
    reference: str = Field(
        pattern=r"^[A-HJ-NP-Z2-9]{8}$",
        examples=["HK4M7QPX"],
        description="the submission's reference, as the citizen would see it",
    )
    form: str = Field(examples=["report-a-pothole"])
    version: int = Field(description="the form's version the answers were given to")
    submitted_at: str = Field(
        description="when it was stored: ISO 8601, UTC", examples=["2026-05-01T09:30:00Z"]
    )
