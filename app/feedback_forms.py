"""The two feedback forms people write in, made by the service (so they carry a CSRF token):

    GET/POST /feedback/what-went-wrong?path=/page   after "Is this page useful? No": "What were
                                                    you doing?" and "What went wrong?" (GOV.UK's
                                                    pattern, here a page of its own, so it works
                                                    with no JavaScript)
    GET/POST /feedback/site                         the phase banner's "giving feedback": a
                                                    message and, only for a reply, an email address

Both store what was typed and nothing else (app/store/feedback.py), are rate limited like the
other public writes, and end on /feedback/thanks. A bad answer is shown again with GOV.UK's error
summary and messages, nothing lost.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, Flask, make_response, redirect, render_template, request

from app.dates import format_number
from app.feedback import page_path
from app.forms.questions.email import EMAIL_FORMAT
from app.i18n import N_, gettext
from app.ratelimit import limiter, public_writes
from app.store import feedback as store
from app.store import get_engine

bp = Blueprint("feedback_forms", __name__)

DOING_CHARS = 250
WENT_WRONG_CHARS = 1200
MESSAGE_CHARS = 1200
EMAIL_CHARS = 320


def _text(name: str, limit: int, label: str, errors: dict[str, str]) -> str:
    """The field's answer, spaces trimmed; a message in `errors` when it is too long."""
    value = request.form.get(name, "").strip()
    if len(value) > limit:
        errors[name] = gettext(
            "%(subject)s must be %(limit)s characters or fewer",
            subject=gettext(label),
            limit=format_number(limit),
        )
    return value


def _page(template: str, errors: dict[str, str], **context):
    """A form page, with the error summary's links to each field in error (400 if any); never
    cached, as it holds the visitor's CSRF token and answers."""
    error_list = [{"text": message, "href": f"#{name}"} for name, message in errors.items()]
    response = make_response(
        render_template(template, errors=errors, error_list=error_list, **context),
        400 if errors else 200,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/feedback/what-went-wrong", methods=["GET", "POST"])
@limiter.limit(public_writes, methods=["POST"])
def what_went_wrong():
    path = page_path(request.values.get("path"))
    if path is None:
        if request.method == "POST":
            return render_template("feedback/not_recorded.html"), 400
        return redirect("/feedback/site", code=303)  # no page to ask about: the general form
    answers, errors = {"doing": "", "went_wrong": ""}, {}
    if request.method == "POST":
        answers = {
            "doing": _text("doing", DOING_CHARS, N_("What you were doing"), errors),
            "went_wrong": _text("went_wrong", WENT_WRONG_CHARS, N_("What went wrong"), errors),
        }
        if not errors and not any(answers.values()):
            errors["doing"] = gettext("Enter what you were doing or what went wrong")
        if not errors:
            now = dt.datetime.now(dt.UTC)
            store.record_problem(get_engine(), path, answers["doing"], answers["went_wrong"], now)
            return redirect(f"/feedback/thanks?{urlencode({'path': path})}", code=303)
    return _page(
        "feedback/what_went_wrong.html",
        errors,
        path=path,
        answers=answers,
        limits={"doing": DOING_CHARS, "went_wrong": WENT_WRONG_CHARS},
    )


def _email(errors: dict[str, str]) -> str | None:
    typed = request.form.get("email", "").strip()
    if not typed:
        return None
    try:
        if len(typed) > EMAIL_CHARS:
            raise EmailNotValidError("too long")
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError:
        errors["email"] = gettext(EMAIL_FORMAT)
        return typed


@bp.route("/feedback/site", methods=["GET", "POST"])
@limiter.limit(public_writes, methods=["POST"])
def site_feedback():
    answers, errors = {"message": "", "email": ""}, {}
    if request.method == "POST":
        message = _text("message", MESSAGE_CHARS, N_("Your feedback"), errors)
        if not message:
            errors["message"] = gettext("Enter your feedback")
        email = _email(errors)
        answers = {"message": message, "email": email or ""}
        if not errors:
            store.record_site_feedback(get_engine(), message, email, dt.datetime.now(dt.UTC))
            return redirect("/feedback/thanks", code=303)
    return _page("feedback/site.html", errors, answers=answers, limit=MESSAGE_CHARS)


def init_feedback_forms(app: Flask) -> None:
    app.register_blueprint(bp)
