"""The OpenAPI 3.1 document of /api/v1, generated from the code with spectree.

Views are decorated with `spec.validate(...)`: their pydantic models for the query, body and
responses become the document, served at /api/v1/openapi.json. Only decorated views appear
(mode "strict"). spectree's own documentation pages load assets from outside the portal, so none
are registered: the portal renders its own reference page from this document.
"""

from __future__ import annotations

from flask import Flask
from pydantic import BaseModel, Field
from spectree import SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin


class ApiRoutes(FlaskPlugin):
    """spectree's Flask plugin skips every route under its own path, which is /api/v1 here, as
    the API's are: keep them, leaving out only the document itself (strict mode already leaves
    out every view that is not decorated)."""

    def find_routes(self):
        for rule in self.get_current_app().url_map.iter_rules():
            if not rule.endpoint.startswith("openapi"):
                yield rule


spec = SpecTree(
    "flask",
    backend=ApiRoutes,
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


class Problem(BaseModel):
    """RFC 9457 problem details: every error of the API has this shape."""

    type: str = Field(description="`about:blank`, or a URL naming a problem of the portal's own")
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemField] | None = Field(
        default=None, description="one entry for every field that is not valid")


def init_openapi(app: Flask) -> None:
    """Serve the document at /api/v1/openapi.json (after every API view is registered)."""
    spec.register(app)
