"""Files through the API, in two steps: upload the file, then answer with its id.

    POST /api/v1/forms/<id>/files   multipart/form-data: `page` (the file question's id)
                                    and `file` → 201 {id, page, filename, content_type,
                                    size, expires_at}

The answer to the file question is then that id, in POST …/validate or …/submissions (the JSON
body stays small and retrying a submission never re-sends the file). An upload not named by a
submission within its lifetime (24 hours) is deleted. The file is checked as the form's own page
checks it (app/uploads/receive.py), in the same words, by its content: a renamed executable is
refused, and a file whose part says another type than its content is a 422 too, since the client
that sent it has something wrong (send the file's own type, or application/octet-stream).
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, request
from pydantic import BaseModel, Field
from spectree import Response as Responses

from app.csrf import csrf
from app.dates import utc_timestamp
from app.forms.definition import FormDefinition, RepeatingGroup
from app.forms.questions import takes_file
from app.ratelimit import breach_message, limiter, public_writes
from app.request_params import no_parameters
from app.store import get_engine
from app.store.repository import utcnow
from app.uploads.kinds import BY_MIME, detect
from app.uploads.receive import Refused, receive
from app.uploads.web import upload_settings

from .errors import ApiError, FieldError, InvalidParameters
from .forms import FORM_ID_DESCRIPTION, TAGS, _errors, _json, form_or_404
from .json_body import OTHER_BODIES
from .openapi import spec

bp = Blueprint("api_files", __name__, url_prefix="/api/v1")
MULTIPART = "multipart/form-data"
# Sent when a client does not know the type: the content decides.
UNDECLARED = {"", "application/octet-stream", "binary/octet-stream"}


class UploadForm(BaseModel):
    page: str = Field(
        description="the id of the form's file question (one asked in each entry of a "
        "repeating group too: upload a file for each entry)",
        examples=["photo"],
    )
    file: bytes = Field(
        description="the file, as a part with its file name", json_schema_extra={"format": "binary"}
    )


class Uploaded(BaseModel):
    id: str = Field(
        description="the upload's id: the answer to the question", examples=["file_" + "x" * 22]
    )
    page: str = Field(examples=["photo"])
    filename: str = Field(examples=["pothole.jpg"])
    content_type: str = Field(description="read from the file's content", examples=["image/jpeg"])
    size: int = Field(description="bytes, as stored", examples=[482113])
    expires_at: str = Field(
        description="when it is deleted unless a submission names it (RFC 3339)",
        examples=["2026-12-01T09:30:00Z"],
    )


@bp.post("/forms/<form_id>/files")
@spec.validate(
    form=UploadForm,
    resp=Responses(HTTP_201=Uploaded, **_errors(400, 404, 413, 415, 422, 429, 500)),
    tags=TAGS,
    operation_id="upload-file",
    skip_validation=True,
    path_parameter_descriptions=FORM_ID_DESCRIPTION,
)
@limiter.limit(public_writes, methods=["POST"], error_message=breach_message)
def upload(form_id: str):
    """Upload a file for a file question

    The first of two steps: send the file as `multipart/form-data` with the question's id as
    `page`, then give the `id` this answers with as that question's answer when you validate or
    submit. For a question in a repeating group, upload a file for each entry and give each
    entry its own id. The file is checked as the form's page checks it: not empty, not over the
    question's size, one of the kinds it accepts (read from the content, not the name), and
    scanned for viruses where the portal has a scanner."""
    no_parameters(request.args)
    form = form_or_404(form_id)
    if request.mimetype != MULTIPART:
        given = request.mimetype or "no Content-Type"
        raise ApiError(415, f"The request body must be {MULTIPART} (this request has {given})")
    page = _file_question(form)
    given = request.files.get("file")
    if given is None or not given.filename:
        raise InvalidParameters(
            [FieldError("file", "Send the file as the part `file`, with its file name")]
        )
    data = given.stream.read()
    _declared_type_matches(given.mimetype, data)
    try:
        stored = receive(
            get_engine(), upload_settings(), form, page, given.filename, data, utcnow()
        )
    except Refused as refused:
        raise InvalidParameters([FieldError("file", refused.message)]) from None
    response = _json(
        {
            "id": stored.id,
            "page": stored.page_id,
            "filename": stored.filename,
            "content_type": stored.content_type,
            "size": stored.size,
            "expires_at": utc_timestamp(stored.expires_at),
        },
        201,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _file_question(form: FormDefinition):
    page_id = request.form.get("page", "")
    page = form.question(page_id) if page_id else None  # asked once, or in each entry
    if page is None or not takes_file(page):
        questions = file_questions(form)
        which = f"one of {', '.join(questions)}" if questions else "none: this form takes no files"
        raise InvalidParameters(
            [
                FieldError(
                    "page", f"Give the id of one of the form's file questions as `page`: {which}"
                )
            ]
        )
    return page


def file_questions(form: FormDefinition) -> list[str]:
    """The ids of the form's file questions, a repeating group's among them."""
    found = []
    for item in form.pages:
        pages = item.pages if isinstance(item, RepeatingGroup) else [item]
        found += [page.id for page in pages if takes_file(page)]
    return found


def _declared_type_matches(declared: str, data: bytes) -> None:
    kind = detect(data)
    if declared in UNDECLARED or kind is None or declared == kind.mime:
        return  # nothing claimed, or nothing to contradict: the checks speak for the content
    claimed = BY_MIME.get(declared)
    raise InvalidParameters(
        [
            FieldError(
                "file",
                f"The file is a {kind.name.upper()} ({kind.mime}) "
                f"but its part says {declared[:100]}"
                + (f", a {claimed.name.upper()}" if claimed else "")
                + f": send it as {kind.mime}, or as application/octet-stream",
            )
        ]
    )


def _upload_limit() -> int:
    return current_app.config["UPLOAD_REQUEST_MAX"]


def init_files_api(app: Flask) -> None:
    OTHER_BODIES["api_files.upload"] = (MULTIPART, _upload_limit)
    csrf.exempt(bp)  # files from other systems, as the JSON routes: no session, no CSRF token
    app.register_blueprint(bp)
