"""The agency routes of the API: an organisation reads and erases its own forms' submissions, and
sees how their delivery to its webhook is going, with its API key (`Authorization: Bearer`).

    GET    /api/v1/forms/<id>/submissions              a page of submissions, oldest first
    GET    /api/v1/submissions/<reference>             one submission
    DELETE /api/v1/submissions/<reference>             erase it (204)
    GET    /api/v1/submissions/<reference>/deliveries  its delivery status and every try
    GET    /api/v1/submissions/<reference>/files/<id>  a file a file question's answer names

A key sees the forms whose definition names its organisation, and their submissions. Anything
else answers 404 exactly as a thing that does not exist would: another agency learns nothing,
not even that a form or reference is real. Each view checks the key first (401), then its
parameters (422), then what it asks for (404). Answers carry personal data: none may be cached.
The shapes are in app/agency/schemas.py, paging in app/agency/paging.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Flask, Response, current_app, request, url_for
from pydantic import BaseModel
from spectree import Response as SpectreeResponse
from spectree import SecurityScheme, SecuritySchemeData, Tag
from spectree.utils import get_model_key, parse_code

from app.agency.auth import agency_key
from app.agency.deliveries import delivery_status
from app.agency.keys import ApiKey
from app.agency.paging import (
    Position,
    decode_cursor,
    encode_cursor,
    parse_time,
    read_page,
    time_text,
)
from app.agency.schemas import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    DeliveryStatus,
    StoredSubmission,
    SubmissionPage,
    SubmissionsQuery,
)
from app.csrf import csrf
from app.forms.definition import FormDefinition
from app.forms.registry import load_form
from app.hosts import public_url
from app.request_params import ParamReader, no_parameters
from app.store import get_engine
from app.store.repository import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Submission,
    delete_submission,
    get_submission,
)
from app.store.uploads import get_upload
from app.uploads.kinds import KINDS
from app.uploads.links import with_file_urls
from app.uploads.web import erasing_files, upload_settings

from .errors import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from .errors import ApiError
from .openapi import Problem, spec

bp = Blueprint("agency_api", __name__, url_prefix="/api/v1")

LIST_PARAMS = ("limit", "cursor", "since")
REFERENCE = re.compile(f"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")
SHOWN_CHARS = 100  # of a caller's text repeated in an error's detail


# -- the document -------------------------------------------------------------------------------

# The agency key: a security scheme of its own, named on each route below.
AGENCY_KEY_SCHEME = "agencyKey"
AGENCY_SECURITY = {AGENCY_KEY_SCHEME: []}
spec.config.security_schemes = [
    *(s for s in spec.config.security_schemes or [] if s.name != AGENCY_KEY_SCHEME),
    SecurityScheme(
        name=AGENCY_KEY_SCHEME,
        data=SecuritySchemeData(
            type="http",
            scheme="bearer",
            bearer_format="portal_<id>_<secret>",
            description="An agency API key from `flask agency create-key <organisation>`, sent as "
            "`Authorization: Bearer <key>`. It reaches only its organisation's forms.",
        ),
    ),
]

TAG = Tag(
    name="agency",
    description="Your organisation's submissions, read and erased with its "
    "agency API key (`flask agency create-key`).",
)


class Responses(SpectreeResponse):
    """spectree documents every body as application/json; a Problem is served as
    application/problem+json, so the document says that."""

    def generate_spec(self, naming_strategy=get_model_key) -> dict[str, Any]:
        responses = super().generate_spec(naming_strategy)
        for code, model in self.code_models.items():
            if model is Problem:
                content = responses[parse_code(code)]["content"]
                content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
        return responses


class FileResponses(Responses):
    """A file's bytes: its 200 is each type a file question takes, as binary."""

    def generate_spec(self, naming_strategy=get_model_key) -> dict[str, Any]:
        responses = super().generate_spec(naming_strategy)
        binary = {"schema": {"type": "string", "format": "binary"}}
        responses["200"]["content"] = {kind.mime: binary for kind in KINDS.values()}
        return responses


def _documented(responses: type[Responses] = Responses, **codes) -> Responses:
    return responses(
        **codes,
        HTTP_401=(Problem, "No API key, or not a valid one"),
        HTTP_404=(Problem, "No such form or submission of your organisation"),
        HTTP_422=(Problem, "Unknown or bad query parameters, each in `errors`"),
        HTTP_500=(Problem, "A fault on our side, logged; no detail is given"),
    )


def _agency_route(**validate):
    """spectree's decoration of an agency route: documented with the key, validated by the view
    itself (so that bad input gets the API's problem shape, not spectree's)."""
    return spec.validate(tags=[TAG], security=AGENCY_SECURITY, skip_validation=True, **validate)


REFERENCE_PARAMETER = {"reference": "the submission's reference"}


# -- the routes ---------------------------------------------------------------------------------


@bp.get("/forms/<form_id>/submissions")
@_agency_route(
    query=SubmissionsQuery,
    resp=_documented(HTTP_200=SubmissionPage),
    operation_id="listSubmissions",
    path_parameter_descriptions={"form_id": "the form's id"},
)
def list_submissions(form_id: str):
    """List a form's submissions

    Oldest first, a page at a time: follow `next` (or give `next_cursor` as `cursor`) until it is
    null. To fetch what is new later, give `since` the `submitted_at` of the newest submission
    you have (that one comes again: since is inclusive). A test key (`portal_test_…`) lists
    only the submissions made with test keys, a live key only the others."""
    key = agency_key()
    limit, after, since = _list_parameters()
    form = _own_form(key, form_id)
    # one more than asked: whether there is a next page
    found = read_page(get_engine(), form.id, limit + 1, after=after, since=since, test=key.is_test)
    shown = found[:limit]
    next_cursor = encode_cursor(shown[-1]) if len(found) > limit else None
    next_path = None
    if next_cursor is not None:
        args = {"limit": limit, "cursor": next_cursor}
        if since is not None:
            args["since"] = time_text(since)
        next_path = url_for("agency_api.list_submissions", form_id=form.id, **args)
    return _json(
        SubmissionPage(
            submissions=[shown_with_links(s, form) for s in shown],
            next_cursor=next_cursor,
            next=next_path,
        )
    )


@bp.get("/submissions/<reference>")
@_agency_route(
    resp=_documented(HTTP_200=StoredSubmission),
    operation_id="getSubmission",
    path_parameter_descriptions=REFERENCE_PARAMETER,
)
def read_submission(reference: str):
    """Read one submission

    Its answers as stored, by page id, with the form's version they were given to. The reference
    may be given in lower case."""
    key = agency_key()
    no_parameters(request.args)
    submission = _own_submission(key, reference)
    return _json(shown_with_links(submission, load_form(submission.form_id)))


@bp.delete("/submissions/<reference>")
@_agency_route(
    resp=_documented(HTTP_204=None),
    operation_id="deleteSubmission",
    path_parameter_descriptions=REFERENCE_PARAMETER,
)
def erase_submission(reference: str):
    """Erase a submission

    Deletes it for good, with its delivery record: a delivery to your webhook not yet made is
    dropped. Asking again gives 404."""
    key = agency_key()
    no_parameters(request.args)
    submission = _own_submission(key, reference)
    erased = erasing_files(submission.reference)
    if not erased(delete_submission(get_engine(), submission.reference)):
        raise _no_submission(reference)  # erased meanwhile by another request
    current_app.logger.info(
        "API key %s erased submission %s of %s", key.id, submission.reference, submission.form_id
    )
    erased = Response(status=204)
    del erased.headers["Content-Type"]  # no body, so no type
    return erased


@bp.get("/submissions/<reference>/deliveries")
@_agency_route(
    resp=_documented(HTTP_200=DeliveryStatus),
    operation_id="getSubmissionDeliveries",
    path_parameter_descriptions=REFERENCE_PARAMETER,
)
def submission_deliveries(reference: str):
    """Read a submission's delivery to your webhook

    Its status and every try, with your webhook's answer. A form with no webhook gives status
    `none` and no tries."""
    key = agency_key()
    no_parameters(request.args)
    return _json(delivery_status(get_engine(), _own_submission(key, reference).reference))


@bp.get("/submissions/<reference>/files/<file_id>")
@_agency_route(
    resp=_documented(FileResponses, HTTP_200=(None, "The file")),
    operation_id="getSubmissionFile",
    path_parameter_descriptions={**REFERENCE_PARAMETER, "file_id": "the `id` in the answer"},
)
def submission_file(reference: str, file_id: str):
    """Download a submitted file

    The bytes of a file a file question's answer names (its `id`), with its type as read from
    its content and its name, as an attachment. The webhook's payload gives each file's `url`:
    this route."""
    key = agency_key()
    no_parameters(request.args)
    submission = _own_submission(key, reference)
    stored = get_upload(get_engine(), file_id)
    data = None
    if stored is not None and stored.reference == submission.reference:
        data = upload_settings().storage.read(get_engine(), stored.id)
    if stored is None or data is None:
        raise ApiError(404, f"Submission {submission.reference} has no file `{file_id[:40]}`")
    response = Response(data, mimetype=stored.content_type)
    response.headers["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(stored.filename)}"
    )
    return response


# -- what a key may see -------------------------------------------------------------------------


def shown_with_links(submission: Submission, form: FormDefinition | None) -> StoredSubmission:
    """The submission as the agency reads it: each file's answer with its download URL."""
    answers = with_file_urls(form, submission.reference, submission.answers, public_url(""))
    return StoredSubmission.of(submission, answers)


def _own_form(key: ApiKey, form_id: str) -> FormDefinition:
    form = load_form(form_id)
    if form is None or form.organisation != key.organisation:
        raise ApiError(404, f"Your organisation has no form `{form_id[:SHOWN_CHARS]}`")
    return form


def _own_submission(key: ApiKey, reference: str) -> Submission:
    """The submission, when it belongs to a form of the key's organisation (by the form's current
    definition) and to the key's mode (a test key's tests, a live key's live ones); a 404
    otherwise, the same as for a reference that does not exist."""
    wanted = reference.strip().upper()
    submission = get_submission(get_engine(), wanted) if REFERENCE.match(wanted) else None
    if submission is not None and submission.is_test == key.is_test:
        form = load_form(submission.form_id)
        if form is not None and form.organisation == key.organisation:
            return submission
    raise _no_submission(reference)


def _no_submission(reference: str) -> ApiError:
    return ApiError(404, f"Your organisation has no submission `{reference[:SHOWN_CHARS]}`")


# -- parameters ---------------------------------------------------------------------------------


def _list_parameters() -> tuple[int, Position | None, dt.datetime | None]:
    """limit, the cursor's position and since, or InvalidParameters naming every bad one."""
    reader = ParamReader(request.args, LIST_PARAMS)
    limit = reader.whole_number("limit", DEFAULT_LIMIT, MAX_LIMIT)
    after = reader.parsed(
        "cursor",
        decode_cursor,
        "cursor is not one this API gave: give the `next_cursor` of the page before, unchanged",
    )
    since = reader.parsed(
        "since",
        parse_time,
        "since must be a date and time with its zone (RFC 3339), such as 2026-06-01T09:30:00Z",
    )
    reader.done()
    return limit, after, since


# -- answering ----------------------------------------------------------------------------------


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), mimetype="application/json")


@bp.after_request
def _private(response: Response) -> Response:
    """Answers hold citizens' personal data: no cache, shared or private, may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def init_agency_api(app: Flask) -> None:
    """The agency routes, and the `flask agency` commands that make the keys they take."""
    from app.agency import init_app as init_agency_cli

    csrf.exempt(bp)  # the key, not a cookie, authenticates these routes: no CSRF to guard against
    app.register_blueprint(bp)
    init_agency_cli(app)
