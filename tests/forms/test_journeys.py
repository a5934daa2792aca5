"""Journeys through the citizen flow that the first forms did not need: changing an answer from
check your answers, pages opened without a draft. Real requests with CSRF on, pages parsed."""

from __future__ import annotations

from tests.forms.test_web import (
    POTHOLE,
    POTHOLE_ROAD,
    answer,
    count_drafts,
    fill_pothole_form,
    get,
    post,
    soup_of,
    start,
)


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


# -- exit pages and "None of these" -----------------------------------------------------------

GRANT = "/forms/apply-for-a-household-support-grant"


def test_a_route_to_an_exit_page_ends_the_journey_there(app, client):
    url = start(client, GRANT)
    assert url == f"{GRANT}/lives-in-northmere"
    following = answer(client, url, {"lives-in-northmere": "no"})
    assert following == f"{GRANT}/outside-northmere"
    soup = get(client, following)
    assert soup.select_one("h1").get_text() == "You cannot apply for a Household Support Grant"
    assert "only for households in Northmere" in soup.select_one(".app-form-exit").get_text()
    assert (
        soup.select_one("title")
        .get_text()
        .startswith("You cannot apply for a Household Support Grant - ")
    )
    assert not soup.select("main form")  # nothing to continue with
    # back to the answer that led here, which the draft kept
    back = soup.select_one(".govuk-back-link")["href"]
    assert back == url
    assert get(client, back).select_one("input[value=no]").has_attr("checked")
    # check answers and the later questions lead to the exit page, and nothing can be sent
    for later in (f"{GRANT}/check-answers", f"{GRANT}/full-name"):
        response = client.get(later)
        assert response.headers["Location"] == f"{GRANT}/outside-northmere", later
    token = get(client, url).select_one("input[name=csrf_token]")["value"]
    sent = client.post(f"{GRANT}/check-answers", data={"csrf_token": token})
    assert sent.headers["Location"] == f"{GRANT}/outside-northmere"
    # a changed answer takes the journey on
    assert answer(client, url, {"lives-in-northmere": "yes"}) == f"{GRANT}/benefits"


def test_an_exit_page_opened_by_its_address_goes_back_to_the_start(app):
    soup = get(app.test_client(), f"{GRANT}/no-qualifying-benefit")
    assert soup.select_one("h1").get_text() == "You cannot get a Household Support Grant"
    link = soup.select_one(".app-form-exit a")
    assert link["href"] == "/social-security-agency-cost-of-living-payment"
    assert soup.select_one(".govuk-back-link")["href"] == GRANT
    assert count_drafts(app) == 0


def test_none_of_these_is_an_exclusive_checkbox_after_or(client):
    url = answer(client, start(client, GRANT), {"lives-in-northmere": "yes"})
    soup = get(client, url)
    items = soup.select(".govuk-checkboxes > *")
    assert "govuk-checkboxes__divider" in items[-2]["class"]
    assert items[-2].get_text(strip=True) == "or"
    none = items[-1].select_one("input")
    assert none["value"] == "none" and none["data-behaviour"] == "exclusive"
    assert [i.get("data-behaviour") for i in soup.select(".govuk-checkboxes__input")][:-1] == [
        None
    ] * 3


def test_none_of_these_with_another_option_is_refused_in_govuk_words(client):
    url = answer(client, start(client, GRANT), {"lives-in-northmere": "yes"})
    message = (
        "Select the benefits your household gets, or select "
        "‘No, nobody in my household gets any of these’"
    )
    for wrong in ({"benefits": ["pension-credit", "none"]}, {}):
        response = post(client, url, wrong)
        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.select_one(".govuk-error-summary a").get_text(strip=True) == message
        assert soup.select_one(".govuk-error-message").get_text(" ", strip=True) == (
            f"Error: {message}"
        )
    assert answer(client, url, {"benefits": "none"}) == f"{GRANT}/no-qualifying-benefit"
    assert answer(client, url, {"benefits": ["pension-credit"]}) == f"{GRANT}/full-name"
