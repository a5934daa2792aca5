"""The public forms API: list the forms, read one and the schema of its answers, check answers,
submit them.

    GET  /api/v1/forms                         the published forms
    GET  /api/v1/forms/<id>                    a form's definition
    GET  /api/v1/forms/<id>/schema             the JSON Schema of its answers
    POST /api/v1/forms/<id>/validate           {"answers": …} → {"valid": true} or a 422
    POST /api/v1/forms/<id>/submissions        {"answers": …} → 201 with the reference, or a 422

Answers are judged by the same engine as the citizen's pages (app/forms/engine.py), with the same
messages; an error names its answer `answers.<question id>`, or `answers.<id>.<part>` for one
input of an address or of a date given as {day, month, year}. Writes are rate limited per client
(app/ratelimit.py) and open to the form's own `allowed_origins` from a browser (cors.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from flask import Blueprint, Flask, Response, request, url_for
from spectree import Response as Responses
from sqlalchemy.exc import SQLAlchemyError

from app import metrics
from app.agency.auth import agency_key
from app.csrf import csrf
from app.dates import utc_timestamp
from app.forms.definition import FormDefinition
from app.forms.engine import Evaluation, FieldError, evaluate
from app.forms.questions import descriptor_of
from app.forms.registry import form_ids, form_languages, load_form
from app.hosts import public_url
from app.i18n import current_language, ngettext
from app.ratelimit import breach_message, limiter, public_writes
from app.request_params import no_parameters
from app.store import get_engine
from app.store import repository as store
from app.store.engine import is_unavailable

from . import form_models as models
from .answers_schema import answers_schema
from .errors import ApiError, InvalidParameters
from .errors import FieldError as ProblemField
from .json_body import read_json_object
from .openapi import MEDIA_TYPES, Problem, spec
from .upload_answers import resolve_uploads

bp = Blueprint("api_forms", __name__, url_prefix="/api/v1")
TAGS = ["forms"]
MAX_KEY_SHOWN = 100
JSON_SCHEMA = "application/schema+json"
PRINTABLE = re.compile(models.IDEMPOTENCY_KEY_PATTERN)
FORM_ID_DESCRIPTION = {"form_id": "the form's id: its file name in content/forms/"}


def _errors(*statuses: int) -> dict[str, type[Problem]]:
    return {f"HTTP_{status}": Problem for status in statuses}


class StorageFailed(RuntimeError):
    """The database refused a submission. Raised in place of the driver's error, whose message
    carries the statement's parameters (the answers), so that the logged traceback does not."""


# -- reading requests ---------------------------------------------------------------------------


def form_or_404(form_id: str) -> FormDefinition:
    form = load_form(form_id)
    if form is None:
        raise ApiError(
            404,
            f"There is no form with the id {form_id[:MAX_KEY_SHOWN]!r}: "
            "GET /api/v1/forms lists them",
        )
    return form


def answers_of(body: dict[str, Any]) -> dict[str, Any]:
    """The body's `answers` object; any other field, or none, is a 422."""
    errors = [
        ProblemField(
            name[:MAX_KEY_SHOWN],
            "Unknown field: the body has one field, answers",
            "unknown_field",
        )
        for name in body
        if name != "answers"
    ]
    answers = body.get("answers")
    if not isinstance(answers, dict):
        errors.append(
            ProblemField(
                "answers",
                "Give the answers as an object of question ids "
                'and answers: {"answers": {"question-id": …}}',
                "required" if answers is None else "wrong_type",
            )
        )
    if errors:
        raise InvalidParameters(errors)
    return answers


def field_name(form: FormDefinition, error: FieldError, raw: Any) -> str:
    """`answers.<id>`, or `answers.<id>.<part>` when one input of a grouped answer is at fault;
    in a repeating group, `answers.<group>.<entry, from 0>[.<question id>[.<part>]]`."""
    name = f"answers.{error.field}"
    page = form.page(error.field)
    if error.entry:
        index, *question = error.entry
        name = f"{name}.{index}" + "".join(f".{key[:MAX_KEY_SHOWN]}" for key in question)
        page = form.question(question[0]) if question else None
        raw = raw[index].get(question[0]) if question and isinstance(raw[index], dict) else None
    grouped = page is not None and descriptor_of(page).in_parts(raw)
    if grouped and len(error.parts) == 1:
        return f"{name}.{error.parts[0]}"
    return name


def judge(form: FormDefinition, answers: dict[str, Any]) -> Evaluation:
    """The engine's verdict on the whole route that applies; a 422 listing every error."""
    answers, errors, unresolved = resolve_uploads(form, answers)  # upload ids → the uploads
    evaluation = evaluate(form, answers)
    errors += [
        ProblemField(field_name(form, e, answers.get(e.field)), e.message, e.code, e.allowed)
        for e in evaluation.errors
        if (e.field, *e.entry) not in unresolved  # said already, in the upload's words
    ]
    errors += [
        ProblemField(
            f"answers.{key[:MAX_KEY_SHOWN]}",
            f"Unknown question: this form has no question with the id {key[:MAX_KEY_SHOWN]!r}",
            "unknown_question",
        )
        for key in answers
        if form.item(key) is None
    ]
    if evaluation.exit is not None and not errors:
        errors.append(exit_error(form, evaluation))
    if errors:
        raise ApiError(
            422,
            ngettext(
                "%(num)s answer is missing or not valid: see errors",
                "%(num)s answers are missing or not valid: see errors",
                len(errors),
            ),
            problem="invalid-answers",
            errors=errors,
        )
    return evaluation


def exit_error(form: FormDefinition, evaluation: Evaluation) -> ProblemField:
    """Answers whose route ends at an exit page: named at the answer that sent them there."""
    exit_page = form.exit_page(evaluation.exit or "")
    last = evaluation.pages[-1].id
    return ProblemField(
        f"answers.{last}",
        f"These answers end the form at its exit page `{evaluation.exit}` "
        f"({exit_page.title if exit_page else ''}): they cannot be sent",
    )


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not PRINTABLE.match(key):
        raise InvalidParameters(
            [
                ProblemField(
                    "Idempotency-Key",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID",
                )
            ]
        )
    return key


def request_hash(body: dict[str, Any]) -> str:
    """SHA-256 of the body as canonical JSON: the same body in another key order or spacing is
    the same request."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- answers ------------------------------------------------------------------------------------


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status, mimetype="application/json")


def form_links(form_id: str) -> dict[str, str]:
    return {
        "self": url_for("api_forms.form", form_id=form_id),
        "schema": url_for("api_forms.answers_schema", form_id=form_id),
        "validate": url_for("api_forms.validate", form_id=form_id),
        "submissions": url_for("api_forms.submit", form_id=form_id),
        "start": url_for("forms.start", form_id=form_id),
    }


def published_forms() -> list[FormDefinition]:
    return [form for form in map(load_form, form_ids()) if form is not None]


def created(submission: store.Submission, replayed: bool) -> Response:
    response = _json(
        {
            "reference": submission.reference,
            "form": submission.form_id,
            "version": submission.form_version,
            "submitted_at": utc_timestamp(submission.created_at),
        },
        201,
    )
    response.headers["Location"] = f"/api/v1/submissions/{submission.reference}"
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


# -- the routes ---------------------------------------------------------------------------------


@bp.get("/forms")
@spec.validate(
    resp=Responses(HTTP_200=models.FormList, **_errors(422, 500)),
    tags=TAGS,
    operation_id="list-forms",
    skip_validation=True,
)
def forms():
    """The published forms

    Every service form the portal runs, in order of id, with links to the rest of its API.
    This route takes no parameters."""
    no_parameters(request.args)
    return _json(
        {
            "forms": [
                {
                    "id": form.id,
                    "title": form.title,
                    "organisation": form.organisation,
                    "version": form.version,
                    "links": form_links(form.id),
                }
                for form in published_forms()
            ]
        }
    )


@bp.get("/forms/<form_id>")
@spec.validate(
    headers=models.LanguageHeaders,
    resp=Responses(HTTP_200=models.PublicForm, **_errors(404, 422, 500)),
    tags=TAGS,
    operation_id="get-form",
    skip_validation=True,
    path_parameter_descriptions=FORM_ID_DESCRIPTION,
)
def form(form_id: str):
    """A form's definition

    The form as its YAML file defines it (docs/forms.md): its pages and their questions, types,
    options and routes, its declaration and confirmation, the origins that may use it from a
    browser. Where its submissions are delivered is left out."""
    no_parameters(request.args)
    definition = form_or_404(form_id)
    return _json(
        definition.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"delivery"})
    )


@bp.get("/forms/<form_id>/schema", endpoint="answers_schema")
@spec.validate(
    headers=models.LanguageHeaders,
    resp=Responses(HTTP_200=models.AnswersSchema, **_errors(404, 422, 500)),
    tags=TAGS,
    operation_id="get-answers-schema",
    skip_validation=True,
    path_parameter_descriptions=FORM_ID_DESCRIPTION,
)
def answers_schema_view(form_id: str):
    """The JSON Schema of a form's answers

    A JSON Schema (2020-12) of the `answers` object this form takes: each question's type,
    options and limits, and which answers are required on which route through the form. Check
    answers with it before sending them; the API's own checks (POST …/validate) remain the
    judge of what a schema cannot say, such as a date having to be in the past. Titles are in
    the language of `Accept-Language`; for a form in several languages, `x-titles` beside each
    title gives it in every one: `{"en": "Where is the pothole?", "cy": "Ble mae'r twll yn y
    ffordd?"}`."""
    no_parameters(request.args)
    definition = form_or_404(form_id)
    schema_id = public_url(request.path)  # never the request's Host (app/hosts.py)
    in_each = {code: load_form(form_id, code) for code in form_languages(definition)}
    response = _json(answers_schema(definition, schema_id, in_each))
    response.mimetype = JSON_SCHEMA
    return response


@bp.post("/forms/<form_id>/validate")
@spec.validate(
    headers=models.LanguageHeaders,
    json=models.AnswersBody,
    resp=Responses(HTTP_200=models.Valid, **_errors(400, 404, 413, 415, 422, 429, 500)),
    tags=TAGS,
    operation_id="validate-answers",
    skip_validation=True,
    path_parameter_descriptions=FORM_ID_DESCRIPTION,
)
@limiter.limit(public_writes, methods=["POST"], error_message=breach_message)
def validate(form_id: str):
    """Check answers without submitting them

    The same checks, in the same words, as the form's own pages: every missing or invalid
    answer on the route the answers take through the form, and every answer to a question the
    form does not have. Nothing is stored. The messages are in the language of
    `Accept-Language` (one of the site's; otherwise the site's default), as the response's
    `Content-Language` says."""
    no_parameters(request.args)
    definition = form_or_404(form_id)
    judge(definition, answers_of(read_json_object()))
    return _json({"valid": True})


@bp.post("/forms/<form_id>/submissions")
@spec.validate(
    json=models.AnswersBody,
    headers=models.IdempotencyHeaders,
    resp=Responses(
        HTTP_201=models.SubmissionCreated,
        **_errors(400, 401, 404, 409, 413, 415, 422, 429, 500),
    ),
    tags=TAGS,
    operation_id="submit-answers",
    skip_validation=True,
    path_parameter_descriptions=FORM_ID_DESCRIPTION,
)
@limiter.limit(public_writes, methods=["POST"], error_message=breach_message)
def submit(form_id: str):
    """Submit answers

    Checks the answers as POST …/validate does and stores them: `201` with the submission's
    reference and a `Location`. Send an `Idempotency-Key` to make retrying safe: the same key
    with the same body returns the first response (with `Idempotent-Replayed: true`) and
    stores nothing more; the same key with another body is a `409`. Answers to questions that
    a route skips are not stored.

    No key is needed. Sent with a test key of the form's organisation (`Authorization: Bearer
    portal_test_…`), the submission is a test: kept a day, sent only to the form's test
    webhook, and listed only to test keys. A key that is not valid is a `401`."""
    no_parameters(request.args)
    definition = form_or_404(form_id)
    test = submitted_as_test(definition)
    key = idempotency_key()
    body = read_json_object()
    evaluation = judge(definition, answers_of(body))
    idempotency = store.Idempotency(key, request_hash(body)) if key is not None else None
    now = store.utcnow()
    try:
        submission = store.submit(
            get_engine(),
            None,
            definition,
            evaluation.answers,
            now=now,
            idempotency=idempotency,
            test=test,
            language=current_language(),
        )
    except store.IdempotencyConflict:
        raise ApiError(
            409,
            "This Idempotency-Key was used before, for this form, with another "
            "body: use a new key for new answers",
            problem="idempotency-key-reused",
        ) from None
    except SQLAlchemyError as error:
        if is_unavailable(error):
            raise  # unreachable, busy or timed out: the storage-unavailable 503 (error_pages.py)
        raise StorageFailed(
            f"could not store a submission of {definition.id}: {type(error).__name__}"
        ) from None
    replayed = submission.created_at != now
    if not replayed:
        metrics.SUBMISSIONS.labels(definition.id, "api").inc()
    response = created(submission, replayed=replayed)
    response.headers["Cache-Control"] = "no-store"
    return response


def submitted_as_test(form: FormDefinition) -> bool:
    """Whether the submit came with a test key (of the form's organisation): a key is optional,
    but one that is sent must be valid (401) and the organisation's (404, as for a form it does
    not have)."""
    if not request.headers.get("Authorization", "").strip():
        return False
    key = agency_key()
    if key.organisation != form.organisation:
        raise ApiError(404, f"Your organisation has no form `{form.id}`")
    return key.is_test


def init_forms_api(app: Flask) -> None:
    MEDIA_TYPES["AnswersSchema"] = JSON_SCHEMA
    csrf.exempt(bp)  # JSON from other systems: no session, no cookie, no CSRF token to send
    app.register_blueprint(bp)
