"""Answers that name uploads: the API answers a file question with the id POST
/api/v1/forms/<id>/files gave (app/api/files.py); before the engine judges the answers, each id is
replaced by the upload it names, in the shape the citizen's pages store (`{id, filename,
content_type, size}`). An id that names no upload of this form and question, or one already
submitted, is an error of that answer."""

from __future__ import annotations

from typing import Any

from flask import url_for

from app.forms.definition import FormDefinition
from app.forms.file_answers import FileAnswer, Path, replace_files
from app.store import get_engine
from app.store import uploads as rows

from .errors import FieldError


def resolve_uploads(
    form: FormDefinition, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError], set[Path]]:
    """The answers with each file question's upload id replaced by the upload it names (the
    shape the engine checks), in a repeating group's entries too; the errors of ids that name no
    usable upload (`answers.household.1.member-proof`), and the paths of those answers."""
    errors: list[FieldError] = []
    failed: set[Path] = set()
    named: dict[str, str] = {}  # upload id → the answer that gave it first

    def resolve(found: FileAnswer) -> Any:
        raw = found.value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return raw
        problem = _upload_problem(form, found.page.id, raw)
        if isinstance(problem, dict) and problem["id"] in named:
            problem = (
                f"That file is already the answer to answers.{named[problem['id']]}: upload "
                "the file again for this answer"
            )
        if isinstance(problem, str):
            errors.append(FieldError(f"answers.{found.dotted}", problem))
            failed.add(found.path)
            return raw
        named[problem["id"]] = found.dotted
        return problem

    return replace_files(form, answers, resolve), errors, failed


def _upload_problem(form: FormDefinition, page_id: str, raw: Any) -> str | dict[str, Any]:
    upload_url = url_for("api_files.upload", form_id=form.id)
    if not isinstance(raw, str):
        return f"The answer must be the id of a file uploaded to POST {upload_url}"
    stored = rows.get_upload(get_engine(), raw.strip())
    if stored is None or stored.reference is not None or stored.form_id != form.id:
        return (
            f"There is no upload {raw[:40]!r} for this form: upload the file to POST "
            f"{upload_url} and answer with the id it gives (an upload is kept 24 hours)"
        )
    if stored.page_id != page_id:
        return (
            f"That file was uploaded for the question {stored.page_id!r}, not this one: "
            f"upload it with page {page_id!r}"
        )
    return stored.answer()
