"""Where the agency fetches a submitted file: each file answer given with its download URL,
`<base>/api/v1/submissions/<reference>/files/<id>` (the agency's key needed), in the webhook's
payload and in the agency's reads of a submission. Never the bytes. Plain Python."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import FormDefinition
from app.forms.file_answers import FileAnswer, replace_files


def file_path(reference: str, upload_id: str) -> str:
    return f"/api/v1/submissions/{reference}/files/{upload_id}"


def with_file_urls(
    form: FormDefinition | None, reference: str, answers: Mapping[str, Any], base_url: str
) -> dict[str, Any]:
    """The answers, each file's with its `url`, in a repeating group's entries too (the stored
    answers are left as they are)."""
    if form is None:
        return dict(answers)

    def with_url(found: FileAnswer) -> Any:
        answer = found.value
        if isinstance(answer, dict) and "id" in answer:
            return {**answer, "url": base_url.rstrip("/") + file_path(reference, answer["id"])}
        return answer

    return replace_files(form, answers, with_url)
