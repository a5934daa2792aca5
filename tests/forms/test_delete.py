"""A citizen deletes their own submission at /forms/delete with the reference and deletion code
from the confirmation page. Real requests with CSRF on, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.store import dispose, get_engine
from app.store.repository import get_submission
from tests.conftest import service_app
from tests.forms.test_web import BIRTH, fill_birth_form, get, post, soup_of

DELETE = "/forms/delete"


@pytest.fixture
def client(app):
    return app.test_client()


def send_birth_form(client) -> tuple[str, str]:
    """Fill in and send the birth certificate form; the reference and deletion code shown."""
    url = fill_birth_form(client)
    assert post(client, url, {}).status_code == 303
    done = get(client, f"{BIRTH}/confirmation")
    reference = done.select_one(".app-reference").get_text(strip=True)
    code = done.select_one(".app-deletion-code").get_text(strip=True)
    return reference, code


def errors_of(response) -> list[tuple[str, str]]:
    soup = soup_of(response)
    links = [(a["href"], a.get_text(strip=True)) for a in soup.select(".govuk-error-summary a")]
    for href, message in links:  # each links to its input, which shows the same message
        field = soup.select_one(href)
        assert field is not None and field.name == "input"
        assert (
            message
            in field.find_parent(class_="govuk-form-group")
            .select_one(".govuk-error-message")
            .get_text()
        )
    if links:
        assert soup.select_one("title").get_text().startswith("Error: ")
    return links


def test_confirmation_shows_the_deletion_code_again_on_a_refresh(client):
    reference, code = send_birth_form(client)
    assert len(code) == 14 and code.count("-") == 2
    again = get(client, f"{BIRTH}/confirmation")
    assert again.select_one(".app-deletion-code").get_text(strip=True) == code
    main = again.select_one("main").get_text(" ", strip=True)
    assert "Your deletion code is" in main and "reference number" in main
    link = again.select_one(f"main a[href^='{DELETE}?form=']")
    assert link is not None and not link.get("target")  # on the site: the same tab


def test_the_right_pair_deletes_the_submission(app, client):
    reference, code = send_birth_form(client)
    assert get_submission(get_engine(app), reference) is not None
    link = get(client, f"{BIRTH}/confirmation").select_one(f"main a[href^='{DELETE}']")
    assert link["href"] == f"{DELETE}?form=request-a-copy-of-a-birth-certificate"
    page = get(client, link["href"])  # in the words of the form it came from
    assert page.select_one("h1").get_text() == "Delete an application you sent"
    assert get(client, DELETE).select_one("h1").get_text() == "Delete a form you sent"
    assert page.select_one("label[for=reference]") and page.select_one("label[for=code]")
    # typed as people do: lower case, spaces instead of dashes
    response = post(
        client,
        DELETE,
        {"reference": f" {reference.lower()} ", "code": code.lower().replace("-", " ")},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{DELETE}/done"
    assert get_submission(get_engine(app), reference) is None
    done = get(client, f"{DELETE}/done")
    assert done.select_one(".govuk-panel__title").get_text(strip=True) == (
        "Your application has been deleted"
    )
    assert done.select_one(".app-reference").get_text(strip=True) == reference
    # a replay of the same pair finds nothing: the same message as a wrong pair
    replay = post(client, DELETE, {"reference": reference, "code": code})
    assert replay.status_code == 200
    assert errors_of(replay) == [
        (
            "#reference",
            "The reference number and deletion code do "
            "not match anything you sent. Check both and "
            "try again",
        )
    ]


def test_a_wrong_pair_gets_one_message_that_does_not_say_which(app, client):
    reference, code = send_birth_form(client)
    other_reference = ("B" if reference[0] != "B" else "C") + reference[1:]
    other_code = ("A" if code[0] != "A" else "B") + code[1:]
    messages = set()
    for pair in (
        {"reference": reference, "code": other_code},
        {"reference": other_reference, "code": code},
        {"reference": other_reference, "code": other_code},
    ):
        response = post(client, DELETE, pair)
        assert response.status_code == 200
        errors = errors_of(response)
        assert len(errors) == 1
        messages.add(errors[0])
        # what was typed is kept, to correct it
        soup = soup_of(response)
        assert soup.select_one("#reference")["value"] == pair["reference"]
    assert len(messages) == 1
    assert get_submission(get_engine(app), reference) is not None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"reference": "", "code": ""},
            [("#reference", "Enter your reference number"), ("#code", "Enter your deletion code")],
        ),
        (
            {"reference": "HDJ4KM2", "code": "FJ7K-2MQP-X9RT"},
            [
                (
                    "#reference",
                    "Enter your reference number as it is shown on your confirmation page, "
                    "8 letters and numbers, like HDJ4KM2P",
                )
            ],
        ),
        (
            {"reference": "HDJ4KM2O", "code": "FJ7K-2MQP-X9R"},  # O is never in a reference
            [
                (
                    "#reference",
                    "Enter your reference number as it is shown on your confirmation page, "
                    "8 letters and numbers, like HDJ4KM2P",
                ),
                (
                    "#code",
                    "Enter your deletion code as it is shown on your confirmation page, "
                    "12 letters and numbers, like FJ7K-2MQP-X9RT",
                ),
            ],
        ),
        (
            {"reference": "HDJ4KM2P", "code": "<script>"},
            [
                (
                    "#code",
                    "Enter your deletion code as it is shown on your confirmation page, "
                    "12 letters and numbers, like FJ7K-2MQP-X9RT",
                )
            ],
        ),
    ],
)
def test_empty_or_malformed_input_says_what_to_fix(client, data, expected):
    response = post(client, DELETE, data)
    assert response.status_code == 200
    assert errors_of(response) == expected


def test_post_without_csrf_token_deletes_nothing(app, client):
    reference, code = send_birth_form(client)
    response = post(client, DELETE, {"reference": reference, "code": code}, token=False)
    assert response.status_code == 400
    assert errors_of(response)[0][0] == "#reference"
    assert get_submission(get_engine(app), reference) is not None


def test_done_page_without_a_deletion_goes_back_to_the_form(client):
    response = client.get(f"{DELETE}/done")
    assert response.status_code == 303 and response.headers["Location"] == DELETE


def test_delete_pages_are_not_cached(client):
    assert client.get(DELETE).headers["Cache-Control"] == "no-store"


def test_too_many_tries_are_refused_with_how_long_to_wait(sample_site, tmp_path, database_url):
    app = service_app(sample_site, database_url, RATELIMIT_DELETION_ATTEMPTS="3 per minute")
    try:
        client = app.test_client()
        reference, code = send_birth_form(client)
        wrong = {"reference": reference, "code": ("A" if code[0] != "A" else "B") + code[1:]}
        for _ in range(3):
            assert post(client, DELETE, wrong).status_code == 200
        refused = post(client, DELETE, {"reference": reference, "code": code})
        assert refused.status_code == 429
        # a minute's window: the wait, rounded up to whole minutes, is 1 or 2 minutes
        assert errors_of(refused) in (
            [("#reference", f"You have tried too many times. Wait {wait} and try again")]
            for wait in ("a minute", "2 minutes")
        )
        assert get_submission(get_engine(app), reference) is not None  # the right code too
    finally:
        dispose(app)
