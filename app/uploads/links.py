"""Where the agency fetches a submitted file: each file answer given with its download URL,
`<base>/api/v1/submissions/<reference>/files/<id>` (the agency's key needed), in the webhook's
payload and in the agency's reads of a submission. Never the bytes. Plain Python."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import FormDefinition
from app.forms.questions import takes_file


def file_path(reference: str, upload_id: str) -> str:
    return f"/api/v1/submissions/{reference}/files/{upload_id}"


def with_file_urls(
    form: FormDefinition | None, reference: str, answers: Mapping[str, Any], base_url: str
) -> dict[str, Any]:
    """The answers, each file's with its `url` (the stored answers are left as they are)."""
    found = dict(answers)
    for page in form.pages if form else ():
        answer = found.get(page.id)
        if takes_file(page) and isinstance(answer, dict) and "id" in answer:
            url = base_url.rstrip("/") + file_path(reference, answer["id"])
            found[page.id] = {**answer, "url": url}
    return found
