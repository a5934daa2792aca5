"""Files in a repeating group's entries through the API, in the same two steps as any file: upload
one for each entry to POST …/files with the entry's question as `page`, then give each entry its
own id. Ids that name no usable upload are named at the entry; the agency reads and downloads
each entry's file by its URL, and erasing the submission takes every one of them."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from app.agency.keys import create_key
from app.store import get_engine
from tests.uploads.files import PDF, multipart, png

from .conftest import fields_of, problem_of
from .test_files_api import stored
from .test_journey_answers import GRANT, GRANT_ANSWERS

PERSON = GRANT_ANSWERS["household"][0]
BASE_URL = "https://www.gov.nm.example"


@pytest.fixture
def client(db_app):
    return db_app.test_client()


def send(client, data: bytes, name: str, content_type: str, page="member-proof") -> dict:
    fields = {"page": page, "file": FileStorage(io.BytesIO(data), name, content_type=content_type)}
    response = client.post(f"{GRANT}/files", **multipart(fields))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def with_proofs(*ids: str) -> dict:
    household = [
        {**PERSON, "member-name": f"Person {n}", "member-proof": upload_id}
        for n, upload_id in enumerate(ids, 1)
    ]
    return {**GRANT_ANSWERS, "household": household}


def test_each_entry_answers_with_its_own_upload_and_the_agency_fetches_each(db_app, client):
    letter, picture = PDF, png()
    first = send(client, letter, "passport.pdf", "application/pdf")
    second = send(client, picture, "licence.png", "image/png")
    assert first["page"] == "member-proof"
    answers = with_proofs(first["id"], second["id"])
    assert client.post(f"{GRANT}/validate", json={"answers": answers}).status_code == 200
    response = client.post(f"{GRANT}/submissions", json={"answers": answers})
    assert response.status_code == 201, response.get_data(as_text=True)
    reference = response.get_json()["reference"]
    assert sorted(stored(db_app)) == sorted([(first["id"], reference), (second["id"], reference)])
    key = create_key(get_engine(db_app), "social-security-agency", "tests").key
    auth = {"Authorization": f"Bearer {key}"}
    household = client.get(f"/api/v1/submissions/{reference}", headers=auth).get_json()["answers"][
        "household"
    ]
    for entry, made, data in [(household[0], first, letter), (household[1], second, picture)]:
        path = f"/api/v1/submissions/{reference}/files/{made['id']}"
        assert entry["member-proof"] == {
            "id": made["id"],
            "filename": made["filename"],
            "content_type": made["content_type"],
            "size": len(data),
            "url": BASE_URL + path,
        }
        download = client.get(path, headers=auth)
        assert download.status_code == 200 and download.data == data
    # erased by the agency, the submission takes every entry's file with it
    assert client.delete(f"/api/v1/submissions/{reference}", headers=auth).status_code == 204
    assert stored(db_app) == []


def test_an_entrys_id_that_names_no_usable_upload_is_named_at_the_entry(db_app, client):
    made = send(client, PDF, "passport.pdf", "application/pdf")
    unknown = "file_" + "A" * 22
    response = client.post(
        f"{GRANT}/submissions", json={"answers": with_proofs(made["id"], unknown, made["id"])}
    )
    errors = fields_of(problem_of(response, 422))
    assert errors == {
        "answers.household.1.member-proof": errors["answers.household.1.member-proof"],
        "answers.household.2.member-proof": "That file is already the answer to "
        "answers.household.0.member-proof: upload the file again for this answer",
    }
    assert errors["answers.household.1.member-proof"].startswith(
        "There is no upload 'file_AAAAAAAAAAAAAAAAAAAAAA' for this form"
    )
    assert stored(db_app) == [(made["id"], None)]  # still there to be used


def test_too_many_entries_with_files_is_a_422_and_takes_no_file(db_app, client):
    ids = [send(client, PDF, f"proof-{n}.pdf", "application/pdf")["id"] for n in range(9)]
    response = client.post(f"{GRANT}/submissions", json={"answers": with_proofs(*ids)})
    errors = fields_of(problem_of(response, 422))
    assert errors == {
        "answers.household": "You can add up to 8 people: there are 9, so remove 1",
    }
    assert {reference for _id, reference in stored(db_app)} == {None}


def test_an_entrys_question_is_a_page_to_upload_for(client):
    body = problem_of(
        client.post(
            f"{GRANT}/files",
            **multipart({"page": "member-name", "file": FileStorage(io.BytesIO(PDF), "a.pdf")}),
        ),
        422,
    )
    assert fields_of(body)["page"].endswith("one of member-proof")
