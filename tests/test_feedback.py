"""'Is this page useful?': the buttons at the foot of a built page post to /feedback, which stores
the answer and thanks the citizen, or after a 'no' asks what went wrong; the phase banner's
'giving feedback' leads to a form about the whole site; `flask feedback summary` shows them all.
Real requests from the pages' own forms (their CSRF tokens too), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.store import dispose, get_engine
from app.store.feedback import tally
from tests.conftest import service_app
from tests.forms.test_web import soup_of


@pytest.fixture
def client(app):
    return app.test_client()


def feedback_form(client, url: str) -> dict:
    """What the built page's feedback form posts when a button is pressed, read from the page."""
    with client.get(url) as page:
        form = soup_of(page).select_one("form.app-feedback__form")
    assert form["action"] == "/feedback" and form["method"] == "post"
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    buttons = {button["value"]: button["name"] for button in form.select("button")}
    assert set(buttons) == {"yes", "no"}
    return {"fields": fields, "button": next(iter(buttons.values()))}


def press(client, url: str, answer: str):
    form = feedback_form(client, url)
    return client.post("/feedback", data={**form["fields"], form["button"]: answer})


def test_a_built_pages_buttons_are_stored_and_thanked(app, client):
    response = press(client, "/apply-for-a-passport", "yes")
    assert response.status_code == 303
    assert response.headers["Location"] == "/feedback/thanks?path=%2Fapply-for-a-passport"
    thanks = soup_of(client.get(response.headers["Location"]))
    assert thanks.select_one("h1").get_text(strip=True) == "Thank you for your feedback"
    assert thanks.select_one("main a.govuk-link[href='/apply-for-a-passport']") is not None
    assert press(client, "/apply-for-a-passport", "no").status_code == 303
    assert press(client, "/apply-for-a-passport", "no").status_code == 303
    assert press(client, "/about", "yes").status_code == 303
    counts = {(row.path, row.useful, row.not_useful) for row in tally(get_engine(app))}
    assert counts == {("/apply-for-a-passport", 1, 2), ("/about", 1, 0)}


@pytest.mark.parametrize(
    "data",
    [
        {"path": "/apply-for-a-passport", "useful": "maybe"},
        {"path": "/apply-for-a-passport"},
        {"useful": "yes"},
        {"path": "https://elsewhere.example/", "useful": "yes"},
        {"path": "//elsewhere.example/", "useful": "yes"},
        {"path": "/" + "a" * 500, "useful": "yes"},
    ],
)
def test_a_damaged_post_stores_nothing_and_says_so(app, client, data):
    response = client.post("/feedback", data=data)
    assert response.status_code == 400
    assert (
        soup_of(response).select_one("h1").get_text(strip=True) == "We could not record your answer"
    )
    assert tally(get_engine(app)) == []


def test_a_guide_part_and_the_home_page_are_pages_too(app, client):
    for path in ("/living-allowance/eligibility", "/"):
        response = client.post("/feedback", data={"path": path, "useful": "yes"})
        assert response.status_code == 303, path
    assert {row.path for row in tally(get_engine(app))} == {"/living-allowance/eligibility", "/"}


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page",
        "/apply-for-a-passport.html",  # the file, not the page's address
        "/assets/portal.css",
        "/sitemap.xml",
        "/api/content/apply-for-a-passport.json",
        "/living-allowance/../apply-for-a-passport",
        "/../../etc/passwd",
        "/search",  # the service's own pages have no buttons
        "/forms/report-a-pothole",
        "/apply-for-a-passport?x=1",
    ],
)
def test_a_path_that_is_not_a_built_page_is_thanked_but_not_stored(app, client, path):
    """A page gone in a rebuild while it was open, or a made-up post: the citizen is thanked as
    usual (with a link to the home page, not to the path), and nothing is stored."""
    response = client.post("/feedback", data={"path": path, "useful": "no"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/feedback/thanks"
    assert tally(get_engine(app)) == []
    soup = soup_of(client.get(response.headers["Location"]))
    assert soup.select_one("h1").get_text(strip=True) == "Thank you for your feedback"
    assert [a["href"] for a in soup.select("main a.govuk-link")] == ["/feedback/site", "/"]


def test_the_thanks_page_links_only_to_this_site(client):
    for path in (
        "https://elsewhere.example/",
        "//elsewhere.example",
        "javascript:alert(1)",
        "/no-such-page",
    ):
        soup = soup_of(client.get("/feedback/thanks", query_string={"path": path}))
        assert [a["href"] for a in soup.select("main a.govuk-link")] == ["/feedback/site", "/"]


def test_answers_are_rate_limited(sample_site, tmp_path, database_url):
    app = service_app(sample_site, database_url, RATELIMIT_PUBLIC_WRITES="2 per minute")
    try:
        client = app.test_client()
        assert [press(client, "/about", "yes").status_code for _ in range(3)] == [303, 303, 429]
        assert tally(get_engine(app))[0].useful == 2
    finally:
        dispose(app)


def test_summary_lists_the_pages_with_most_no_answers_first(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["feedback", "summary"]).output == "No answers yet.\n"
    for url, answer in (
        ("/about", "yes"),
        ("/apply-for-a-passport", "no"),
        ("/apply-for-a-passport", "no"),
    ):
        press(client, url, answer)
    result = runner.invoke(args=["feedback", "summary", "--days", "7"])
    assert result.exit_code == 0
    assert [line.split() for line in result.output.splitlines()] == [
        ["page", "yes", "no"],
        ["/apply-for-a-passport", "0", "2"],
        ["/about", "1", "0"],
    ]
