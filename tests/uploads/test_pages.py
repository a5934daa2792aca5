"""The photo question of the sample pothole report, through real requests with CSRF on, as a
browser with JavaScript off posts it (multipart/form-data): GOV.UK's file upload, its errors, the
draft keeping the file between pages, check your answers, the submission that takes the file,
and the citizen's deletion that takes it away."""

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
from tests.forms.test_web import get, soup_of, start

from .files import EXE, PDF, multipart, noisy_photo, photo, png

POTHOLE = "/forms/report-a-pothole"
PHOTO = f"{POTHOLE}/photo"
BEFORE_PHOTO = [
    {"location-type": "road"},
    {"road-name": "Mill Lane"},
    {"town": "Northtown"},
    {"postcode": ""},
    {"where-on-road": "Outside 14"},
    {"pothole-size": "large"},
]
AFTER_PHOTO = [{"harm": "no"}, {"email": ""}]


@pytest.fixture
def client(app):
    return app.test_client()


def post(client, url: str, data: dict):
    page = get(client, url)
    form = page.select_one("main form[method=post]")
    fields = {**data, "csrf_token": form.select_one("input[name=csrf_token]")["value"]}
    return client.post(form["action"], **multipart(fields))


def upload(client, data: bytes, name: str, content_type: str = "image/jpeg"):
    given = FileStorage(io.BytesIO(data), name, content_type=content_type)
    return post(client, PHOTO, {"photo": given})


def to_the_photo(client) -> None:
    url = start(client, POTHOLE)
    for data in BEFORE_PHOTO:
        response = post(client, url, data)
        assert response.status_code == 303
        url = response.headers["Location"]
    assert url == PHOTO


def stored(app) -> list:
    with get_engine(app).connect() as c:
        return c.execute(sa.select(uploads.c.id, uploads.c.reference)).all()


def test_the_photo_page_is_a_file_upload_that_works_without_javascript(client):
    to_the_photo(client)
    soup = get(client, PHOTO)
    form = soup.select_one("main form[method=post]")
    assert form["enctype"] == "multipart/form-data"
    field = form.select_one("input#photo.govuk-file-upload")
    assert field["type"] == "file" and field["name"] == "photo"
    assert field["accept"] == ".jpg,image/jpeg,.png,image/png"
    label = soup.select_one("label[for=photo]")
    assert label.get_text(strip=True) == "Upload a photo of the pothole (optional)"
    assert "JPG or PNG, smaller than 7MB" in soup.select_one("#photo-hint").get_text()


@pytest.mark.parametrize(
    ("data", "name", "content_type", "message"),
    [
        (EXE, "pothole.jpg", "image/jpeg", "The selected file must be a JPG or PNG"),
        (PDF, "pothole.pdf", "application/pdf", "The selected file must be a JPG or PNG"),
        (b"", "pothole.jpg", "image/jpeg", "The selected file is empty"),
        (
            photo() + b"\0" * (7 * 1024 * 1024),
            "huge.jpg",
            "image/jpeg",
            "The selected file must be smaller than 7MB",
        ),
    ],
    ids=["renamed-exe", "pdf", "empty", "over-7mb"],
)
def test_a_refused_file_says_why_on_the_page_and_stores_nothing(
    app, client, data, name, content_type, message
):
    to_the_photo(client)
    response = upload(client, data, name, content_type)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text().startswith("Error: ")
    summary = soup.select_one(".govuk-error-summary")
    link = summary.select_one(".govuk-error-summary__list a")
    assert (link.get_text(strip=True), link["href"]) == (message, "#photo")
    assert message in soup.select_one("#photo-error").get_text()
    assert soup.select_one(".govuk-form-group--error input#photo.govuk-file-upload--error")
    assert stored(app) == []
    # nothing lost: the answers before it are all still there
    assert get(client, f"{POTHOLE}/road-name").select_one("#road-name")["value"] == "Mill Lane"


def test_the_draft_keeps_the_photo_and_check_answers_names_it(app, client):
    to_the_photo(client)
    response = upload(client, photo(), "IMG_0001.JPG")
    assert response.status_code == 303 and response.headers["Location"] == f"{POTHOLE}/harm"
    # back on the page: the file is named, and posting no other keeps it
    hint = get(client, PHOTO).select_one("#photo-hint").get_text(" ", strip=True)
    assert "You have uploaded IMG_0001.JPG. Choose another file to replace it." in hint
    assert post(client, PHOTO, {}).headers["Location"] == f"{POTHOLE}/harm"
    url = f"{POTHOLE}/harm"
    for data in AFTER_PHOTO:
        url = post(client, url, data).headers["Location"]
    soup = get(client, url)
    row = next(
        r
        for r in soup.select(".govuk-summary-list__row")
        if r.select_one(".govuk-summary-list__key").get_text(strip=True).startswith("Upload a")
    )
    assert row.select_one(".govuk-summary-list__value").get_text(strip=True) == "IMG_0001.JPG"
    assert row.select_one(".govuk-summary-list__actions a")["href"] == f"{PHOTO}?change=1"
    # send: the submission holds the file's answer, and the file is now the submission's
    response = post(client, url, {})
    assert response.status_code == 303
    confirmation = get(client, f"{POTHOLE}/confirmation")
    reference = confirmation.select_one(".govuk-panel__body strong").get_text(strip=True)
    answer = get_submission(get_engine(app), reference).answers["photo"]
    assert set(answer) == {"id", "filename", "content_type", "size"}
    assert (answer["filename"], answer["content_type"]) == ("IMG_0001.JPG", "image/jpeg")
    assert stored(app) == [(answer["id"], reference)]
    kept = rows.read_data(get_engine(app), answer["id"])
    assert len(kept) == answer["size"] and not Image.open(io.BytesIO(kept)).getexif()


def test_a_photo_of_several_hundred_kilobytes_is_taken(app, client):
    """Werkzeug reads a body 64 KiB at a time: the page allows a file part more than one read
    (it refused this photo with a 413 when its limit was the 64 KiB of a text field)."""
    to_the_photo(client)
    picture = noisy_photo()
    assert len(picture) > 200_000
    response = upload(client, picture, "noise.jpg")
    assert response.status_code == 303, response.status_code
    assert len(stored(app)) == 1


def test_the_photo_lives_as_long_as_its_draft(app, client):
    """Each save of the draft keeps its files as long as the draft (24 hours from then): a file
    uploaded early in a long journey is not purged before the draft is sent."""
    to_the_photo(client)
    upload(client, photo(), "pothole.jpg")
    engine = get_engine(app)
    with engine.begin() as c:  # as if uploaded a day ago
        c.execute(uploads.update().values(expires_at=utcnow() - dt.timedelta(minutes=1)))
    post(client, f"{POTHOLE}/harm", {"harm": "no"})
    with engine.connect() as c:
        expires = c.execute(sa.select(uploads.c.expires_at)).scalar_one()
    assert expires > utcnow() + dt.timedelta(hours=23)


def test_replacing_the_photo_keeps_the_new_one(app, client):
    to_the_photo(client)
    upload(client, photo(), "first.jpg")
    response = upload(client, png(), "second.png", "image/png")
    assert response.status_code == 303
    hint = get(client, PHOTO).select_one("#photo-hint").get_text()
    assert "second.png" in hint and "first.jpg" not in hint
    assert len(stored(app)) == 1  # the first photo is deleted at once, not kept for a day


def test_a_body_over_the_upload_maximum_is_refused_before_it_is_read(app, client):
    app.config["UPLOAD_REQUEST_MAX"] = 256 * 1024
    to_the_photo(client)
    response = upload(client, photo() + b"\0" * (300 * 1024), "big.jpg")
    assert response.status_code == 413
    assert stored(app) == []


def test_other_pages_keep_their_64_kib_limit(client):
    to_the_photo(client)
    response = post(
        client,
        f"{POTHOLE}/road-name",
        {"road-name": FileStorage(io.BytesIO(b"x" * 70_000), "a.txt")},
    )
    assert response.status_code == 413


def test_the_citizen_deleting_the_submission_deletes_the_photo(app, client):
    to_the_photo(client)
    upload(client, photo(), "pothole.jpg")
    url = f"{POTHOLE}/harm"
    for data in AFTER_PHOTO:
        url = post(client, url, data).headers["Location"]
    post(client, url, {})
    confirmation = get(client, f"{POTHOLE}/confirmation")
    reference = confirmation.select_one(".govuk-panel__body strong").get_text(strip=True)
    text = confirmation.get_text(" ", strip=True)
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", text).group(0)
    assert len(stored(app)) == 1
    response = post(client, "/forms/delete", {"reference": reference, "code": code})
    assert response.status_code == 303
    assert stored(app) == []


def test_the_embedded_form_takes_a_photo_too(app, client):
    """The same page in an agency's frame (/forms/<id>/embed/…): the larger post is allowed
    there as well."""
    from tests.forms.test_embed import EMBED, embedded_get, start_embedded

    url = start_embedded(client)
    for data in BEFORE_PHOTO:
        response = post(client, url, data)
        assert response.status_code == 303
        url = response.headers["Location"]
    assert url == f"{EMBED}/photo"
    assert embedded_get(client, url).select_one("form")["enctype"] == "multipart/form-data"
    given = FileStorage(io.BytesIO(noisy_photo()), "noise.jpg", content_type="image/jpeg")
    response = post(client, url, {"photo": given})
    assert response.status_code == 303 and response.headers["Location"] == f"{EMBED}/harm"
    assert len(stored(app)) == 1
