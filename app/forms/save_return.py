""" "Save and come back later" (issue 17), for a form whose definition says
`save_and_return: {enabled: true}`: a secondary button on every question page and on check your
answers (app/forms/flow.py saves the answer first, if it is valid) leads here.

    GET  /forms/<id>/save-for-later             how to come back: a link by email (when the
    POST                                        service sends email) or a reference and code
    GET  /forms/<id>/save-for-later/email       the address to send the link to
    POST                                        rate limited per address and per client
    GET  /forms/<id>/save-for-later/email-sent  "Check your email"
    GET  /forms/<id>/save-for-later/code        the reference and resume code, shown once
    GET  /forms/resume                          the reference and code to fill in
    POST                                        rate limited per client; wrong codes per reference
    GET  /forms/resume/<token>                  an emailed link: a button to continue (so a mail
    POST                                        scanner opening the link does not use it up), or
                                                why it no longer works (used, expired, unknown)

Saving keeps the draft server-side for the form's `save_and_return.days` (app/store/saved.py);
resuming moves it into the browser that resumes (a new id in a new cookie), so any other browser
that had it loses it. Only hashes of codes and link tokens are stored. The email address is
handed to the mail outbox alone, which erases it once the email is sent or given up (and with
the link, at its expiry, if it never is); the "Check your email" page gets it once through the
signed session cookie, which then forgets it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import TooManyRequests

from app.dates import format_date
from app.i18n import N_, NN_, current_language, gettext, ngettext
from app.ratelimit import (
    limiter,
    resume_emails_per_address,
    resume_emails_per_client,
    resume_tries_per_client,
    resume_wrong_codes,
)
from app.store import get_engine
from app.store import repository as store
from app.store import saved as saved_store
from app.uploads.web import keep_draft_files

from . import email_copy
from .definition import FormDefinition
from .deletion import ANY_NOUN, REFERENCE, TOO_MANY, check_fields, compact, wait_minutes
from .engine import evaluate
from .flow import answer_url, current_draft, not_started, see_other, set_draft_cookie
from .questions.email import EMAIL_FORMAT
from .registry import form_or_404, load_form

bp = Blueprint("forms_save", __name__, url_prefix="/forms")
log = logging.getLogger(__name__)  # references only: never a code, token or address

EMAIL, CODE_CHOICE = "email", "code"
SHOWN_CODE = "saved_code"  # session: the code to show once, with its form and reference
SENT_TO = "saved_link_sent_to"  # session: the address the link went to, for one page
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what saved_store.link_token makes
# Catalogue messages: translated where an error is shown (the reference and code ones by
# deletion.check_fields)
MESSAGES = {
    "choose": N_("Select how you want to come back to your %(noun)s"),
    "email-empty": N_("Enter your email address"),
    "reference-empty": N_("Enter your reference number"),
    "reference-format": N_(
        "Enter your reference number as it was shown when you saved your answers, "
        "8 letters and numbers, like HDJ4KM2P"
    ),
    "code-empty": N_("Enter your resume code"),
    "code-format": N_(
        "Enter your resume code as it was shown when you saved your answers, "
        "12 letters and numbers, like FJ7K-2MQP-X9RT"
    ),
    "no-match": N_(
        "The reference number and resume code do not match a saved form. Check both and try again"
    ),
}
# Over the per-address or per-client limit on resume emails; n is wait_minutes()
TOO_MANY_EMAILS = NN_(
    "You have asked for too many emails. Wait a minute and try again, or choose a reference "
    "number and code instead",
    "You have asked for too many emails. Wait %(num)s minutes and try again, or choose a "
    "reference number and code instead",
)


def saving_form(form_id: str) -> FormDefinition:
    """The form, if it offers saving (404 otherwise: the pages do not exist for it)."""
    form = form_or_404(form_id)
    if not form.save_and_return.enabled:
        abort(404)
    return form


def lifetime(form: FormDefinition) -> dt.timedelta:
    return dt.timedelta(days=form.save_and_return.days)


def continue_url(form: FormDefinition, draft: store.Draft) -> str:
    """Where the citizen goes on with their form: the first page to answer, or check answers."""
    return answer_url(form, evaluate(form, draft.answers))


def page(template: str, status: int = 200, **context):
    response = make_response(render_template(f"forms/{template}.html", **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- saving ---------------------------------------------------------------------------------------


@bp.route("/<form_id>/save-for-later", methods=["GET", "POST"])
def choose(form_id: str):
    form = saving_form(form_id)
    draft = current_draft(form)
    if draft is None:
        return not_started(form)
    by_email = email_copy.mail_on()
    error = None
    if request.method == "POST":
        how = request.form.get("how") if by_email else CODE_CHOICE
        if how == EMAIL:
            return see_other(url_for(".ask_email", form_id=form.id))
        if how == CODE_CHOICE:
            return save_with_code(form, draft)
        error = gettext(MESSAGES["choose"], noun=form.noun_text())
    unsaved = form.question(request.args.get("unsaved", ""))
    return page(
        "save",
        form=form,
        by_email=by_email,
        unsaved=unsaved.question if unsaved else None,
        error=error,
        error_list=[{"text": error, "href": "#how"}] if error else [],
        continue_href=continue_url(form, draft),
    )


def save_with_code(form: FormDefinition, draft: store.Draft):
    saved = saved_store.save_for_later(
        get_engine(), draft.id, form.id, lifetime(form), with_code=True
    )
    if saved is None:
        return not_started(form)
    log.info("form %s: draft saved for later as %s, with a code", form.id, saved.reference)
    session[SHOWN_CODE] = [form.id, saved.reference, saved.code, saved.expires_at.isoformat()]
    return kept(url_for(".show_code", form_id=form.id), form, draft, saved)


def kept(url: str, form: FormDefinition, draft: store.Draft, saved: saved_store.Saved):
    """On to `url`, this browser keeping the draft as long as it is saved (it can come back
    here without the link or code, until it resumes somewhere else). Its files are kept as long
    as it is, or they would go a day after their upload."""
    keep_draft_files(form, draft.answers, saved.expires_at)
    response = see_other(url)
    return set_draft_cookie(response, form, draft.id, saved.expires_at - store.utcnow())


@bp.get("/<form_id>/save-for-later/code")
def show_code(form_id: str):
    """The code, once: it is in the session only until this page shows it (a refresh goes back
    to the save page, where a new code can be had)."""
    form = saving_form(form_id)
    shown = session.pop(SHOWN_CODE, None)
    draft = current_draft(form)
    if not shown or shown[0] != form.id or draft is None:
        return see_other(url_for(".choose", form_id=form.id))
    _form_id, reference, resume_code, until = shown
    return page(
        "save_code",
        form=form,
        reference=reference,
        code=resume_code,
        until=format_date(dt.datetime.fromisoformat(until).date()),
        resume_href=url_for(".resume"),
        continue_href=continue_url(form, draft),
    )


def _posted_address() -> str | None:
    return email_copy.normalised(request.form.get("email", "").strip())


def _address_key() -> str:
    """The per-address limit's key: a hash, so the limits' store (Redis) never holds the
    address itself."""
    address = _posted_address() or ""
    return "resume-email:" + hashlib.sha256(address.casefold().encode()).hexdigest()


def _not_sending() -> bool:
    return _posted_address() is None


def _sent(response) -> bool:
    return bool(g.get("resume_link_sent"))


@bp.get("/<form_id>/save-for-later/email")
def ask_email(form_id: str):
    form = saving_form(form_id)
    if not email_copy.mail_on():
        abort(404)
    draft = current_draft(form)
    if draft is None:
        return not_started(form)
    return email_page(form, draft)


def email_page(form: FormDefinition, draft: store.Draft, error: str | None = None, status=200):
    return page(
        "save_email",
        status,
        form=form,
        typed=request.form.get("email", ""),
        days=form.save_and_return.days,
        error=error,
        error_list=[{"text": error, "href": "#email"}] if error else [],
        back_href=url_for(".choose", form_id=form.id),
    )


@bp.post("/<form_id>/save-for-later/email")
@limiter.limit(resume_emails_per_client, deduct_when=_sent, exempt_when=_not_sending)
@limiter.limit(
    resume_emails_per_address, key_func=_address_key, deduct_when=_sent, exempt_when=_not_sending
)
def send_link(form_id: str):
    form = saving_form(form_id)
    draft = current_draft(form)
    if draft is None or not email_copy.mail_on():
        return not_started(form)
    typed = request.form.get("email", "").strip()
    address = email_copy.normalised(typed)
    if address is None:
        return email_page(
            form, draft, gettext(MESSAGES["email-empty"] if not typed else EMAIL_FORMAT)
        )
    link = saved_store.LinkRequest(
        address, current_app.config["SECRET_KEY"], language=current_language()
    )
    saved = saved_store.save_for_later(
        get_engine(), draft.id, form.id, lifetime(form), with_code=False, link=link
    )
    if saved is None:
        return not_started(form)
    g.resume_link_sent = True
    log.info("form %s: draft saved for later as %s, a link sent", form.id, saved.reference)
    session[SENT_TO] = [form.id, address, saved.expires_at.isoformat()]
    return kept(url_for(".email_sent", form_id=form.id), form, draft, saved)


@bp.get("/<form_id>/save-for-later/email-sent")
def email_sent(form_id: str):
    form = saving_form(form_id)
    draft = current_draft(form)
    if draft is None:
        return not_started(form)
    sent = session.pop(SENT_TO, None)
    if not sent or sent[0] != form.id:
        return see_other(url_for(".choose", form_id=form.id))
    return page(
        "save_email_sent",
        form=form,
        address=sent[1],
        until=format_date(dt.datetime.fromisoformat(sent[2]).date()),
        continue_href=continue_url(form, draft),
    )


# -- coming back ----------------------------------------------------------------------------------


def resume_page(reference: str = "", code: str = "", errors=None, status: int = 200):
    errors = errors or {}
    return page(
        "resume",
        status,
        reference=reference,
        code=code,
        errors=errors,
        error_list=[{"text": message, "href": f"#{field}"} for field, message in errors.items()],
    )


def _reference_key() -> str:
    return "resume-reference:" + compact(request.form.get("reference", ""))


def _no_reference() -> bool:
    return not REFERENCE.match(compact(request.form.get("reference", "")))


def _wrong(response) -> bool:
    return bool(g.get("resume_code_wrong"))


@bp.get("/resume")
def ask():
    return resume_page()


@bp.post("/resume")
@limiter.limit(resume_tries_per_client)
@limiter.limit(
    resume_wrong_codes, key_func=_reference_key, deduct_when=_wrong, exempt_when=_no_reference
)
def resume():
    reference = request.form.get("reference", "").strip()
    code = request.form.get("code", "").strip()
    errors = check_fields(reference, code, MESSAGES)
    if errors:
        return resume_page(reference, code, errors)
    resumed = saved_store.resume_with_code(get_engine(), compact(reference), code)
    if resumed is None:
        g.resume_code_wrong = True
        log.info("a resume with a code was refused: no saved form matches the pair")
        return resume_page(reference, code, {"reference": gettext(MESSAGES["no-match"])})
    log.info("saved draft %s resumed with its code", compact(reference))
    return into_this_browser(resumed)


def into_this_browser(resumed: saved_store.Resumed):
    """The draft is this browser's now: its cookie, and on to the page to answer next."""
    form = load_form(resumed.form_id)
    draft = store.get_draft(get_engine(), resumed.draft_id)
    if form is None or draft is None:
        abort(404)  # the form has been taken down since the answers were saved
    response = see_other(continue_url(form, draft))
    return set_draft_cookie(response, form, draft.id, draft.expires_at - store.utcnow())


@bp.route("/resume/<token>", methods=["GET", "POST"])
def link(token: str):
    """An emailed link. Opening it uses nothing: the button does (email scanners open links)."""
    if not TOKEN.match(token):
        return link_page(saved_store.LinkState.UNKNOWN, None)
    if request.method == "POST":
        _state, resumed = saved_store.use_link(get_engine(), token)
        if resumed is not None:
            log.info("a saved draft of %s resumed with its emailed link", resumed.form_id)
            return into_this_browser(resumed)
    state, form_id = saved_store.link_state(get_engine(), token)
    return link_page(state, load_form(form_id) if form_id else None)


def link_page(state: saved_store.LinkState, form: FormDefinition | None):
    status = 200 if state is saved_store.LinkState.LIVE else 410
    if state is saved_store.LinkState.UNKNOWN:
        status = 404
    return page(
        "resume_link",
        status,
        state=state.value,
        form=form,
        noun=form.noun_text() if form else gettext(ANY_NOUN),
        start_href=url_for("forms.start", form_id=form.id) if form else None,
        resume_href=url_for(".ask"),
    )


@bp.errorhandler(TooManyRequests)
def too_many(error: TooManyRequests):
    """Over a limit: the same page, saying how long to wait."""
    wait = wait_minutes()
    if request.endpoint == "forms_save.send_link":
        form = saving_form(request.view_args["form_id"])
        draft = current_draft(form)
        if draft is None:
            return not_started(form)
        return email_page(form, draft, ngettext(*TOO_MANY_EMAILS, wait), status=429)
    reference = request.form.get("reference", "").strip()
    return resume_page(reference, "", {"reference": ngettext(*TOO_MANY, wait)}, 429)


def init_save_return(app: Flask) -> None:
    app.register_blueprint(bp)
