"""The API reference for people: /developers/api, rendered by the portal from the same OpenAPI
document as /api/v1/openapi.json, in the site's own layout (no assets from anywhere else).

`reference(document)` turns the document into what the template shows: each operation with its
method, path, description, authentication, parameters, request body and responses, each schema as
a table of its fields and an example made from the schema's own `examples` and types.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, current_app, render_template
from markupsafe import Markup, escape

from app.site_settings import site_settings

from .openapi import spec
from .request_examples import RequestExamples, request_examples

bp = Blueprint("api_reference", __name__)
METHODS = ("get", "post", "put", "patch", "delete")
TAG_TITLES = {"forms": "Forms and submissions", "search": "Search", "agency": "Agency submissions"}
MAX_EXAMPLE_DEPTH = 6
WEBHOOK_SIGNING = (
    "the portal signs each message with the form's signing secret: check `webhook-signature` "
    "before you trust the body"
)
# Strings of a format, where the schema gives no example: one a client could parse as that.
FORMAT_EXAMPLES = {
    "date-time": "2026-05-01T09:30:00Z",
    "date": "2026-05-01",
    "uri": "https://www.gov.nm.example/",
    "binary": "(the file's bytes)",  # a download: the file itself, not JSON
}


@dataclass
class Row:
    """One line of a table: a parameter, or a field of a schema."""

    name: str
    type: str
    required: bool
    description: str


@dataclass
class Schema:
    name: str | None
    fields: list[Row]
    example: str | None
    type: str


@dataclass
class Answer:
    status: str
    description: str
    media_type: str | None
    schema: Schema | None


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    auth: str
    parameters: list[Row] = field(default_factory=list)
    body: Schema | None = None
    body_media_type: str | None = None
    responses: list[Answer] = field(default_factory=list)
    examples: RequestExamples | None = None
    # a webhook's objects in its body: (field, its schema)
    parts_of_body: list[tuple[str, Schema]] = field(default_factory=list)


class Document:
    """Reads schemas out of an OpenAPI document, following its $refs."""

    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.schemas = document.get("components", {}).get("schemas", {})

    def resolve(self, schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        name = None
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.schemas.get(name, {})
        return name, schema

    def type_of(self, schema: dict[str, Any]) -> str:
        name, schema = self.resolve(schema)
        if name:
            return name
        if "const" in schema:
            return json.dumps(schema["const"])
        if "enum" in schema:
            return "one of " + ", ".join(json.dumps(v) for v in schema["enum"])
        if "anyOf" in schema or "oneOf" in schema:
            options = schema.get("anyOf") or schema["oneOf"]
            return " or ".join(self.type_of(option) for option in options)
        kind = schema.get("type", "any")
        if kind == "array":
            return f"list of {self.type_of(schema.get('items', {}))}"
        if kind == "object" and "additionalProperties" in schema and not schema.get("properties"):
            extra = schema["additionalProperties"]
            return "object" if extra in (True, {}) else f"object of {self.type_of(extra)}"
        return str(kind)

    def fields(self, schema: dict[str, Any]) -> list[Row]:
        _name, schema = self.resolve(schema)
        required = set(schema.get("required", []))
        return [
            Row(
                name,
                self.type_of(prop),
                name in required,
                self.resolve(prop)[1].get("description", prop.get("description", "")),
            )
            for name, prop in schema.get("properties", {}).items()
        ]

    def objects_in(self, schema: dict[str, Any]) -> list[tuple[str, Schema]]:
        """The named objects a schema's fields hold, each as a schema of its own (a webhook's
        `data`, whose fields the receiver reads)."""
        _name, schema = self.resolve(schema)
        found = []
        for field_name, prop in schema.get("properties", {}).items():
            name, inner = self.resolve(prop)
            if name and inner.get("properties"):
                found.append((field_name, self.schema(prop)))
        return found

    def example(self, schema: dict[str, Any], depth: int = 0) -> Any:
        """An example value: the schema's own, else one built from its fields and types."""
        _name, schema = self.resolve(schema)
        if schema.get("examples"):
            return schema["examples"][0]
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        options = schema.get("anyOf") or schema.get("oneOf")
        if options:
            concrete = [s for s in options if s.get("type") != "null"]
            return self.example(concrete[0], depth) if concrete else None
        kind = schema.get("type")
        if depth > MAX_EXAMPLE_DEPTH:
            return None
        if kind == "object" or "properties" in schema:
            return {
                name: self.example(prop, depth + 1)
                for name, prop in schema.get("properties", {}).items()
            }
        if kind == "array":
            return [self.example(schema.get("items", {}), depth + 1)]
        if kind == "string" and schema.get("format") in FORMAT_EXAMPLES:
            return FORMAT_EXAMPLES[schema["format"]]
        return {"integer": 1, "number": 1, "boolean": True, "string": "text"}.get(kind)

    def schema(self, schema: dict[str, Any] | None) -> Schema | None:
        if not schema:
            return None
        name, _resolved = self.resolve(schema)
        example = self.example(schema)
        return Schema(
            name=name,
            fields=self.fields(schema),
            type=self.type_of(schema),
            example=None if example is None else json.dumps(example, indent=2, ensure_ascii=False),
        )


@bp.app_template_filter("api_prose")
def prose(text: str) -> Markup:
    """Descriptions mark code with backticks, as Markdown does: shown as <code>, all escaped."""
    parts = str(text).split("`")
    return Markup("").join(
        escape(part) if i % 2 == 0 else Markup("<code>%s</code>") % part
        for i, part in enumerate(parts)
    )


def anchor_of(operation_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", operation_id.lower()).strip("-")


def _content(body: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    for media_type, content in body.get("content", {}).items():
        return media_type, content.get("schema")
    return None, None


def _operation(
    doc: Document, path: str, method: str, op: dict[str, Any], base_url: str | None
) -> Operation:
    """An operation of the API; with `base_url` None, a webhook: a request the portal makes, so
    shown with its payload's example rather than requests to copy."""
    security = op.get("security", doc.document.get("security", []))
    schemes = sorted({name for requirement in security for name in requirement})
    operation = Operation(
        method=method.upper(),
        path=path,
        summary=op.get("summary", ""),
        description=op.get("description", ""),
        anchor=anchor_of(op.get("operationId") or f"{method} {path}"),
        auth=(
            "an agency API key: `Authorization: Bearer <key>`"
            if schemes
            else "none: anyone may call it"
        ),
        parameters=[
            Row(
                f"{p['name']} ({p['in']})",
                doc.type_of(p.get("schema", {})),
                bool(p.get("required")),
                p.get("description", ""),
            )
            for p in op.get("parameters", [])
        ],
    )
    body, parts = None, None
    if "requestBody" in op:
        operation.body_media_type, schema = _content(op["requestBody"])
        operation.body = doc.schema(schema)
        if operation.body_media_type == "multipart/form-data":
            parts = doc.resolve(schema or {})[1]  # the parts, shown as a form's, not JSON
        else:
            body = doc.example(schema) if schema else None
    if base_url is None:
        operation.auth = WEBHOOK_SIGNING
        operation.parts_of_body = doc.objects_in(schema or {})
    else:
        operation.examples = request_examples(base_url, path, method, op, body, parts)
    for status, answer in sorted(op.get("responses", {}).items()):
        media_type, schema = _content(answer)
        operation.responses.append(
            Answer(status, answer.get("description", ""), media_type, doc.schema(schema))
        )
    return operation


def reference(document: dict[str, Any], base_url: str = "") -> dict[str, Any]:
    """The page's content: operations grouped by tag, in the order of the document's paths, then
    the webhooks (what the portal posts to an agency); the request examples name `base_url`."""
    doc = Document(document)
    groups: dict[str, list[Operation]] = {}
    for path, operations in document.get("paths", {}).items():
        for method in METHODS:
            if method in operations:
                op = operations[method]
                tag = (op.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(_operation(doc, path, method, op, base_url))
    problem = doc.schema({"$ref": "#/components/schemas/Problem"})
    return {
        "info": document.get("info", {}),
        "problem": problem,
        "webhooks": [
            _operation(doc, name, method, item[method], None)
            for name, item in document.get("webhooks", {}).items()
            for method in METHODS
            if method in item
        ],
        "groups": [
            {"tag": tag, "title": TAG_TITLES.get(tag, tag.capitalize()), "operations": ops}
            for tag, ops in groups.items()
        ],
    }


@bp.get("/developers/api")
def api_reference():
    base_url = site_settings(current_app).base_url.rstrip("/")
    return render_template("api/reference.html", **reference(spec.spec, base_url))


def init_reference(app: Flask) -> None:
    app.register_blueprint(bp)
