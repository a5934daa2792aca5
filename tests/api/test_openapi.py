"""The OpenAPI document covers every API route of the URL map, says what each answers (errors as
problem+json), and the reference page for people shows all of it in the site's own layout."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import jsonschema
from bs4 import BeautifulSoup
from schemathesis.specs.openapi.definitions import OPENAPI_31

from app.api.reference import anchor_of
from app.delivery.signing import payload
from app.store import dispose
from tests.conftest import service_app


def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_every_api_route_is_documented(sqlite_app, client):
    paths = document(client)["paths"]
    for rule in sqlite_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("openapi"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths.get(openapi_path(rule.rule), {}), (rule.rule, method)


def test_operations_say_what_they_answer(client):
    doc = document(client)
    assert doc["openapi"].startswith("3.1")
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"] and operation["description"], (method, path)
            assert operation["tags"], (method, path)
            responses = operation["responses"]
            assert "500" in responses, (method, path)
            for status, answer in responses.items():
                if status.startswith(("4", "5")):
                    assert list(answer["content"]) == ["application/problem+json"], status
                    assert answer["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }


def test_the_submit_operation_is_documented_in_full(client):
    doc = document(client)
    submit = doc["paths"]["/api/v1/forms/{form_id}/submissions"]["post"]
    assert set(submit["responses"]) == {
        "201",
        "400",
        "401",
        "404",
        "409",
        "413",
        "415",
        "422",
        "429",
        "500",
    }
    body = submit["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/AnswersBody"}
    assert doc["components"]["schemas"]["AnswersBody"]["additionalProperties"] is False
    headers = {p["name"]: p for p in submit["parameters"] if p["in"] == "header"}
    key = headers["Idempotency-Key"]
    assert not key["required"] and key["schema"]["maxLength"] == 255
    assert not headers["Accept-Language"]["required"]
    created = doc["components"]["schemas"]["SubmissionCreated"]
    assert created["required"] == ["reference", "form", "version", "submitted_at"]
    schema = doc["paths"]["/api/v1/forms/{form_id}/schema"]["get"]["responses"]["200"]
    assert list(schema["content"]) == ["application/schema+json"]


def test_the_public_definition_leaves_delivery_out(client):
    schema = document(client)["components"]["schemas"]["PublicForm"]
    assert "delivery" not in schema["properties"] and "pages" in schema["properties"]


# -- the reference page -------------------------------------------------------------------------


def reference_page(client) -> BeautifulSoup:
    response = client.get("/developers/api")
    assert response.status_code == 200 and response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_reference_shows_every_operation(client):
    doc, soup = document(client), reference_page(client)
    assert soup.select_one("h1").get_text(strip=True) == "API reference"
    assert soup.select_one("header .app-header__name")  # the site's own chrome
    headings = {
        h.get("id"): " ".join(h.get_text(" ", strip=True).split()) for h in soup.select("h3[id]")
    }
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            anchor = anchor_of(operation["operationId"])
            assert anchor in headings, (method, path)
            assert headings[anchor].startswith(f"{method.upper()} {path}")
            assert soup.select_one(f'a[href="#{anchor}"]')  # in the contents
            section = soup.find(id=anchor).find_parent("section")
            captions = [c.get_text(strip=True) for c in section.select("caption")]
            assert f"Responses of {method.upper()} {path}" in captions
            statuses = [th.get_text(strip=True) for th in section.select("tbody th[scope=row]")]
            assert set(operation["responses"]) <= set(statuses)


def test_the_reference_shows_bodies_examples_and_the_error_shape(client):
    soup = reference_page(client)
    errors = soup.find(id="errors").find_next("table")
    fields = [th.get_text(strip=True) for th in errors.select("tbody th")]
    assert fields == ["type", "title", "status", "detail", "errors"]
    example = soup.find(id="errors").find_next("pre").get_text()
    assert '"field": "answers.town"' in example and '"status": 422' in example
    submit = soup.find(id="submit-answers").find_parent("section")
    text = submit.get_text(" ", strip=True)
    assert "Request body (application/json)" in text and "Idempotency-Key (header)" in text
    assert "Idempotent-Replayed: true" in [code.get_text() for code in submit.select("p code")]
    assert "`" not in text  # backticks in descriptions become <code>
    examples = [pre.get_text() for pre in submit.select("pre code")]
    assert any('"location-type": "road"' in example for example in examples)
    assert any('"reference": "HK4M7QPX"' in example for example in examples)


def test_the_reference_is_accessible_and_self_contained(client):
    soup = reference_page(client)
    for table in soup.select("table"):
        assert table.select_one("caption").get_text(strip=True)
        assert all(th.get("scope") in ("col", "row") for th in table.select("th"))
    ids = Counter(tag["id"] for tag in soup.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == []
    levels = [int(h.name[1]) for h in soup.select("h1, h2, h3, h4")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    for tag in soup.select("script[src], link[href], img[src]"):
        source = tag.get("src") or tag.get("href")
        assert source.startswith("/"), source  # nothing from outside the portal


# -- completeness: valid OpenAPI 3.1, servers, webhooks ------------------------------------------


def test_the_document_is_valid_openapi_3_1(client):
    """Against the OpenAPI Initiative's own schema of 3.1 documents (the copy schemathesis
    ships), which a broken document fails."""
    checker = jsonschema.Draft202012Validator(OPENAPI_31)
    doc = document(client)
    errors = [f"{list(e.path)}: {e.message}" for e in checker.iter_errors(doc)]
    assert errors == []
    broken = {**doc, "webhooks": {"x": {"post": {"responses": "none"}}}}
    assert not checker.is_valid(broken)


def test_the_server_is_the_configured_address(client, sample_search, tmp_path):
    assert document(client)["servers"] == [
        {"url": "https://www.gov.nm.example", "description": "this portal"}
    ]
    staging = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'staging.db'}",
        BASE_URL="https://staging.gov.nm.example",
    )
    try:
        servers = document(staging.test_client())["servers"]
    finally:
        dispose(staging)
    assert [server["url"] for server in servers] == ["https://staging.gov.nm.example"]


def test_the_webhook_is_documented_with_the_message_it_posts(client):
    doc = document(client)
    hook = doc["webhooks"]["submission.created"]["post"]
    headers = {p["name"] for p in hook["parameters"] if p["in"] == "header" and p["required"]}
    assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    schema = hook["requestBody"]["content"]["application/json"]["schema"]
    checker = jsonschema.Draft202012Validator(
        {**schema, "components": doc["components"]}, format_checker=jsonschema.FormatChecker()
    )
    # the message the delivery worker really posts fits it, times and all
    sent = payload(
        "HK4M7QPX",
        "report-a-pothole",
        1,
        dt.datetime(2026, 5, 1, 9, 30, 0, 123456, tzinfo=dt.UTC),
        {"road-name": "Mill Lane"},
    )
    checker.validate(sent)
    assert sent["timestamp"] == sent["data"]["submitted_at"] == "2026-05-01T09:30:00Z"
    assert not checker.is_valid({**sent, "type": "submission.deleted"})
    # the API's own times are written the same way
    created = doc["components"]["schemas"]["SubmissionCreated"]["properties"]["submitted_at"]
    assert created["examples"] == ["2026-05-01T09:30:00Z"]


def test_the_reference_shows_each_webhook_with_its_headers_payload_and_example(client):
    doc, soup = document(client), reference_page(client)
    assert soup.select_one('a[href="#webhooks"]')  # in the contents
    webhooks = soup.find(id="webhooks")
    assert webhooks.name == "h2"
    for name, item in doc["webhooks"].items():
        operation = item["post"]
        anchor = anchor_of(operation["operationId"])
        assert soup.select_one(f'a[href="#{anchor}"]')
        heading = soup.find(id=anchor)
        assert heading in webhooks.find_all_next("h3")  # under Webhooks, not among the paths
        assert " ".join(heading.get_text(" ", strip=True).split()).startswith(f"POST {name}")
        section = heading.find_parent("section")
        assert "check webhook-signature" in section.get_text(" ", strip=True)
        rows = {
            table.caption.get_text(strip=True): [
                th.get_text(strip=True) for th in table.select("tbody th[scope=row]")
            ]
            for table in section.select("table")
        }
        headers = [p["name"] for p in operation["parameters"]]
        assert rows[f"Parameters of POST {name}"] == [f"{h} (header)" for h in headers]
        payload_schema = operation["requestBody"]["content"]["application/json"]["schema"]
        shape = payload_schema["$ref"].rsplit("/", 1)[1]
        assert rows[f"The message's body: {shape}"] == ["type", "timestamp", "data"]
        data = doc["components"]["schemas"][shape]["properties"]["data"]["$ref"].rsplit("/")[-1]
        assert "answers" in rows[f"Its field data: {data}"]  # `data`'s fields, in a table too
        assert rows[f"Responses of POST {name}"] == list(operation["responses"])
        # the example is the payload the portal sends: valid against the schema
        example = json.loads(section.select_one("pre.app-api-example code").get_text())
        jsonschema.Draft202012Validator(
            {**payload_schema, "components": doc["components"]}
        ).validate(example)
        assert example["type"] == name and example["data"]["answers"]
