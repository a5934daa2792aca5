"""Citizens deleting their own submission: `/forms/delete`, with the reference and the deletion
code from the confirmation page.

    GET  /forms/delete          the reference and code to fill in
    POST /forms/delete          check them; delete, or say what to fix (a wrong pair gets one
                                message that does not say which of the two was wrong)
    GET  /forms/delete/done     the submission has been deleted

The POST is its own view, `delete`, so a rate limit can decorate it alone.
"""

from __future__ import annotations

import logging
import re

from flask import (
    Blueprint,
    Flask,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import TooManyRequests

from app.i18n import N_, NN_, gettext, ngettext
from app.ratelimit import deletion_attempts, limiter
from app.store import get_engine
from app.store import repository as store
from app.uploads.web import erasing_files

from .registry import load_form

bp = Blueprint("forms_delete", __name__, url_prefix="/forms")
log = logging.getLogger(__name__)

DONE_KEY = "deleted_reference"
DONE_FORM_KEY = "deleted_form"
# What the pages call what was sent when they do not know its form (its own noun otherwise:
# "Delete a report you sent").
ANY_NOUN = N_("form")
REFERENCE = re.compile(rf"^[{store.REFERENCE_ALPHABET}]{{{store.REFERENCE_LENGTH}}}$")
CODE_LETTERS = 4 * store.DELETION_CODE_GROUPS
CODE = re.compile(rf"^[{store.REFERENCE_ALPHABET}]{{{CODE_LETTERS}}}$")
# Catalogue messages: translated where an error is shown
MESSAGES = {
    "reference-empty": N_("Enter your reference number"),
    "reference-format": N_(
        "Enter your reference number as it is shown on your confirmation page, "
        "8 letters and numbers, like HDJ4KM2P"
    ),
    "code-empty": N_("Enter your deletion code"),
    "code-format": N_(
        "Enter your deletion code as it is shown on your confirmation page, "
        "12 letters and numbers, like FJ7K-2MQP-X9RT"
    ),
    "no-match": N_(
        "The reference number and deletion code do not match anything you sent. Check "
        "both and try again"
    ),
}
# Over the rate limit; n is wait_minutes() (save_return.py says it with these words too)
TOO_MANY = NN_(
    "You have tried too many times. Wait a minute and try again",
    "You have tried too many times. Wait %(num)s minutes and try again",
)


def compact(text: str) -> str:
    """What was typed, without the spaces and dashes people add, in upper case."""
    return re.sub(r"[\s-]+", "", text).upper()


def check_fields(reference: str, code: str, messages: dict[str, str] = MESSAGES) -> dict[str, str]:
    """Field id -> message, for what is empty or cannot be a reference or a code (`messages`:
    the page's own words for each, by the keys of MESSAGES)."""
    errors: dict[str, str] = {}
    if not reference:
        errors["reference"] = gettext(messages["reference-empty"])
    elif not REFERENCE.match(compact(reference)):
        errors["reference"] = gettext(messages["reference-format"])
    if not code:
        errors["code"] = gettext(messages["code-empty"])
    elif not CODE.match(compact(code)):
        errors["code"] = gettext(messages["code-format"])
    return errors


def noun_of(form_id: str | None) -> str:
    """The noun of the form `form_id` ("report"), or "form" for none or an unknown one."""
    form = load_form(form_id) if form_id else None
    return form.noun_text() if form else gettext(ANY_NOUN)


def page(
    reference: str = "", code: str = "", errors: dict[str, str] | None = None, status: int = 200
):
    errors = errors or {}
    form_id = request.args.get("form")  # from the confirmation page's link: its words
    noun, any_noun = noun_of(form_id), gettext(ANY_NOUN)
    response = make_response(
        render_template(
            "forms/delete.html",
            noun=noun,
            a_noun=gettext("an %(noun)s", noun=noun)
            if noun[0] in "aeiou"
            else gettext("a %(noun)s", noun=noun),
            action=url_for("forms_delete.delete", form=form_id if noun != any_noun else None),
            reference=reference,
            code=code,
            errors=errors,
            error_list=[
                {"text": message, "href": f"#{field}"} for field, message in errors.items()
            ],
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/delete")
def ask():
    return page()


@bp.post("/delete")
@limiter.limit(deletion_attempts)
def delete():
    reference = request.form.get("reference", "").strip()
    code = request.form.get("code", "").strip()
    errors = check_fields(reference, code)
    if errors:
        return page(reference, code, errors)
    reference = compact(reference)
    erased = erasing_files(reference)
    form_id = store.delete_with_code(get_engine(), reference, code)
    if not erased(form_id is not None):
        log.info("a deletion with a code was refused: no submission matches the pair")
        return page(reference, code, {"reference": gettext(MESSAGES["no-match"])})
    log.info("submission %s deleted by the citizen with its deletion code", reference)
    session[DONE_KEY] = reference
    session[DONE_FORM_KEY] = form_id
    return redirect("/forms/delete/done", code=303)


@bp.get("/delete/done")
def done():
    reference = session.get(DONE_KEY)
    if reference is None:
        return redirect("/forms/delete", code=303)
    response = make_response(
        render_template(
            "forms/delete_done.html", reference=reference, noun=noun_of(session.get(DONE_FORM_KEY))
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(CSRFError)
def refused(error: CSRFError):
    """A post without a valid CSRF token: the page was open too long, or cookies are off."""
    return page(
        request.form.get("reference", "").strip(),
        "",
        {
            "reference": gettext(
                "Sorry, we could not check that. Enter your reference number and deletion "
                "code again"
            )
        },
        status=400,
    )


@bp.errorhandler(TooManyRequests)
def too_many(error: TooManyRequests):
    """Over RATELIMIT_DELETION_ATTEMPTS: the same page, saying how long to wait."""
    return page(
        request.form.get("reference", "").strip(),
        "",
        {"reference": ngettext(*TOO_MANY, wait_minutes())},
        status=429,
    )


def wait_minutes() -> int:
    """How many minutes a client over a rate limit waits, rounded up: the `n` of the messages
    that say it ("Wait a minute", "Wait 3 minutes")."""
    seconds = int(g.get("retry_after") or 60)
    return max(1, -(-seconds // 60))


def init_deletion(app: Flask) -> None:
    app.register_blueprint(bp)
