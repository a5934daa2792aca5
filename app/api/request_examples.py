"""Copyable requests for the API reference: each operation as a curl command and as Python
(`requests`), against the portal's configured address, with the document's own example body and
real values for the parameters (the sample's pothole form, a reference of the right shape).

`request_examples(base_url, path, method, operation, body)` gives both texts; the reference page
(reference.py) shows them above the operation's response example.
"""

from __future__ import annotations

import json
import pprint
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from app.agency.schemas import EXAMPLE_REFERENCE

# The value each parameter takes in the examples; a parameter not named here is left out (they
# are all optional then: every path parameter is named).
EXAMPLE_PARAMETERS: dict[str, str] = {
    "form_id": "report-a-pothole",
    "reference": EXAMPLE_REFERENCE,
    "q": "renew passport",
    "since": "2026-05-01T00:00:00Z",
    "Idempotency-Key": "5f0c6a0e-8f1d-4a53-9a43-2f7e1c9b4d21",
    "file_id": "file_" + "x" * 22,
}
# A multipart body's example: each text part's value, and the file sent as a file part.
EXAMPLE_FORM_PARTS = {"page": "photo"}
EXAMPLE_FILE = "pothole.jpg"
KEY_VARIABLE = "PORTAL_API_KEY"  # where the examples read the agency's key from


@dataclass(frozen=True)
class RequestExamples:
    curl: str
    python: str


def _url(base_url: str, path: str, parameters: list[dict[str, Any]]) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            path = path.replace(
                "{" + parameter["name"] + "}", EXAMPLE_PARAMETERS[parameter["name"]]
            )
    query = [
        (p["name"], EXAMPLE_PARAMETERS[p["name"]])
        for p in parameters
        if p["in"] == "query" and p["name"] in EXAMPLE_PARAMETERS
    ]
    return base_url + path + (f"?{urlencode(query)}" if query else "")


def _headers(parameters: list[dict[str, Any]]) -> dict[str, str]:
    return {
        p["name"]: EXAMPLE_PARAMETERS[p["name"]]
        for p in parameters
        if p["in"] == "header" and p["name"] in EXAMPLE_PARAMETERS
    }


def _form_parts(form_schema: dict[str, Any] | None) -> list[tuple[str, str | None]] | None:
    """A multipart body's parts as (name, example text), None for the file part; None when
    the operation takes no multipart body."""
    if form_schema is None:
        return None
    properties = form_schema.get("properties", {})
    return [
        (name, None if spec.get("format") == "binary" else EXAMPLE_FORM_PARTS.get(name, name))
        for name, spec in properties.items()
    ]


def _curl(method: str, url: str, headers: dict[str, str], secured: bool, body: Any, parts=None):
    lines = ["curl --fail-with-body" + ("" if method == "GET" else f" -X {method}")]
    lines.append(shlex.quote(url))
    if secured:  # double quotes: the shell puts the key in
        lines.append(f'-H "Authorization: Bearer ${KEY_VARIABLE}"')
    lines += [f"-H {shlex.quote(f'{name}: {value}')}" for name, value in headers.items()]
    for name, value in parts or []:
        lines.append(
            "-F " + shlex.quote(f"{name}=@{EXAMPLE_FILE}" if value is None else f"{name}={value}")
        )
    if body is not None and parts is None:
        lines.append("-H 'Content-Type: application/json'")
        lines.append("--data " + shlex.quote(json.dumps(body, indent=2, ensure_ascii=False)))
    return " \\\n  ".join(lines)


def _python(method: str, url: str, headers: dict[str, str], secured: bool, body: Any, parts=None):
    lines = ["import os", ""] if secured else []
    lines += ["import requests", "", "response = requests.request(", f"    {method!r},"]
    lines.append(f"    {url!r},")
    shown = [f"{name!r}: {value!r}" for name, value in headers.items()]
    if secured:
        shown.insert(0, f'"Authorization": f"Bearer {{os.environ[\'{KEY_VARIABLE}\']}}"')
    if shown:
        lines.append("    headers={" + ", ".join(shown) + "},")
    if parts is not None:
        data = {name: value for name, value in parts if value is not None}
        files = [name for name, value in parts if value is None]
        lines.append(f"    data={data!r},")
        lines += [f"    files={{{name!r}: open({EXAMPLE_FILE!r}, 'rb')}}," for name in files]
    elif body is not None:  # Python's literals: JSON's true, false and null are not
        text = pprint.pformat(body, indent=4, sort_dicts=False).replace("\n", "\n    ")
        lines.append(f"    json={text},")
    lines += ["    timeout=30,", ")", "response.raise_for_status()"]
    if method != "DELETE":
        lines.append("print(response.json())")
    return "\n".join(lines)


def request_examples(
    base_url: str,
    path: str,
    method: str,
    operation: dict[str, Any],
    body: Any,
    form_schema: dict[str, Any] | None = None,
) -> RequestExamples:
    """`body`: the example JSON request body, None for none; `form_schema`: the schema (its $ref
    followed) of a multipart body, whose parts the examples send as a form's, a file as a file."""
    parameters = operation.get("parameters", [])
    url = _url(base_url, path, parameters)
    headers = _headers(parameters)
    secured = bool(operation.get("security"))
    method = method.upper()
    parts = _form_parts(form_schema)
    return RequestExamples(
        curl=_curl(method, url, headers, secured, body, parts),
        python=_python(method, url, headers, secured, body, parts),
    )
