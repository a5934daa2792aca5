"""Answers that name uploads: the API answers a file question with the id POST
/api/v1/forms/<id>/files gave (app/api/files.py); before the engine judges the answers, each id is
replaced by the upload it names, in the shape the citizen's pages store (`{id, filename,
content_type, size}`). An id that names no upload of this form and question, or one already
submitted, is an error of that answer."""

from __future__ import annotations

from typing import Any

from flask import url_for

from app.forms.definition import FormDefinition
from app.forms.questions import takes_file
from app.store import get_engine
from app.store import uploads as rows

from .errors import FieldError


def resolve_uploads(
    form: FormDefinition, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError], set[str]]:
    """The answers with each file question's upload id replaced by the upload it names (the
    shape the engine checks), the errors of ids that name no usable upload, and those pages."""
    resolved, errors, failed = dict(answers), [], set()
    for page in form.pages:
        raw = answers.get(page.id)
        if not takes_file(page) or raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        problem = _upload_problem(form, page.id, raw)
        if isinstance(problem, str):
            errors.append(FieldError(f"answers.{page.id}", problem))
            failed.add(page.id)
        else:
            resolved[page.id] = problem
    return resolved, errors, failed


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
