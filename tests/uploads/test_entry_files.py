"""A file question in a repeating group: the household grant's proof of identity, one file for
each person, through real requests with CSRF on, posted as a browser with JavaScript off posts
them (multipart/form-data). Each entry's upload is checked as any file is, shown in the summary
of the entries and in check your answers, replaced or released with its entry, kept with the
draft, attached to the submission and deleted with it."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage

from app.store import get_engine
from app.store import uploads as rows
from app.store.repository import get_submission, utcnow
from app.store.tables import uploads
from tests.forms.test_repeat_web import GRANT, HOUSEHOLD, person, summary_rows, to_the_group
from tests.forms.test_web import answer, get, soup_of
from tests.forms.test_web import post as form_post

from .files import EXE, PDF, photo
from .test_pages import post, stored


@pytest.fixture
def client(app):
    return app.test_client()


def proof_url(number: int) -> str:
    return f"{HOUSEHOLD}/{number}/member-proof"


def upload(client, number: int, data: bytes, name: str, content_type: str):
    given = FileStorage(io.BytesIO(data), name, content_type=content_type)
    return post(client, proof_url(number), {"member-proof": given})


def to_the_proof(client, number: int, name: str) -> None:
    """Person `number`'s answers up to their proof of identity (the group's first entry when 1)."""
    if number == 1:
        to_the_group(client)
    else:
        assert answer(client, HOUSEHOLD, {"add-another": "yes"}).endswith("/member-name")
    url = f"{HOUSEHOLD}/{number}/member-name"
    for data in person(name, "no")[:3]:
        url = answer(client, url, data)
    assert url == proof_url(number)


def add_with_proof(client, number: int, name: str, data: bytes, filename: str, mime: str):
    to_the_proof(client, number, name)
    response = upload(client, number, data, filename, mime)
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"] == HOUSEHOLD


def to_check_answers(client) -> str:
    url = answer(client, HOUSEHOLD, {"add-another": "no"})
    url = answer(client, url, {"help-with": ["food"]})
    url = answer(client, url, {"email": ""})
    assert url == f"{GRANT}/check-answers"
    return url


def sent(client) -> tuple[str, str]:
    """Send the form from check your answers: its reference and deletion code."""
    assert post(client, f"{GRANT}/check-answers", {}).status_code == 303
    confirmation = get(client, f"{GRANT}/confirmation")
    reference = confirmation.select_one(".app-reference").get_text(strip=True)
    code = confirmation.select_one(".app-deletion-code").get_text(strip=True)
    return reference, code


def test_each_person_has_their_own_file_from_upload_to_submission(app, client):
    to_the_proof(client, 1, "Ada Lovelace")
    soup = get(client, proof_url(1))
    form = soup.select_one("main form[method=post]")
    assert form["enctype"] == "multipart/form-data"
    assert soup.select_one(".govuk-caption-l").get_text() == "Person 1"
    field = form.select_one("input#member-proof.govuk-file-upload")
    assert field["accept"] == ".pdf,application/pdf,.jpg,image/jpeg,.png,image/png"
    response = upload(client, 1, PDF, "passport.pdf", "application/pdf")
    assert response.headers["Location"] == HOUSEHOLD
    add_with_proof(client, 2, "Byron", photo(), "IMG_0002.JPG", "image/jpeg")
    # the summary of the entries names each one's file
    assert [row[:2] for row in summary_rows(get(client, HOUSEHOLD))] == [
        ("Person 1", "Ada Lovelace 10 December 1985 No passport.pdf"),
        ("Person 2", "Byron 10 December 1985 No IMG_0002.JPG"),
    ]
    check = get(client, to_check_answers(client))
    values = {
        r.select_one(".govuk-summary-list__key").get_text(strip=True): r.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for r in check.select(".govuk-summary-list__row")
    }
    assert values["Person 1"].endswith("passport.pdf")
    assert values["Person 2"].endswith("IMG_0002.JPG")
    reference, _code = sent(client)
    household = get_submission(get_engine(app), reference).answers["household"]
    first, second = (entry["member-proof"] for entry in household)
    assert (first["filename"], first["content_type"]) == ("passport.pdf", "application/pdf")
    assert (second["filename"], second["content_type"]) == ("IMG_0002.JPG", "image/jpeg")
    # both files are the submission's now: they live and die with it
    assert sorted(stored(app)) == sorted([(first["id"], reference), (second["id"], reference)])
    kept = rows.read_data(get_engine(app), second["id"])
    assert not Image.open(io.BytesIO(kept)).getexif()  # the photo's metadata stripped, per entry


@pytest.mark.parametrize(
    ("data", "name", "content_type", "message"),
    [
        (EXE, "passport.pdf", "application/pdf", "The selected file must be a PDF, JPG or PNG"),
        (b"", "passport.pdf", "application/pdf", "The selected file is empty"),
        (
            PDF + b"\0" * (7 * 1024 * 1024),
            "huge.pdf",
            "application/pdf",
            "The selected file must be smaller than 7MB",
        ),
    ],
    ids=["renamed-exe", "empty", "over-7mb"],
)
def test_a_refused_file_in_an_entry_says_why_and_keeps_the_entry(
    app, client, data, name, content_type, message
):
    add_with_proof(client, 1, "Ada Lovelace", PDF, "passport.pdf", "application/pdf")
    to_the_proof(client, 2, "Byron")
    response = upload(client, 2, data, name, content_type)
    assert response.status_code == 200  # over 7MB too: an entry's page takes a large post
    soup = soup_of(response)
    assert soup.title.get_text().startswith("Error: ")
    link = soup.select_one(".govuk-error-summary__list a")
    assert (link.get_text(strip=True), link["href"]) == (message, "#member-proof")
    assert message in soup.select_one("#member-proof-error").get_text()
    assert soup.select_one(".govuk-caption-l").get_text() == "Person 2"
    assert len(stored(app)) == 1  # only the first person's file
    # nothing lost: the entry's answers so far are still there
    name_page = get(client, f"{HOUSEHOLD}/2/member-name")
    assert name_page.select_one("#member-name")["value"] == "Byron"


def test_changing_an_entrys_file_replaces_it_and_keeping_it_needs_no_upload(app, client):
    add_with_proof(client, 1, "Ada Lovelace", PDF, "passport.pdf", "application/pdf")
    hint = get(client, proof_url(1)).select_one("#member-proof-hint").get_text(" ", strip=True)
    assert "You have uploaded passport.pdf. Choose another file to replace it." in hint
    assert post(client, proof_url(1), {}).headers["Location"] == HOUSEHOLD
    [(kept, _)] = stored(app)
    assert upload(client, 1, photo(), "licence.jpg", "image/jpeg").status_code == 303
    [(replaced, _)] = stored(app)  # the first file is deleted at once, not kept for a day
    assert replaced != kept
    assert summary_rows(get(client, HOUSEHOLD))[0][1].endswith("licence.jpg")


def test_removing_an_entry_deletes_its_file(app, client):
    add_with_proof(client, 1, "Ada Lovelace", PDF, "passport.pdf", "application/pdf")
    add_with_proof(client, 2, "Byron", photo(), "licence.jpg", "image/jpeg")
    assert len(stored(app)) == 2
    remove = get(client, f"{HOUSEHOLD}/1/remove")
    assert "passport.pdf" in remove.select_one(".govuk-hint").get_text()
    response = post(client, f"{HOUSEHOLD}/1/remove", {"confirm-remove": "yes"})
    assert response.headers["Location"] == HOUSEHOLD
    [(left, reference)] = stored(app)
    assert reference is None
    assert rows.get_upload(get_engine(app), left).filename == "licence.jpg"
    assert summary_rows(get(client, HOUSEHOLD))[0][:2] == (
        "Person 1",
        "Byron 10 December 1985 No licence.jpg",
    )


def test_an_entrys_file_lives_as_long_as_the_draft(app, client):
    add_with_proof(client, 1, "Ada Lovelace", PDF, "passport.pdf", "application/pdf")
    engine = get_engine(app)
    with engine.begin() as c:  # as if uploaded a day ago
        c.execute(uploads.update().values(expires_at=utcnow()))
    answer(client, HOUSEHOLD, {"add-another": "yes"})
    answer(client, f"{HOUSEHOLD}/2/member-name", {"member-name": "Byron"})  # an entry's save
    with engine.connect() as c:
        expires = c.execute(sa.select(uploads.c.expires_at)).scalar_one()
    assert expires > utcnow() + dt.timedelta(hours=23)


def test_a_draft_saved_for_later_keeps_its_files_as_long_as_itself(app, client):
    """Saved for later, the draft lives for the form's 28 days: its files must too, or the
    citizen who comes back would find them gone a day after uploading them."""
    add_with_proof(client, 1, "Ada Lovelace", PDF, "passport.pdf", "application/pdf")
    saving = post(client, proof_url(1), {"save-for-later": "yes"})  # the file kept as it was
    assert saving.headers["Location"].startswith(f"{GRANT}/save-for-later")
    response = form_post(client, f"{GRANT}/save-for-later", {"how": "code"})
    assert response.headers["Location"] == f"{GRANT}/save-for-later/code"
    with get_engine(app).connect() as c:
        expires = c.execute(sa.select(uploads.c.expires_at)).scalar_one()
    assert (expires - utcnow()).days >= 27


def test_deleting_the_submission_deletes_every_entrys_file(app, client):
    add_with_proof(client, 1, "Ada Lovelace", PDF, "passport.pdf", "application/pdf")
    add_with_proof(client, 2, "Byron", photo(), "licence.jpg", "image/jpeg")
    to_check_answers(client)
    reference, code = sent(client)
    assert len(stored(app)) == 2
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    response = post(client, "/forms/delete", {"reference": reference, "code": code})
    assert response.status_code == 303
    assert stored(app) == []
