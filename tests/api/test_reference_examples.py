"""The reference page's examples: every operation has a copyable request in curl and in Python,
against the portal's configured address, and every example the page shows (request bodies and
responses) is valid against its schema in the OpenAPI document, with real values rather than
placeholders on the agency routes."""

from __future__ import annotations

import ast
import json
import shlex
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup

from app.api.reference import Document, anchor_of
from tests.api.conftest import POTHOLE

BASE_URL = "https://www.gov.nm.example"  # content/site.yaml
PLACEHOLDERS = {"text", "string", "x"}


@pytest.fixture
def doc(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture
def page(client) -> BeautifulSoup:
    response = client.get("/developers/api")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def operations(doc: dict):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def examples_of(page: BeautifulSoup, operation: dict) -> tuple[str, str]:
    anchor = anchor_of(operation["operationId"])
    section = page.find(id=anchor).find_parent("section")
    curl = section.select_one(f"pre[aria-labelledby={anchor}-curl] code")
    python = section.select_one(f"pre[aria-labelledby={anchor}-python] code")
    assert curl and python, anchor
    # each under a heading of its own, which names it
    assert section.select_one(f"h4#{anchor}-curl").get_text() == "Example request with curl"
    assert section.select_one(f"h4#{anchor}-python").get_text() == "Example request in Python"
    return curl.get_text(), python.get_text()


def validator(doc: dict, schema: dict) -> jsonschema.Draft202012Validator:
    """A schema of the document, its $refs resolved against the document's components."""
    return jsonschema.Draft202012Validator({**schema, "components": doc["components"]})


def body_schema(operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    return next(iter(content.values()))["schema"] if content else None


def test_every_operation_has_a_curl_and_a_python_request(doc, page):
    for path, method, operation in operations(doc):
        curl, python = examples_of(page, operation)
        words = shlex.split(curl.replace("\\\n", " "))
        assert words[:2] == ["curl", "--fail-with-body"], curl
        url = next(word for word in words if word.startswith("http"))
        assert url.startswith(BASE_URL + path.split("{")[0]), (path, url)
        assert "{" not in url, url  # every path parameter has a real value
        assert (f"-X {method.upper()}" in curl) == (method != "get"), curl
        tree = ast.parse(python)  # it is Python, as written
        call = next(
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "request"
        )
        assert ast.literal_eval(call.args[0]) == method.upper()
        assert ast.literal_eval(call.args[1]) == url
        secured = bool(operation.get("security"))
        assert ('-H "Authorization: Bearer $PORTAL_API_KEY"' in curl) == secured, path
        assert ("os.environ['PORTAL_API_KEY']" in python) == secured, path
        content = operation.get("requestBody", {}).get("content", {})
        if "multipart/form-data" in content:  # a file: curl's -F parts, requests' files=
            form = content["multipart/form-data"]["schema"]
            name = form.get("$ref", "").rsplit("/", 1)[-1]
            fields = (doc["components"]["schemas"][name] if name else form)["properties"]
            sent = dict(word.split("=", 1) for word in words if "=" in word and word[0] != "h")
            assert set(sent) == set(fields), curl
            keywords = {keyword.arg: keyword.value for keyword in call.keywords}
            assert "files" in keywords and "data" in keywords, python
            continue
        schema = body_schema(operation)
        if schema is None:
            assert "--data" not in words and "json=" not in python
            continue
        sent = json.loads(words[words.index("--data") + 1])
        keywords = {keyword.arg: keyword.value for keyword in call.keywords}
        assert ast.literal_eval(keywords["json"]) == sent
        validator(doc, schema).validate(sent)


def test_the_example_requests_are_accepted(doc, page, client):
    """The examples are real: the validate example's body is valid answers to the form."""
    operation = doc["paths"]["/api/v1/forms/{form_id}/validate"]["post"]
    curl, _python = examples_of(page, operation)
    words = shlex.split(curl.replace("\\\n", " "))
    body = json.loads(words[words.index("--data") + 1])
    response = client.post(f"{POTHOLE}/validate", json=body)
    assert response.status_code == 200 and response.get_json() == {"valid": True}


def strings_in(value: Any):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def test_every_example_is_valid_against_its_schema(doc, page):
    examples = Document(doc)
    for path, method, operation in operations(doc):
        agency = bool(operation.get("security"))
        for status, answer in operation["responses"].items():
            for content in answer.get("content", {}).values():
                if "schema" not in content:
                    continue
                example = examples.example(content["schema"])
                validator(doc, content["schema"]).validate(example)
                if agency and status.startswith("2"):
                    placeholders = set(strings_in(example)) & PLACEHOLDERS
                    assert not placeholders, (method, path, status, placeholders)
        if agency:
            anchor = anchor_of(operation["operationId"])
            shown = page.find(id=anchor).find_parent("section").get_text()
            assert '"text"' not in shown, (method, path)
