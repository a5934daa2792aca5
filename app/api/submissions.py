"""The agency routes of the API: an organisation reads and erases its own forms' submissions, and
sees how their delivery to its webhook is going, with its API key (`Authorization: Bearer`).

    GET    /api/v1/forms/<id>/submissions            a page of submissions, oldest first
    GET    /api/v1/submissions/<reference>           one submission
    DELETE /api/v1/submissions/<reference>           erase it (204)
    GET    /api/v1/submissions/<reference>/deliveries  its delivery status and every attempt

A key sees the forms whose definition names its organisation, and their submissions. Anything
else answers 404 exactly as a thing that does not exist would: another agency learns nothing,
not even that a form or reference is real. Responses carry personal data, so none may be cached.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, request, url_for
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from spectree import Response as SpectreeResponse
from spectree import SecurityScheme, SecuritySchemeData, Tag
from spectree.utils import get_model_key, parse_code

from app.agency.auth import agency_key
from app.agency.keys import ApiKey
from app.forms.definition import FormDefinition
from app.forms.web import csrf, load_form
from app.store import get_engine
from app.store.repository import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Submission,
    delete_submission,
    get_submission,
)
from app.store.tables import deliveries, delivery_attempts, submissions

from .errors import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from .errors import ApiError, FieldError, InvalidParameters
from .openapi import Problem, spec

bp = Blueprint("agency_api", __name__, url_prefix="/api/v1")

# The agency key in the OpenAPI document: a scheme of its own, named on each route below.
AGENCY_KEY_SCHEME = "agencyKey"
AGENCY_SECURITY = {AGENCY_KEY_SCHEME: []}
spec.config.security_schemes = [
    *(s for s in spec.config.security_schemes or [] if s.name != AGENCY_KEY_SCHEME),
    SecurityScheme(name=AGENCY_KEY_SCHEME, data=SecuritySchemeData(
        type="http", scheme="bearer", bearer_format="portal_<id>_<secret>",
        description="An agency API key from `flask agency create-key <organisation>`, sent as "
                    "`Authorization: Bearer <key>`. It reaches only its organisation's forms."))]

TAG = Tag(name="agency", description="Your organisation's submissions, read and erased with its "
                                     "agency API key (`flask agency create-key`).")
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
LIST_PARAMS = ("limit", "cursor", "since")
REFERENCE = re.compile(f"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")
WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")
# A cursor is the position of the last submission of a page: microseconds since the start of
# year 1 (hex; 15 digits outlast year 9999) and the reference, which breaks ties. Clients treat it
# as opaque; the document gives its pattern, and every string of that pattern is a position.
CURSOR = re.compile(f"^([0-9a-f]{{1,15}})\\.([{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}})$")
# RFC 3339 (the OpenAPI `date-time` format): a date, a time and a zone, all required.
DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                       r"([Zz]|[+-]\d{2}:\d{2})$", re.ASCII)
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
MAX_PARAM_CHARS = 64
SHOWN_CHARS = 100


# -- the documented shapes ----------------------------------------------------------------------


def utc_text(moment: dt.datetime) -> str:
    """A time as the whole API writes it: to the second, in UTC, `2026-06-15T12:00:00Z`."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


UtcTime = Annotated[dt.datetime, PlainSerializer(utc_text, return_type=str),
                    WithJsonSchema({"type": "string", "format": "date-time"})]


class SubmissionsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT,
                       description="how many submissions a page holds at most")
    cursor: str = Field(default=None, pattern=CURSOR.pattern,
                        description="where the page starts: the `next_cursor` of the page before, "
                                    "unchanged; none for the first page",
                        json_schema_extra=lambda schema: schema.pop("default", None))
    since: dt.datetime = Field(default=None,
                               description="only submissions made at or after this date and "
                                           "time (RFC 3339, the ISO 8601 profile: "
                                           "`2026-06-01T09:30:00Z` or `…+01:00`)",
                               json_schema_extra=lambda schema: schema.pop("default", None))


class StoredSubmission(BaseModel):
    reference: str = Field(description="the reference the citizen was given")
    form: str = Field(description="the form's id")
    version: int = Field(description="the form's version when it was submitted")
    submitted_at: UtcTime = Field(description="when it was stored, UTC")
    answers: dict[str, Any] = Field(description="page id → answer, normalised as the form's "
                                                "JSON Schema says (`/api/v1/forms/{id}/schema`)")


class SubmissionPage(BaseModel):
    submissions: list[StoredSubmission] = Field(description="oldest first, then by reference")
    next_cursor: str | None = Field(description="give it as `cursor` for the next page; null on "
                                                "the last page")
    next: str | None = Field(description="the path of the next page, with the same `limit` and "
                                         "`since`; null on the last page")


class DeliveryAttempt(BaseModel):
    attempted_at: UtcTime = Field(description="when the try ended, UTC")
    status_code: int | None = Field(description="your webhook's HTTP status; null when it gave "
                                                "no answer (refused, timed out)")
    error: str | None = Field(description="what went wrong; null when the try succeeded")
    duration_ms: int = Field(description="how long the try took, in milliseconds")


class DeliveryStatus(BaseModel):
    reference: str
    status: Literal["none", "pending", "delivered", "failed"] = Field(
        description="`none`: the form had no webhook when this was submitted, so nothing is "
                    "sent; `pending`: waiting for its next try or being sent; `delivered`: your "
                    "webhook answered 2xx; `failed`: given up after 3 days of tries")
    message_id: str | None = Field(description="the `webhook-id` header of every try (the same "
                                               "each time, to recognise repeats); null for `none`")
    attempts: int = Field(description="how many tries have been made")
    next_attempt_at: UtcTime | None = Field(
        description="when the next try is due (while one is being sent, the end of the time it "
                    "is given), UTC; null once delivered or failed")
    delivered_at: UtcTime | None = Field(
        description="when your webhook answered 2xx, UTC; null until then (and again after a "
                    "redelivery is asked for, until it succeeds)")
    last_error: str | None = Field(description="why the latest failed try failed; null once "
                                               "delivered")
    history: list[DeliveryAttempt] = Field(description="every try, oldest first")


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


def _documented(**codes) -> Responses:
    return Responses(**codes, HTTP_401=(Problem, "No API key, or not a valid one"),
                     HTTP_404=(Problem, "No such form or submission of your organisation"),
                     HTTP_422=(Problem, "Unknown or bad query parameters, each in `errors`"),
                     HTTP_500=(Problem, "A fault on our side, logged; no detail is given"))


# -- the routes ---------------------------------------------------------------------------------


@bp.get("/forms/<form_id>/submissions")
@spec.validate(query=SubmissionsQuery, resp=_documented(HTTP_200=SubmissionPage),
               tags=[TAG], security=AGENCY_SECURITY, skip_validation=True,
               operation_id="listSubmissions",
               path_parameter_descriptions={"form_id": "the form's id"})
def list_submissions(form_id: str):
    """List a form's submissions

    Oldest first, a page at a time: follow `next` (or give `next_cursor` as `cursor`) until it is
    null. To fetch what is new later, give `since` the `submitted_at` of the newest submission
    you have (that one comes again: since is inclusive)."""
    key = agency_key()
    limit, after, since = _list_parameters()
    form = _own_form(key, form_id)
    rows = _page(form, limit + 1, after, since)  # one more than asked: is there a next page?
    shown = rows[:limit]
    next_cursor = encode_cursor(shown[-1]) if len(rows) > limit else None
    next_path = None
    if next_cursor is not None:
        args = {"limit": limit, "cursor": next_cursor}
        if since is not None:
            # to the microsecond, unlike utc_text: the filter must not move
            args["since"] = since.isoformat().replace("+00:00", "Z")
        next_path = url_for("agency_api.list_submissions", form_id=form.id, **args)
    return _json(SubmissionPage(submissions=[_submission_out(s) for s in shown],
                                next_cursor=next_cursor, next=next_path))


def _page(form: FormDefinition, size: int, after: tuple[dt.datetime, str] | None,
          since: dt.datetime | None) -> list[Submission]:
    """Up to `size` of the form's submissions made at or after `since`, in the order (created_at,
    reference), starting after the position `after`."""
    query = (sa.select(submissions).where(submissions.c.form_id == form.id)
             .order_by(submissions.c.created_at, submissions.c.reference).limit(size))
    if since is not None:
        query = query.where(submissions.c.created_at >= since)
    if after is not None:
        created_at, reference = after
        query = query.where(sa.or_(
            submissions.c.created_at > created_at,
            sa.and_(submissions.c.created_at == created_at, submissions.c.reference > reference)))
    with get_engine().connect() as connection:
        return [Submission(**row) for row in connection.execute(query).mappings()]


@bp.get("/submissions/<reference>")
@spec.validate(resp=_documented(HTTP_200=StoredSubmission), tags=[TAG], security=AGENCY_SECURITY,
               skip_validation=True, operation_id="getSubmission",
               path_parameter_descriptions={"reference": "the submission's reference"})
def read_submission(reference: str):
    """Read one submission

    Its answers as stored, by page id, with the form's version they were given to. The reference
    may be given in lower case."""
    key = agency_key()
    _no_parameters()
    return _json(_submission_out(_own_submission(key, reference)))


@bp.delete("/submissions/<reference>")
@spec.validate(resp=_documented(HTTP_204=None), tags=[TAG], security=AGENCY_SECURITY,
               skip_validation=True, operation_id="deleteSubmission",
               path_parameter_descriptions={"reference": "the submission's reference"})
def erase_submission(reference: str):
    """Erase a submission

    Deletes it for good, with its delivery record: a delivery to your webhook not yet made is
    dropped. Asking again gives 404."""
    key = agency_key()
    _no_parameters()
    submission = _own_submission(key, reference)
    if not delete_submission(get_engine(), submission.reference):
        raise _not_found_submission(reference)  # erased meanwhile by another request
    current_app.logger.info("API key %s erased submission %s of %s", key.id,
                            submission.reference, submission.form_id)
    erased = Response(status=204)
    del erased.headers["Content-Type"]  # no body, so no type
    return erased


@bp.get("/submissions/<reference>/deliveries")
@spec.validate(resp=_documented(HTTP_200=DeliveryStatus), tags=[TAG], security=AGENCY_SECURITY,
               skip_validation=True, operation_id="getSubmissionDeliveries",
               path_parameter_descriptions={"reference": "the submission's reference"})
def submission_deliveries(reference: str):
    """Read a submission's delivery to your webhook

    Its status and every try, with your webhook's answer. A form with no webhook gives status
    `none` and no tries."""
    key = agency_key()
    _no_parameters()
    submission = _own_submission(key, reference)
    with get_engine().connect() as connection:
        delivery = connection.execute(sa.select(deliveries).where(
            deliveries.c.reference == submission.reference)).mappings().first()
        tries = [] if delivery is None else connection.execute(
            sa.select(delivery_attempts).where(delivery_attempts.c.delivery_id == delivery["id"])
            .order_by(delivery_attempts.c.attempted_at, delivery_attempts.c.id)).mappings().all()
    if delivery is None:
        status = DeliveryStatus(reference=submission.reference, status="none", message_id=None,
                                attempts=0, next_attempt_at=None, delivered_at=None,
                                last_error=None, history=[])
    else:
        status = DeliveryStatus(
            reference=submission.reference, status=delivery["status"],
            message_id=delivery["message_id"], attempts=delivery["attempts"],
            next_attempt_at=delivery["next_attempt_at"], delivered_at=delivery["delivered_at"],
            last_error=delivery["last_error"],
            history=[DeliveryAttempt(attempted_at=t["attempted_at"], status_code=t["status_code"],
                                     error=t["error"], duration_ms=t["duration_ms"])
                     for t in tries])
    return _json(status)


# -- what a key may see -------------------------------------------------------------------------


def _own_form(key: ApiKey, form_id: str) -> FormDefinition:
    form = load_form(form_id)
    if form is None or form.organisation != key.organisation:
        raise ApiError(404, f"Your organisation has no form `{form_id[:SHOWN_CHARS]}`")
    return form


def _own_submission(key: ApiKey, reference: str) -> Submission:
    """The submission, when it belongs to a form of the key's organisation (by the form's current
    definition); a 404 otherwise, the same as for a reference that does not exist."""
    wanted = reference.strip().upper()
    submission = get_submission(get_engine(), wanted) if REFERENCE.match(wanted) else None
    if submission is not None:
        form = load_form(submission.form_id)
        if form is not None and form.organisation == key.organisation:
            return submission
    raise _not_found_submission(reference)


def _not_found_submission(reference: str) -> ApiError:
    return ApiError(404, f"Your organisation has no submission `{reference[:SHOWN_CHARS]}`")


# -- parameters ---------------------------------------------------------------------------------


def _unknown_parameters(allowed: tuple[str, ...]) -> list[FieldError]:
    """Parameters the route does not take: the API refuses them rather than guess."""
    known = (f"the parameters are {', '.join(allowed)}" if allowed
             else "this takes no parameters")
    return [FieldError(name[:SHOWN_CHARS], f"Unknown parameter: {known}")
            for name in dict.fromkeys(request.args) if name not in allowed]


def _no_parameters() -> None:
    if errors := _unknown_parameters(()):
        raise InvalidParameters(errors)


def _list_parameters() -> tuple[int, tuple[dt.datetime, str] | None, dt.datetime | None]:
    """limit, the cursor's position and since, or InvalidParameters naming every bad one."""
    errors = _unknown_parameters(LIST_PARAMS)
    values: dict[str, str | None] = {}
    for name in LIST_PARAMS:
        given = request.args.getlist(name)
        if len(given) > 1:
            errors.append(FieldError(name, f"Give {name} once, not {len(given)} times"))
        values[name] = given[0] if given else None
    limit = DEFAULT_LIMIT
    if values["limit"] is not None:
        raw = values["limit"].strip()
        if WHOLE_NUMBER.match(raw) and 1 <= int(raw) <= MAX_LIMIT:
            limit = int(raw)
        else:
            errors.append(FieldError("limit", f"limit must be a whole number from 1 to "
                                              f"{MAX_LIMIT}"))
    after = None
    if values["cursor"] is not None:
        after = decode_cursor(values["cursor"])
        if after is None:
            errors.append(FieldError("cursor", "cursor is not one this API gave: give the "
                                               "`next_cursor` of the page before, unchanged"))
    since = None
    if values["since"] is not None:
        since = parse_time(values["since"])
        if since is None:
            errors.append(FieldError("since", "since must be a date and time with its zone "
                                              "(RFC 3339), such as 2026-06-01T09:30:00Z"))
    if errors:
        raise InvalidParameters(errors)
    return limit, after, since


def parse_time(text: str) -> dt.datetime | None:
    """An RFC 3339 date and time, in UTC; None if it is not one."""
    match = DATE_TIME.match(text.strip()) if len(text) <= MAX_PARAM_CHARS else None
    if match is None:
        return None
    date, hour, minute, second, fraction, zone = match.groups()
    if second == "60":  # a leap second: as the last instant of the minute it ends
        second, fraction = "59", ".999999"
    try:
        moment = dt.datetime.fromisoformat(f"{date}T{hour}:{minute}:{second}{fraction or ''}"
                                           f"{zone.upper()}")
    except ValueError:  # no such day or hour
        return None
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # within a day of the calendar's ends, which UTC moves past them
        return EARLIEST if moment.year == 1 else LATEST


def encode_cursor(submission: Submission) -> str:
    """The position of `submission` in the list's order (see CURSOR)."""
    return f"{(submission.created_at - EARLIEST) // MICROSECOND:x}.{submission.reference}"


def decode_cursor(cursor: str) -> tuple[dt.datetime, str] | None:
    match = CURSOR.match(cursor.strip())
    if match is None:
        return None
    try:
        moment = EARLIEST + int(match[1], 16) * MICROSECOND
    except OverflowError:  # past the calendar's end: after every submission
        moment = LATEST
    return moment, match[2]


# -- answering ----------------------------------------------------------------------------------


def _submission_out(submission: Submission) -> StoredSubmission:
    return StoredSubmission(reference=submission.reference, form=submission.form_id,
                         version=submission.form_version, submitted_at=submission.created_at,
                         answers=submission.answers)


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), mimetype="application/json")


@bp.after_request
def _private(response: Response) -> Response:
    """Answers hold citizens' personal data: no cache, shared or private, may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def init_agency_api(app: Flask) -> None:
    csrf.exempt(bp)  # the key, not a cookie, authenticates these routes: no CSRF to guard against
    app.register_blueprint(bp)
