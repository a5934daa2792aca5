"""The citizen flow of a service form: `/forms/<id>`, one question a page, check answers, send.

    GET  /forms/<id>                      go to the first question (stores nothing)
    GET  /forms/<id>/<page>               the question, with the draft's answer filled in (a page
                                          off the citizen's route redirects to the next one on it)
    POST /forms/<id>/<page>               check it with the engine: errors, or save and go on (the
                                          first answer makes the draft and sets its cookie)
    GET  /forms/<id>/<exit page>          an exit page: the journey ends there ("You cannot use
                                          this service")
    …    /forms/<id>/<group>[/<n>/…]      a repeating group's summary, entries and removal:
                                          app/forms/repeat_web.py
    GET  /forms/<id>/check-answers        the answers that apply, with "Change" links
    POST /forms/<id>/check-answers        submit in one transaction, then the confirmation
    GET  /forms/<id>/confirmation         the reference, the deletion code, what happens next

The same pages run embedded in an agency's own site under `/forms/<id>/embed/…` (see
app/forms/embed.py): a `Flow` (app/forms/flow.py, with the drafts, cookies and URLs every page
shares) says which of the two a request is in, and so which layout, URLs and draft cookie it uses.

The answers live server-side in a draft (app.store.repository), made by the first answer; the
browser holds only the draft's random id, in the cookie `__Host-portal_draft_<id>` (in development
`portal_draft_<id>`). The id changes when the first page is answered, and on sending the cookie
holds a new secret instead, which alone finds the confirmation. Every POST is redirected (303), so
a refresh never posts twice, and submit_draft() stores one submission of a draft however often it
is called. Forms are found by app/forms/registry.py.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from app import metrics
from app.api.errors import API_PREFIX, ApiError, problem_response
from app.i18n import current_language, gettext
from app.languages import lang_path
from app.markdown import MarkdownContext, render_markdown
from app.store import get_engine
from app.store import repository as store
from app.uploads.web import draft_files_until, keep_draft_files, posted_answer

from . import email_copy
from .definition import CHECK_ANSWERS, REMOVE, FormDefinition, Page, RepeatingGroup
from .engine import check_page, evaluate, page_to_show, previous_page
from .flow import (
    FLOWS,
    SITE_FLOW,
    Flow,
    answer_url,
    begin_journey,
    changing,
    current_draft,
    draft_id_of,
    expired,
    flow,
    flow_url,
    following_url,
    has_cookie,
    keep_answers,
    lapsed,
    not_started,
    page_url,
    save_as_it_was,
    save_offered,
    save_url,
    saving,
    see_other,
    set_draft_cookie,
    start_url,
)
from .form_text import foreign_language
from .questions import descriptor_of, takes_file
from .questions.widgets import content_text
from .registry import form_or_404, load_form, start_page_path
from .repeat_web import entry_html, entry_question, remove_entry, summary
from .repeating import entry_name

bp = Blueprint("forms", __name__, url_prefix="/forms")
log = logging.getLogger(__name__)  # ids and references only: never an answer

CONFIRMATION = "confirmation"


# -- the pages ----------------------------------------------------------------------------------


@bp.get("/<form_id>")
def start(form_id: str):
    return begin_journey(form_or_404(form_id))


def question(form_id: str, page_id: str):
    form = form_or_404(form_id)
    page = form.page(page_id)
    if page is None:
        group = form.group(page_id)
        return summary(form, group) if group else exit_page(form, page_id)
    draft = current_draft(form)
    if draft is None and (
        lapsed(form) or (flow().embedded and page.id != form.pages[0].id and not has_cookie(form))
    ):
        # A draft that has gone; or, in a frame, a later page without the cookie the first
        # answer set: the browser most likely refused it, and starting again would loop.
        return expired(form)
    answers = dict(draft.answers) if draft else {}
    kind = descriptor_of(page)
    if request.method == "POST":
        raw, refused = posted_answer(form, page, answers.get(page.id))
        checked = check_page(form, page.id, raw)
        if checked.valid and not refused:
            return save_answer(form, page, draft, answers, checked.value)
        if saving(form):
            return save_as_it_was(form, draft, page.id)
        value = answers.get(page.id) if takes_file(page) else raw
        errors = refused or checked.errors
    else:
        shown = page_to_show(form, page.id, answers)
        if shown != page.id:
            return see_other(page_url(form, shown))
        value, errors = kind.shown(page, answers.get(page.id)), []
    return render_template(
        "forms/question.html",
        form=form,
        page=page,
        back_href=back_link(form, page, answers),
        macro=kind.macro,
        params=kind.params(page, value, errors),
        error_list=[{"text": e.message, "href": kind.error_href(page, e)} for e in errors],
        action=page_url(form, page.id, **({"change": "1"} if changing() else {})),
        save_offered=save_offered(form),
    )


def exit_page(form: FormDefinition, page_id: str):
    """The page a route ends the journey on. Its back link goes to the page whose answer led
    here, so the citizen can change it; the draft keeps every answer."""
    shown = form.exit_page(page_id)
    if shown is None:
        abort(404)
    if request.method == "POST":
        return see_other(page_url(form, page_id))
    draft = current_draft(form)
    before = previous_page(form, page_id, draft.answers if draft else {})
    return render_template(
        "forms/exit.html",
        form=form,
        page=shown,
        body=Markup(render_markdown(shown.body).html),
        back_href=page_url(form, before) if before else start_url(form),
    )


def save_answer(
    form: FormDefinition, page: Page, draft: store.Draft | None, answers: dict, value: Any
):
    """Keep a valid answer and go on: the first answer makes the draft."""
    if value is None:
        answers.pop(page.id, None)
    else:
        answers[page.id] = value
    keep_draft_files(form, answers, draft_files_until(draft))
    following = following_url(form, page.id, answers)
    return keep_answers(form, draft, answers, following, rotate=page.id == form.pages[0].id)


def back_link(form: FormDefinition, page: Page, answers: dict) -> str | None:
    if changing():
        return page_url(form, CHECK_ANSWERS)
    before = previous_page(form, page.id, answers)
    if before:
        return page_url(form, before)
    return start_url(form) if flow().embedded else start_page_path(form)


def check_answers(form_id: str):
    form = form_or_404(form_id)
    draft_id = draft_id_of(form)
    if request.method == "POST" and saving(form):
        return see_other(save_url(form))  # nothing on this page to keep: the answers are
    copy = email_copy.read(request.form) if request.method == "POST" else email_copy.CopyChoice()
    if request.method == "POST" and not copy.error:
        return send(form, draft_id, copy)
    draft = current_draft(form)
    if draft is None:
        if store.submission_for_secret(get_engine(), draft_id, form.id):
            return see_other(flow_url("confirmation", form_id=form.id))
        return not_started(form)
    return show_check_answers(form, draft, copy)


def show_check_answers(form: FormDefinition, draft: store.Draft, copy: email_copy.CopyChoice):
    """The answers that apply, with Change links; the offer of a copy by email, with its error
    when the address given for it was wrong (nothing is sent then)."""
    result = evaluate(form, draft.answers)
    if not result.complete:
        return see_other(answer_url(form, result))
    rows = [row for page in result.pages for row in answer_rows(form, page, result.answers)]
    return render_template(
        "forms/check_answers.html",
        form=form,
        rows=rows,
        action=page_url(form, CHECK_ANSWERS),
        back_href=page_url(form, previous_page(form, CHECK_ANSWERS, draft.answers)),
        copy=copy if email_copy.offered(form) else None,
        error_list=copy.error_list(),
        save_offered=save_offered(form),
    )


def answer_rows(form: FormDefinition, page: Page | RepeatingGroup, answers: dict) -> list[dict]:
    """Check your answers' rows for a page: its question and answer; for a repeating group, a
    row for each entry ("Person 2"), whose Change goes to the group's summary."""
    change = page_url(form, page.id, change="1")
    if isinstance(page, RepeatingGroup):
        return [
            _row(entry_name(page, number), entry_html(page, entry), change)
            for number, entry in enumerate(answers.get(page.id) or [], 1)
        ]
    html = descriptor_of(page).check_answers_html(page, answers.get(page.id))
    return [_row(page.question, html, change, content_text(page, page.question))]


def _row(key: str, html, change_href: str, shown_key: dict | None = None) -> dict:
    return {
        "key": shown_key or {"text": key},
        "value": {"html": html},
        "actions": {
            "items": [{"href": change_href, "text": gettext("Change"), "visuallyHiddenText": key}]
        },
    }


def send(form: FormDefinition, draft_id: str | None, copy: email_copy.CopyChoice):
    """Submit the draft: only a complete, live draft of this form is ever stored (the store
    checks, in the transaction that deletes it), with its emails when the service sends email.
    The cookie then holds a new secret, which finds the confirmation and gives the deletion
    code; the draft's id no longer shows either."""
    if draft_id is None:
        return expired(form)
    mail = copy.mail_request() if email_copy.mail_on() else None
    try:
        sent = store.submit_draft(
            get_engine(), draft_id, form, mail=mail, language=current_language()
        )
    except store.DraftIncomplete as incomplete:
        return see_other(page_url(form, incomplete.page_id))
    except store.DraftNotFound:
        if store.submission_for_secret(get_engine(), draft_id, form.id):
            return see_other(flow_url("confirmation", form_id=form.id))  # sent: a second click
        return expired(form)
    response = see_other(flow_url("confirmation", form_id=form.id))
    if sent.secret is None:
        return response  # sent before, by a request that was given the secret
    log.info("form %s: draft submitted as %s", form.id, sent.submission.reference)
    metrics.SUBMISSIONS.labels(form.id, "web").inc()
    return set_draft_cookie(response, form, sent.secret)


def confirmation(form_id: str):
    form = form_or_404(form_id)
    secret = draft_id_of(form)
    submission = store.submission_for_secret(get_engine(), secret, form.id)
    if submission is None:
        return not_started(form)
    # In an agency's iframe its links open a new tab: the portal's pages refuse to be framed.
    in_frame = MarkdownContext(links_open_in_new_tab=flow().embedded, language=current_language())
    next_steps = (
        Markup(render_markdown(form.confirmation, in_frame).html) if form.confirmation else None
    )
    # Worked out again from the cookie (the database keeps only its hash): a refresh shows it.
    deletion_code = store.deletion_code_for(secret) if submission.deletion_code_hash else None
    response = make_response(
        render_template(
            "forms/confirmation.html",
            form=form,
            reference=submission.reference,
            deletion_code=deletion_code,
            delete_href=url_for("forms_delete.ask", form=form.id),
            next_steps=next_steps,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def no_store(response):
    """Answers are personal: never kept by the browser's or a proxy's cache."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def add_flow_routes(blueprint: Blueprint, flow: Flow) -> None:
    """The pages every flow shares, on the flow's blueprint; each flow adds its own start."""
    FLOWS[flow.blueprint] = flow
    base = f"/<form_id>{flow.prefix}"
    # check-answers and confirmation are fixed words: Werkzeug tries them before <page_id>
    blueprint.add_url_rule(f"{base}/<page_id>", "question", question, methods=["GET", "POST"])
    blueprint.add_url_rule(
        f"{base}/{CHECK_ANSWERS}", "check_answers", check_answers, methods=["GET", "POST"]
    )
    # a repeating group's entries: `remove` is a fixed word, tried before <inner_id>
    entry = f"{base}/<page_id>/<int:entry>"
    blueprint.add_url_rule(f"{entry}/<inner_id>", "entry", entry_question, methods=["GET", "POST"])
    blueprint.add_url_rule(
        f"{entry}/{REMOVE}", "remove_entry", remove_entry, methods=["GET", "POST"]
    )
    blueprint.add_url_rule(f"{base}/{CONFIRMATION}", "confirmation", confirmation)
    blueprint.after_request(no_store)


add_flow_routes(bp, SITE_FLOW)


def flow_template_context() -> dict:
    """What the forms' templates read to fit their flow: the layout to extend."""
    return {"form_layout": flow().layout, "embedded": flow().embedded}


def form_lang(shown) -> Markup:
    """` lang="en"` on an element holding the form's own text when that text is not in the
    page's language (a form not yet translated), for screen readers' voice; else nothing."""
    language = foreign_language(shown)
    return Markup(' lang="{}"').format(language) if language else Markup("")


def csrf_refused(error: CSRFError):
    """A post without a valid CSRF token: usually a page left open past its session. Say so in
    the site's words and send the citizen back to the page (the API answers in its own shape)."""
    if request.path.startswith(API_PREFIX):
        return problem_response(ApiError(400, "The request was refused: " + error.description))
    form_id = (request.view_args or {}).get("form_id")
    form = load_form(form_id) if form_id else None
    # the page in the reader's language: a /cy/ prefix is in the script root (app/languages.py)
    retry = request.script_root + request.path if form else lang_path("/")
    new_tab = url_for("forms.start", form_id=form.id) if form and flow().embedded else None
    return render_template(
        "forms/csrf.html", form=form, retry_href=retry, new_tab_href=new_tab
    ), 400


def init_forms_web(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_refused)
    app.context_processor(flow_template_context)
    app.jinja_env.globals["form_lang"] = form_lang
    app.register_blueprint(bp)
