"""Every route under /api/, taken from the app's URL map (so a route added later is walked too),
answers each error in the one problem shape: an unknown id (404), a wrong method (405), a body
too big (413) or not JSON (415), an unknown parameter (422), too many requests (429), a fault
(500). Routes that need an agency key may answer 401 first: still a problem. OPTIONS on every
route answers 204 with `Allow` (an unknown /api/ URL: a 404 problem)."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.api.json_body import API_MAX_BODY
from app.api.openapi import spec
from app.store import dispose
from tests.api.conftest import problem_of
from tests.conftest import SAMPLE, service_app

UNKNOWN = "no-such-thing"
# GET is left out: the static site's catch-all answers any GET, with a 404 (a problem on /api/)
WRONG_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _api_routes() -> list[tuple[str, str, bool]]:
    """(rule, method, has path arguments) for every API route and method in the URL map."""
    app = create_app({"CONTENT_DIR": str(SAMPLE)})
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.rule, method, bool(rule.arguments)))
    return found


ROUTES = _api_routes()
DOCUMENT = "/api/v1/openapi.json"


def concrete(rule: str) -> str:
    """The rule with every argument an id that does not exist."""
    url = rule
    while "<" in url:
        start, end = url.index("<"), url.index(">")
        url = url[:start] + UNKNOWN + url[end + 1 :]
    return url


@pytest.fixture
def walk_app(sample_search, tmp_path):
    app = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'p.db'}",
        TESTING=False,
        RATELIMIT_PUBLIC_WRITES="2 per minute",
    )
    yield app
    dispose(app)


def needs_key(app, rule: str, method: str) -> bool:
    """Whether the OpenAPI document says the operation takes an agency's key."""
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)
    with app.app_context():
        operation = spec.spec["paths"].get(path, {}).get(method.lower(), {})
    return bool(operation.get("security"))


def test_the_walk_finds_the_public_routes():
    walked = {(rule, method) for rule, method, _ in ROUTES}
    assert {
        ("/api/v1/forms", "GET"),
        ("/api/v1/forms/<form_id>/submissions", "POST"),
        ("/api/v1/forms/<form_id>/validate", "POST"),
        ("/api/v1/search", "GET"),
    } <= walked


@pytest.mark.parametrize("rule, method, has_args", [r for r in ROUTES if r[2]])
def test_unknown_ids_are_problems(walk_app, rule, method, has_args):
    client = walk_app.test_client()
    body = {"json": {"answers": {}}} if method in ("POST", "PUT", "PATCH") else {}
    response = client.open(concrete(rule), method=method, **body)
    expected = 401 if needs_key(walk_app, rule, method) else 404
    problem_of(response, expected)


@pytest.mark.parametrize("rule, method, has_args", ROUTES)
def test_wrong_methods_are_405_problems(walk_app, rule, method, has_args):
    allowed = {m for r, m, _ in ROUTES if r == rule}
    wrong = next(m for m in WRONG_METHODS if m not in allowed)
    response = walk_app.test_client().open(concrete(rule), method=wrong)
    problem_of(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= allowed


@pytest.mark.parametrize("rule, method, has_args", ROUTES)
def test_big_and_non_json_bodies_are_problems(walk_app, rule, method, has_args):
    client = walk_app.test_client()
    big = b"[" + b"1," * API_MAX_BODY + b"1]"
    problem_of(
        client.open(concrete(rule), method=method, data=big, content_type="application/json"), 413
    )
    problem_of(
        client.open(
            concrete(rule),
            method=method,
            data="a=1",
            content_type="application/x-www-form-urlencoded",
        ),
        415,
    )


# the document itself is not an operation: it has no parameters to get wrong
@pytest.mark.parametrize("rule, method, has_args", [r for r in ROUTES if r[0] != DOCUMENT])
def test_unknown_parameters_are_422_problems(walk_app, rule, method, has_args):
    url = concrete(rule).replace(UNKNOWN, "report-a-pothole", 1) + "?no-such-parameter=1"
    body = {"json": {"answers": {}}} if method in ("POST", "PUT", "PATCH") else {}
    response = walk_app.test_client().open(url, method=method, **body)
    if needs_key(walk_app, rule, method):
        problem_of(response, 401)
        return
    errors = problem_of(response, 422)["errors"]
    assert {"field": "no-such-parameter"}.items() <= errors[0].items()


@pytest.mark.parametrize("rule, method, has_args", ROUTES)
def test_faults_are_logged_500_problems_without_details(walk_app, rule, method, has_args, caplog):
    endpoint = next(
        r.endpoint for r in walk_app.url_map.iter_rules() if r.rule == rule and method in r.methods
    )

    def broken(**_kwargs):
        raise RuntimeError("internal detail that must not leak")

    walk_app.view_functions[endpoint] = broken
    body = {"json": {"answers": {}}} if method in ("POST", "PUT", "PATCH") else {}
    response = walk_app.test_client().open(concrete(rule), method=method, **body)
    problem = problem_of(response, 500)
    assert "internal detail" not in response.get_data(as_text=True)
    assert problem["title"] == "Internal Server Error"
    assert any("internal detail" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


RULES = sorted({rule for rule, _method, _args in ROUTES})


@pytest.mark.parametrize("rule", RULES)
def test_options_answers_with_the_routes_methods_and_no_cors(walk_app, rule):
    """A plain OPTIONS, and a preflight from an origin no form allows: 204 with `Allow`, no
    body and no CORS headers (the allowed origins' preflights are in test_cors.py)."""
    allowed = {m for r, m, _ in ROUTES if r == rule}
    client = walk_app.test_client()
    for url in (concrete(rule), concrete(rule).replace(UNKNOWN, "report-a-pothole")):
        for headers in (
            {},
            {"Origin": "https://evil.example", "Access-Control-Request-Method": sorted(allowed)[0]},
        ):
            response = client.options(url, headers=headers)
            assert response.status_code == 204, (url, headers)
            assert response.get_data() == b"" and "Content-Type" not in response.headers
            assert set(response.headers["Allow"].replace(" ", "").split(",")) >= allowed
            assert not [
                name for name, _ in response.headers if name.startswith("Access-Control-")
            ], (url, headers)
            assert "Set-Cookie" not in response.headers


def test_options_on_an_unknown_api_url_is_a_404_problem(walk_app):
    client = walk_app.test_client()
    for url in ("/api/v1/no-such-thing", "/api/", "/api/v2/forms"):
        problem_of(client.options(url), 404)
        problem_of(
            client.options(
                url,
                headers={
                    "Origin": "https://roads.gov.nm.example",
                    "Access-Control-Request-Method": "GET",
                },
            ),
            404,
        )


def test_public_writes_are_rate_limited_with_problems(walk_app):
    client = walk_app.test_client()
    limited = [
        (rule, method)
        for rule, method, _ in ROUTES
        if method == "POST" and rule.startswith("/api/v1/forms/")
    ]
    assert limited
    for rule, method in limited:
        url = concrete(rule).replace(UNKNOWN, "report-a-pothole")
        statuses = [
            client.open(url, method=method, json={"answers": {}}).status_code for _ in range(2)
        ]
        assert 429 not in statuses
        response = client.open(url, method=method, json={"answers": {}})
        problem_of(response, 429)
        assert int(response.headers["Retry-After"]) >= 1
