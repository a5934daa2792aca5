"""The OpenAPI document, fuzzed: schemathesis makes requests from /api/v1/openapi.json and sends
them to the app (WSGI, no server), a bounded number per operation. Every response must be no 5xx,
have a documented status and content type, and match its documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from app import create_app
from app.store import dispose
from tests.conftest import SAMPLE, service_app

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_app(sample_search, tmp_path_factory):
    # no rate limit: each operation gets its full share of examples past the limiter
    app = service_app(
        sample_search,
        f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'p.db'}",
        TESTING=False,
        RATELIMIT_ENABLED=False,
    )
    yield app
    dispose(app)


def _operations() -> list[tuple[str, str, GenerationMode]]:
    """(method, path, mode) for every documented operation, read from an app at collection time.
    Negative mode only where there is something to get wrong besides the path: a text path
    parameter has no invalid values, nor has Accept-Language (any value is taken: one naming
    none of the site's languages gives the default)."""
    app = create_app({"CONTENT_DIR": str(SAMPLE)})
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            found.append((method.upper(), path, GenerationMode.POSITIVE))
            if "requestBody" in operation or any(
                p["in"] != "path" and p["name"] != "Accept-Language"
                for p in operation.get("parameters", [])
            ):
                found.append((method.upper(), path, GenerationMode.NEGATIVE))
    return found


@pytest.fixture(scope="module")
def api_schema(fuzzed_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)


# schemathesis' own pytest integration (from_fixture) does not run on pytest 9: each operation is
# driven here with its hypothesis strategy instead.
@pytest.mark.parametrize("method, path, mode", _operations())
def test_api_matches_its_document(api_schema, method, path, mode):
    """Requests the document allows (positive) and requests it does not (negative), the latter
    also checked to be refused with a 4xx."""
    operation = api_schema[path][method]
    # A random form id is a 404 every time: give most examples a real form's id, to go deeper.
    real = {"form_id": "report-a-pothole"} if "{form_id}" in path else None
    strategy = operation.as_strategy(mode, path_parameters=real) | operation.as_strategy(mode)
    checks_ = CHECKS + ([checks.negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])

    @given(case=strategy)
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(checks=checks_)

    check()
