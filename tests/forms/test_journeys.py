"""Journeys through the citizen flow that the first forms did not need: changing an answer from
check your answers, pages opened without a draft. Real requests with CSRF on, pages parsed."""

from __future__ import annotations

import pytest

from app import create_app
from app.store import dispose
from tests.conftest import SAMPLE
from tests.forms.test_web import (
    POTHOLE,
    POTHOLE_ROAD,
    answer,
    count_drafts,
    fill_pothole_form,
    get,
    start,
)


@pytest.fixture
def app(sample_site, tmp_path):
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        }
    )
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def send(client, check_answers_url: str) -> str:
    token = get(client, check_answers_url).select_one("input[name=csrf_token]")["value"]
    response = client.post(check_answers_url, data={"csrf_token": token})
    assert response.status_code == 303
    return response.headers["Location"]


# -- changing an answer from check your answers ----------------------------------------------


def test_changing_a_branching_answer_asks_only_the_newly_needed_pages(client):
    """It walked the citizen through every later page again (GOV.UK Forms returns to check
    your answers as soon as the route is complete)."""
    fill_pothole_form(client)  # a road, no harm
    # now the pothole is on a pavement: only the width is new
    following = answer(client, f"{POTHOLE}/location-type?change=1", {"location-type": "pavement"})
    assert following == f"{POTHOLE}/pavement-width?change=1"
    soup = get(client, following)
    assert soup.select_one(".govuk-back-link")["href"] == f"{POTHOLE}/check-answers"
    following = answer(client, following, {"pavement-width": "all"})
    assert following == f"{POTHOLE}/check-answers"
    keys = [
        k.get_text(strip=True) for k in get(client, following).select(".govuk-summary-list__key")
    ]
    assert "How much of the width of the pavement or cycle path does the pothole cover?" in keys
    assert "How big is the pothole?" not in keys


def test_changing_an_answer_that_opens_two_new_pages_asks_both_then_returns(client):
    fill_pothole_form(client)
    following = answer(client, f"{POTHOLE}/harm?change=1", {"harm": "yes"})
    assert following == f"{POTHOLE}/harm-details?change=1"
    assert answer(client, following, {"harm-details": "A cyclist fell."}) == (
        f"{POTHOLE}/check-answers"
    )


def test_changing_an_answer_that_keeps_the_route_returns_at_once(client):
    fill_pothole_form(client)
    assert answer(client, f"{POTHOLE}/location-type?change=1", {"location-type": "road"}) == (
        f"{POTHOLE}/check-answers"
    )


# -- pages opened without a draft -------------------------------------------------------------


def test_check_answers_in_a_fresh_browser_starts_the_form(app):
    """It said "Your session has expired" to someone who had never started."""
    response = app.test_client().get(f"{POTHOLE}/check-answers")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{POTHOLE}/location-type"
    assert count_drafts(app) == 0


def test_confirmation_in_a_fresh_browser_starts_the_form(app):
    response = app.test_client().get(f"{POTHOLE}/confirmation")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{POTHOLE}/location-type"


def test_a_question_opened_after_sending_starts_a_new_report(app, client):
    """The browser still holds the confirmation's cookie: that is no lapsed session, and the
    citizen may have a second pothole to report."""
    assert send(client, fill_pothole_form(client)) == f"{POTHOLE}/confirmation"
    soup = get(client, f"{POTHOLE}/location-type")
    assert soup.select_one("h1").get_text(strip=True) == "Where is the pothole?"
    assert not soup.select("input[checked]")  # nothing of the last report
    # the confirmation stays until the first new answer
    assert get(client, f"{POTHOLE}/confirmation").select_one(".app-reference")
    url = start(client, POTHOLE)
    for data in POTHOLE_ROAD:
        url = answer(client, url, data)
    assert send(client, url) == f"{POTHOLE}/confirmation"


# -- what the form calls what the citizen sends ---------------------------------------------


def test_a_report_form_says_report_everywhere(app, client):
    """Every form said "application" ("Now send your application", "Application complete"),
    a pothole report too."""
    check = get(client, fill_pothole_form(client))
    assert check.select_one("h1").get_text() == "Check your answers before sending your report"
    assert (
        check.select_one("title")
        .get_text()
        .startswith("Check your answers before sending your report - ")
    )
    assert check.select_one("main h2").get_text() == "Now send your report"
    done = get(client, send(client, f"{POTHOLE}/check-answers"))
    assert done.select_one(".govuk-panel__title").get_text(strip=True) == "Pothole reported"
    assert done.select_one("title").get_text().startswith("Pothole reported - ")
    headings = [h.get_text() for h in done.select("main h2")]
    assert "If you want to delete your report" in headings
    link = done.select_one("main a[href^='/forms/delete']")
    assert link.get_text(strip=True) == "Delete your report"
    asked = get(client, link["href"])
    assert asked.select_one("h1").get_text() == "Delete a report you sent"
    assert asked.select_one("main button").get_text(strip=True) == "Delete my report"
    main_text = " ".join(t.get_text(" ", strip=True) for t in (check, done, asked))
    assert "application" not in main_text.lower()


def test_the_default_noun_is_application(app, client):
    from tests.forms.test_web import BIRTH, fill_birth_form

    check = get(client, fill_birth_form(client))
    assert check.select_one("h1").get_text() == (
        "Check your answers before sending your application"
    )
    done = get(client, send(client, f"{BIRTH}/check-answers"))
    assert done.select_one(".govuk-panel__title").get_text(strip=True) == "Application complete"
