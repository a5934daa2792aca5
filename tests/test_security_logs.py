"""Logs never contain answers: whole journeys (on the site and embedded), wrong answers and a
deletion, with every logger at DEBUG, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging

from app.store import dispose
from tests.conftest import service_app
from tests.forms.test_embed import EMBED, POTHOLE_ANSWERS, embedded_get, embedded_post
from tests.forms.test_web import BIRTH, BIRTH_ANSWERS, fill_birth_form, get, post

WRONG_ANSWERS = {"email": "zq-wrong-address@@example", "previous-postcode": "QX9 NOPE7"}


def answer_values(answers) -> set[str]:
    values = set()
    for data in answers:
        for value in data.values():
            values.update([value] if isinstance(value, str) else value)
    # not the short ones ("road", "full"): words any log line could hold
    return {value.strip() for value in values if len(value.strip()) > 4}


def test_logs_never_contain_answers(sample_site, tmp_path, database_url, caplog):
    caplog.set_level(logging.DEBUG)  # the root logger: every library's too
    app = service_app(sample_site, database_url)
    app.logger.setLevel(logging.DEBUG)
    client = app.test_client()
    try:
        # the site's flow, with a wrong answer on the way
        url = fill_birth_form(client)
        assert post(client, f"{BIRTH}/email", {"email": WRONG_ANSWERS["email"]}).status_code == 200
        assert post(client, url, {}).status_code == 303
        done = get(client, f"{BIRTH}/confirmation")
        site_reference = done.select_one(".app-reference").get_text(strip=True)
        code = done.select_one(".app-deletion-code").get_text(strip=True)
        # the embedded flow, with a wrong answer on the way
        url = embedded_post(client, EMBED, {}).headers["Location"]
        for page_id, data in POTHOLE_ANSWERS:
            if page_id == "postcode":
                wrong = {"postcode": WRONG_ANSWERS["previous-postcode"]}
                assert embedded_post(client, url, wrong).status_code == 200
            url = embedded_post(client, url, data).headers["Location"]
        assert embedded_post(client, url, {}).status_code == 303
        embedded_reference = (
            embedded_get(client, f"{EMBED}/confirmation")
            .select_one(".app-reference")
            .get_text(strip=True)
        )
        # the citizen deletes the first with its code (a secret: not logged either)
        assert (
            post(client, "/forms/delete", {"reference": site_reference, "code": "AAAA"}).status_code
            == 200
        )
        assert (
            post(client, "/forms/delete", {"reference": site_reference, "code": code}).status_code
            == 303
        )
    finally:
        dispose(app)

    text = caplog.text
    # the capture works: the submissions were logged, by reference
    assert site_reference in text and embedded_reference in text
    values = (
        answer_values(BIRTH_ANSWERS.values())
        | answer_values(d for _, d in POTHOLE_ANSWERS)
        | set(WRONG_ANSWERS.values())
    )
    assert "Ada Lovelace" in values and "Mill Lane" in values
    assert code not in text
    leaked = sorted(value for value in values if value.lower() in text.lower())
    assert leaked == [], f"answers in the logs: {leaked}"
