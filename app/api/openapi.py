"""The OpenAPI 3.1 document of /api/v1, generated from the code with spectree.

Views are decorated with `spec.validate(...)`: their pydantic models for the query, body and
responses become the document, served at /api/v1/openapi.json. Only decorated views appear
(mode "strict"). spectree's own documentation pages load assets from outside the portal, so none
are registered: the portal renders its own reference page from this document.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context
from pydantic import BaseModel, ConfigDict, Field
from spectree import SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin

from app.site_settings import site_settings

from .errors import ERROR_CODES, MEDIA_TYPE
from .webhook_models import webhooks


class ApiRoutes(FlaskPlugin):
    """spectree's Flask plugin skips every route under its own path, which is /api/v1 here, as
    the API's are: keep them, leaving out only the document itself."""

    def find_routes(self):
        for rule in self.get_current_app().url_map.iter_rules():
            if not rule.endpoint.startswith("openapi") and rule.endpoint != "static":
                yield rule


# Response models whose body is not plain `application/json`, the only type spectree writes.
MEDIA_TYPES = {"Problem": MEDIA_TYPE}


class PortalSpecTree(SpecTree):
    """Errors are `application/problem+json` (and other MEDIA_TYPES), not `application/json`;
    the document names the app's configured address as its server, and has the webhook."""

    @property
    def spec(self) -> dict[str, Any]:
        document = SpecTree.spec.fget(self)  # generated once; the server is each app's own
        hooks, schemas = webhooks()
        document = {
            **document,
            "webhooks": hooks,
            "components": {
                **document["components"],
                "schemas": {**document["components"]["schemas"], **schemas},
            },
        }
        if has_app_context():
            base_url = site_settings(current_app).base_url.rstrip("/")
            document["servers"] = [{"url": base_url, "description": "this portal"}]
        return document

    def _generate_spec(self) -> dict[str, Any]:
        document = super()._generate_spec()
        for operations in document["paths"].values():
            for operation in operations.values():
                for answer in operation.get("responses", {}).values():
                    content = answer.get("content", {})
                    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
                    model = ref.rsplit("/", 1)[-1]
                    if model in MEDIA_TYPES:
                        content[MEDIA_TYPES[model]] = content.pop("application/json")
        return document


spec = PortalSpecTree(
    "flask",
    backend=ApiRoutes,
    naming_strategy=lambda model: model.__name__,  # "Problem", not "Problem.<hash>"
    title="Portal API",
    version="1",
    description="Search the portal, read and validate its service forms, submit answers, and "
    "read an agency's own submissions with its API key.",
    path="api/v1",
    mode="strict",
    page_templates={},
    annotations=False,
)


class ProblemField(BaseModel):
    field: str = Field(description="the parameter, or the answer's question id (`answers.<id>`)")
    message: str = Field(description="what is wrong and how to fix it, in plain English")
    code: str = Field(
        description="what is wrong, as a stable word for programs (the message's words may "
        "change): " + "; ".join(f"`{code}`: {meaning}" for code, meaning in ERROR_CODES.items()),
        json_schema_extra={"enum": list(ERROR_CODES)},
    )
    allowed: list[str] | None = Field(
        default=None,
        description="with `not_a_choice` and `unknown_parameter`: the values the field takes",
    )


class Problem(BaseModel):
    """RFC 9457 problem details: every error of the API has this shape."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "https://www.gov.nm.example/api/v1/problems/invalid-answers",
                    "title": "The answers are not valid",
                    "status": 422,
                    "detail": "2 answers are missing or not valid: see errors",
                    "errors": [
                        {
                            "field": "answers.town",
                            "message": "Enter the nearest town or village",
                            "code": "required",
                        },
                        {
                            "field": "answers.pothole-size",
                            "message": "Select how big the pothole is",
                            "code": "not_a_choice",
                            "allowed": ["small", "medium", "large"],
                        },
                    ],
                }
            ]
        }
    )

    type: str = Field(description="`about:blank`, or a URL naming a problem of the portal's own")
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemField] | None = Field(
        default=None, description="one entry for every field that is not valid"
    )


def init_openapi(app: Flask) -> None:
    """Serve the document at /api/v1/openapi.json (after every API view is registered)."""
    spec.register(app)
