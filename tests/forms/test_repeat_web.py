"""Repeating answers in the citizen flow ("add another"): the entries' questions, the summary
with Change and Remove, the remove confirmation, routes on any or every entry, check your answers
and what is stored. Real requests with CSRF on, pages parsed, as a browser without JavaScript."""

from __future__ import annotations

import pytest

from app import create_app
from app.store import dispose, get_engine
from app.store.repository import get_submission
from tests.conftest import SAMPLE
from tests.forms.test_web import answer, count_drafts, get, post, soup_of, start

GRANT = "/forms/apply-for-a-household-support-grant"
HOUSEHOLD = f"{GRANT}/household"
BEFORE_THE_GROUP = [
    {"lives-in-northmere": "yes"},
    {"benefits": ["pension-credit"]},
    {"full-name": "Ada Lovelace"},
    {"address-line1": "1 High Street", "address-town": "Northtown", "address-postcode": "sw1a1aa"},
]


def person(name: str, works: str, year: str = "1985") -> list[dict]:
    return [
        {"member-name": name},
        {
            "member-date-of-birth-day": "10",
            "member-date-of-birth-month": "12",
            "member-date-of-birth-year": year,
        },
        {"member-works": works},
        {},  # no proof of identity: it is optional (a file per entry: tests/uploads)
    ]


def to_the_group(client) -> str:
    url = start(client, GRANT)
    for data in BEFORE_THE_GROUP:
        url = answer(client, url, data)
    assert url == HOUSEHOLD
    return url


def add(client, url: str, answers: list[dict]) -> str:
    for data in answers:
        url = answer(client, url, data)
    return url


def summary_rows(soup) -> list[tuple[str, str, list[str]]]:
    return [
        (
            row.select_one(".govuk-summary-list__key").get_text(strip=True),
            row.select_one(".govuk-summary-list__value").get_text(" ", strip=True),
            [a.get_text(" ", strip=True) for a in row.select(".govuk-summary-list__actions a")],
        )
        for row in soup.select(".govuk-summary-list__row")
    ]


def test_the_first_entry_is_asked_then_the_summary_offers_another(client):
    url = to_the_group(client)
    response = client.get(url)  # no entries yet: the first entry's first question
    assert response.headers["Location"] == f"{HOUSEHOLD}/1/member-name"
    soup = get(client, f"{HOUSEHOLD}/1/member-name")
    assert soup.select_one("h1").get_text(strip=True) == (
        "What is the full name of someone who lives in your household?"
    )
    assert soup.select_one(".govuk-caption-l").get_text() == "Person 1"
    assert soup.select_one(".govuk-back-link")["href"] == f"{GRANT}/address"
    url = add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    assert url == HOUSEHOLD
    soup = get(client, url)
    assert soup.select_one("h1").get_text() == "You have added 1 person"
    assert soup.select_one("title").get_text().startswith("You have added 1 person - ")
    assert summary_rows(soup) == [
        ("Person 1", "Ada Lovelace 10 December 1985 No", ["Change person 1"])
    ]  # no Remove: the group needs at least 1 person
    legend = soup.select_one("main form legend")
    assert legend.get_text(strip=True) == "Do you need to add another person?"
    assert [i["value"] for i in soup.select("input[name=add-another]")] == ["yes", "no"]


def test_the_summary_needs_a_choice_in_govuk_words(client):
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    response = post(client, HOUSEHOLD, {})
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one("title").get_text().startswith("Error: You have added 1 person")
    link = soup.select_one(".govuk-error-summary a")
    assert link.get_text() == "Select yes if you need to add another person"
    assert soup.select_one(link["href"])  # the first radio


def test_add_another_then_routes_on_every_entry(app, client):
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    assert answer(client, HOUSEHOLD, {"add-another": "yes"}) == f"{HOUSEHOLD}/2/member-name"
    back = get(client, f"{HOUSEHOLD}/2/member-name").select_one(".govuk-back-link")["href"]
    assert back == HOUSEHOLD
    assert add(client, f"{HOUSEHOLD}/2/member-name", person("Byron", "yes", "1960")) == HOUSEHOLD
    soup = get(client, HOUSEHOLD)
    assert soup.select_one("h1").get_text() == "You have added 2 people"
    assert [actions for _key, _value, actions in summary_rows(soup)] == [
        ["Change person 1", "Remove person 1"],
        ["Change person 2", "Remove person 2"],
    ]
    # someone works: the earnings are asked
    assert answer(client, HOUSEHOLD, {"add-another": "no"}) == f"{GRANT}/monthly-earnings"
    url = answer(client, f"{GRANT}/monthly-earnings", {"monthly-earnings": "1,250"})
    url = answer(client, url, {"help-with": ["energy", "food"]})
    url = answer(client, url, {"email": ""})
    assert url == f"{GRANT}/check-answers"
    check = get(client, url)
    rows = summary_rows(check)
    assert ("Person 1", "Ada Lovelace 10 December 1985 No", ["Change Person 1"]) in rows
    assert ("Person 2", "Byron 10 December 1960 Yes", ["Change Person 2"]) in rows
    change = check.select(".govuk-summary-list__actions a")[4]["href"]
    assert change == f"{HOUSEHOLD}?change=1"
    post(client, url, {})
    reference = get(client, f"{GRANT}/confirmation").select_one(".app-reference").get_text()
    stored = get_submission(get_engine(app), reference).answers
    assert stored["household"] == [
        {"member-name": "Ada Lovelace", "member-date-of-birth": "1985-12-10", "member-works": "no"},
        {"member-name": "Byron", "member-date-of-birth": "1960-12-10", "member-works": "yes"},
    ]
    assert stored["monthly-earnings"] == 1250


def test_removing_an_entry_asks_first_and_the_route_follows(app, client):
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    answer(client, HOUSEHOLD, {"add-another": "yes"})
    add(client, f"{HOUSEHOLD}/2/member-name", person("Byron", "yes"))
    remove = f"{HOUSEHOLD}/2/remove"
    soup = get(client, remove)
    assert soup.select_one("h1").get_text(strip=True) == (
        "Are you sure you want to remove this person?"
    )
    assert "Byron" in soup.select_one(".govuk-hint").get_text()
    assert soup.select_one(".govuk-back-link")["href"] == HOUSEHOLD
    refused = soup_of(post(client, remove, {}))
    assert refused.select_one(".govuk-error-summary a").get_text() == (
        "Select yes if you want to remove this person"
    )
    assert answer(client, remove, {"confirm-remove": "no"}) == HOUSEHOLD
    assert len(summary_rows(get(client, HOUSEHOLD))) == 2
    assert answer(client, remove, {"confirm-remove": "yes"}) == HOUSEHOLD
    assert [key for key, *_ in summary_rows(get(client, HOUSEHOLD))] == ["Person 1"]
    # nobody works now (every entry says no): the earnings are skipped
    assert answer(client, HOUSEHOLD, {"add-another": "no"}) == f"{GRANT}/help-with"


def test_removing_below_the_minimum_is_refused(client):
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    response = post(client, f"{HOUSEHOLD}/1/remove", {"confirm-remove": "yes"})
    assert response.status_code == 200
    message = (
        "You cannot remove this person: you need to add at least 1 person. Change their "
        "answers instead"
    )
    assert soup_of(response).select_one(".govuk-error-summary a").get_text() == message
    assert [key for key, *_ in summary_rows(get(client, HOUSEHOLD))] == ["Person 1"]


def test_an_unfinished_entry_is_where_the_form_goes_back_to(app, client):
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    answer(client, HOUSEHOLD, {"add-another": "yes"})
    answer(client, f"{HOUSEHOLD}/2/member-name", {"member-name": "Byron"})  # then stops
    soup = get(client, HOUSEHOLD)
    assert summary_rows(soup)[1][1] == "Byron Not given Not given"
    following = answer(client, HOUSEHOLD, {"add-another": "no"})
    assert following == f"{HOUSEHOLD}/2/member-date-of-birth"
    assert client.get(f"{GRANT}/check-answers").headers["Location"] == following
    # an entry past the next one does not exist: the summary
    assert client.get(f"{HOUSEHOLD}/5/member-name").headers["Location"] == HOUSEHOLD
    assert count_drafts(app) == 1


def test_a_change_from_check_answers_returns_there(client):
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    url = answer(client, HOUSEHOLD, {"add-another": "no"})
    url = answer(client, url, {"help-with": ["water"]})
    assert answer(client, url, {"email": ""}) == f"{GRANT}/check-answers"
    soup = get(client, f"{HOUSEHOLD}?change=1")
    change = soup.select(".govuk-summary-list__actions a")[0]["href"]
    assert change == f"{HOUSEHOLD}/1/member-name?change=1"
    assert soup.select_one(".govuk-back-link")["href"] == f"{GRANT}/check-answers"
    # the entry's pages in turn, then its summary, then check your answers
    url = answer(client, change, {"member-name": "Ada King"})
    assert url == f"{HOUSEHOLD}/1/member-date-of-birth?change=1"
    url = add(client, url, person("x", "no")[1:])
    assert url == f"{HOUSEHOLD}?change=1"
    # someone works now: the earnings are newly needed, then check answers
    url = answer(client, f"{HOUSEHOLD}/1/member-works?change=1", {"member-works": "yes"})
    assert url == f"{HOUSEHOLD}/1/member-proof?change=1"
    url = answer(client, url, {})
    assert url == f"{HOUSEHOLD}?change=1"
    url = answer(client, url, {"add-another": "no"})
    assert url == f"{GRANT}/monthly-earnings?change=1"
    assert answer(client, url, {"monthly-earnings": "900"}) == f"{GRANT}/check-answers"


@pytest.fixture
def two_at_most(sample_site, tmp_path):
    """The sample content, its household group allowing 2 people at most."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    path = content / "forms" / "apply-for-a-household-support-grant.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max: 8", "max: 2"), "utf-8")
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(content),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        }
    )
    yield app
    dispose(app)


def test_at_the_most_entries_no_other_can_be_added(two_at_most):
    client = two_at_most.test_client()
    to_the_group(client)
    add(client, f"{HOUSEHOLD}/1/member-name", person("Ada Lovelace", "no"))
    answer(client, HOUSEHOLD, {"add-another": "yes"})
    add(client, f"{HOUSEHOLD}/2/member-name", person("Byron", "no"))
    soup = get(client, HOUSEHOLD)
    assert soup.select_one(".app-repeat-full").get_text() == (
        "You cannot add another person: you can add up to 2 people."
    )
    assert not soup.select("input[name=add-another]")
    # a third entry's address, or a "yes" posted all the same, adds nobody
    assert client.get(f"{HOUSEHOLD}/3/member-name").headers["Location"] == HOUSEHOLD
    assert answer(client, HOUSEHOLD, {"add-another": "yes"}) == f"{GRANT}/help-with"
    assert len(summary_rows(get(client, HOUSEHOLD))) == 2


def test_the_group_pages_work_embedded_and_keep_to_the_frame(client):
    embed = f"{GRANT}/embed"
    url = answer(client, embed, {})  # "Start now"
    for data in BEFORE_THE_GROUP:
        url = answer(client, url, data)
    assert url == f"{embed}/household"
    assert client.get(url).headers["Location"] == f"{embed}/household/1/member-name"
    url = add(client, f"{embed}/household/1/member-name", person("Ada Lovelace", "no"))
    assert url == f"{embed}/household"
    soup = get(client, url)
    assert "app-embed" in soup.select_one("body")["class"]
    assert soup.select_one("main form")["action"] == f"{embed}/household"
    assert soup.select_one(".govuk-summary-list__actions a")["href"] == (
        f"{embed}/household/1/member-name"
    )
    assert answer(client, url, {"add-another": "no"}) == f"{embed}/help-with"
    # a later entry's page without the frame's cookie: the page saying cookies were refused
    fresh = get(client.application.test_client(), f"{embed}/household/1/member-works")
    assert fresh.select_one("h1").get_text() == "We could not keep your answers"
