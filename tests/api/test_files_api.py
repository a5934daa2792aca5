"""Files through the API, in two steps, on SQLite and PostgreSQL: upload to
POST /api/v1/forms/<id>/files, answer with the id; every bad file a clear 422 in the problem
shape with nothing stored; the agency downloads the submitted file with its key, and only its
own."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app.agency.keys import create_key
from app.store import get_engine
from app.store.tables import uploads
from tests.uploads.files import EXE, PDF, multipart, noisy_photo, photo, png

from .conftest import POTHOLE, ROAD_REPORT, fields_of, problem_of

FILES = f"{POTHOLE}/files"


@pytest.fixture
def client(db_app):
    return db_app.test_client()


def send(client, data: bytes, name="pothole.jpg", content_type="image/jpeg", page="photo"):
    fields = {"file": FileStorage(io.BytesIO(data), name, content_type=content_type)}
    if page is not None:
        fields["page"] = page
    return client.post(FILES, **multipart(fields))


def stored(app) -> list:
    with get_engine(app).connect() as c:
        return c.execute(sa.select(uploads.c.id, uploads.c.reference)).all()


def test_a_file_is_uploaded_then_its_id_answers_the_question(db_app, client):
    response = send(client, photo(), "IMG_0001.JPG")
    assert response.status_code == 201, response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    made = response.get_json()
    assert set(made) == {"id", "page", "filename", "content_type", "size", "expires_at"}
    assert (made["page"], made["filename"], made["content_type"]) == (
        "photo",
        "IMG_0001.JPG",
        "image/jpeg",
    )
    assert made["id"].startswith("file_") and made["expires_at"].endswith("Z")
    answers = {**ROAD_REPORT, "photo": made["id"]}
    assert client.post(f"{POTHOLE}/validate", json={"answers": answers}).status_code == 200
    response = client.post(f"{POTHOLE}/submissions", json={"answers": answers})
    assert response.status_code == 201
    reference = response.get_json()["reference"]
    assert stored(db_app) == [(made["id"], reference)]
    # the id is spent: a second submission cannot take the same file
    again = client.post(f"{POTHOLE}/submissions", json={"answers": answers})
    assert "There is no upload" in fields_of(problem_of(again, 422))["answers.photo"]


@pytest.mark.parametrize(
    ("data", "name", "content_type", "message"),
    [
        (EXE, "pothole.jpg", "image/jpeg", "The selected file must be a JPG or PNG"),
        (EXE, "pothole.jpg", "application/octet-stream", "The selected file must be a JPG or PNG"),
        (b"", "pothole.jpg", "image/jpeg", "The selected file is empty"),
        (
            png() + b"\0" * (7 * 1024 * 1024),
            "huge.png",
            "image/png",
            "The selected file must be smaller than 7MB",
        ),
        (
            PDF,
            "letter.pdf",
            "image/png",
            "The file is a PDF (application/pdf) but its part says image/png, a PNG: send it "
            "as application/pdf, or as application/octet-stream",
        ),
        (PDF, "letter.pdf", "application/pdf", "The selected file must be a JPG or PNG"),
    ],
    ids=["renamed-exe", "exe-undeclared", "empty", "over-7mb", "pdf-sent-as-png", "pdf"],
)
def test_bad_files_are_a_422_naming_the_file_and_nothing_is_stored(
    db_app, client, data, name, content_type, message
):
    body = problem_of(send(client, data, name, content_type), 422)
    assert fields_of(body) == {"file": message}
    assert stored(db_app) == []


def test_a_photo_of_several_hundred_kilobytes_is_taken(client):
    """More than one of Werkzeug's 64 KiB reads, ending in bytes a boundary could begin with."""
    picture = noisy_photo()
    response = send(client, picture, "noise.jpg")
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["size"] > 100_000


def test_the_request_itself_must_be_right(db_app, client):
    assert fields_of(problem_of(send(client, png(), page=None), 422))["page"].startswith(
        "Give the id of one of the form's file questions as `page`: one of photo"
    )
    assert "page" in fields_of(problem_of(send(client, png(), page="road-name"), 422))
    no_file = client.post(FILES, data={"page": "photo"}, content_type="multipart/form-data")
    assert fields_of(problem_of(no_file, 422)) == {
        "file": "Send the file as the part `file`, with its file name"
    }
    as_json = client.post(FILES, json={"page": "photo"})
    assert "must be multipart/form-data" in problem_of(as_json, 415)["detail"]
    unknown = client.post(
        "/api/v1/forms/no-such-form/files", data={}, content_type="multipart/form-data"
    )
    problem_of(unknown, 404)
    birth = client.post(
        "/api/v1/forms/request-a-copy-of-a-birth-certificate/files",
        data={"page": "email", "file": FileStorage(io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert fields_of(problem_of(birth, 422))["page"].endswith("none: this form takes no files")
    assert stored(db_app) == []


def test_a_body_over_the_upload_maximum_is_a_413_before_it_is_read(db_app, client):
    db_app.config["UPLOAD_REQUEST_MAX"] = 64 * 1024
    body = problem_of(send(client, png() + b"\0" * 70_000), 413)
    assert "the most this route takes is 65536 bytes" in body["detail"]


def test_answers_that_name_no_upload_are_refused(db_app, client):
    made = send(client, png(), "map.png", "image/png").get_json()
    for answer, expected in [
        ("file_" + "A" * 22, "There is no upload 'file_AAAAAAAAAAAAAAAAAAAAAA' for this form"),
        ({"id": made["id"], "filename": "x.png", "content_type": "image/png", "size": 1}, ""),
        (42, "The answer must be the id of a file uploaded to POST"),
    ]:
        response = client.post(
            f"{POTHOLE}/submissions", json={"answers": {**ROAD_REPORT, "photo": answer}}
        )
        message = fields_of(problem_of(response, 422))["answers.photo"]
        assert message.startswith(expected or "The answer must be the id of a file"), message
    assert stored(db_app) == [(made["id"], None)]  # still there to be used


def test_the_agency_downloads_its_own_submitted_file_and_no_one_else_can(db_app, client):
    picture = png()
    made = send(client, picture, "map.png", "image/png").get_json()
    answers = {**ROAD_REPORT, "photo": made["id"]}
    reference = client.post(f"{POTHOLE}/submissions", json={"answers": answers}).get_json()[
        "reference"
    ]
    url = f"/api/v1/submissions/{reference}/files/{made['id']}"
    engine = get_engine(db_app)
    highways = create_key(engine, "highways-agency", "tests").key
    response = client.get(url, headers={"Authorization": f"Bearer {highways}"})
    assert response.status_code == 200
    assert response.data == picture and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''map.png"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # never run as a page
    # the submission shows the answer the agency fetches it by
    submission = client.get(
        f"/api/v1/submissions/{reference}", headers={"Authorization": f"Bearer {highways}"}
    ).get_json()
    assert submission["answers"]["photo"] == {
        "id": made["id"],
        "filename": "map.png",
        "content_type": "image/png",
        "size": len(picture),
        "url": f"https://www.gov.nm.example{url}",
    }
    listed = client.get(
        f"{POTHOLE}/submissions", headers={"Authorization": f"Bearer {highways}"}
    ).get_json()["submissions"]
    assert listed[0]["answers"]["photo"]["url"].endswith(url)
    problem_of(client.get(url), 401)
    other = create_key(engine, "general-register-office", "tests").key
    problem_of(client.get(url, headers={"Authorization": f"Bearer {other}"}), 404)
    wrong = f"/api/v1/submissions/{reference}/files/file_{'B' * 22}"
    problem_of(client.get(wrong, headers={"Authorization": f"Bearer {highways}"}), 404)
    # erased by the agency, the submission takes its file with it
    erased = client.delete(
        f"/api/v1/submissions/{reference}", headers={"Authorization": f"Bearer {highways}"}
    )
    assert erased.status_code == 204 and stored(db_app) == []


def test_the_openapi_document_describes_the_two_steps(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/forms/{form_id}/files"]["post"]
    [(media_type, body)] = operation["requestBody"]["content"].items()
    assert media_type == "multipart/form-data"
    form = document["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
    assert form["required"] == ["page", "file"]
    assert form["properties"]["file"]["format"] == "binary"
    assert {"201", "413", "415", "422"} <= set(operation["responses"])
    assert "give the `id` this answers with as that question's answer" in (operation["description"])
