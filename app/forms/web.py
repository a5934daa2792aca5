"""The citizen flow of a service form: `/forms/<id>`, one question a page, check answers, send.

    GET  /forms/<id>                      go to the first question (stores nothing)
    GET  /forms/<id>/<page>               the question, with the draft's answer filled in (a page
                                          off the citizen's route redirects to the next one on it)
    POST /forms/<id>/<page>               check it with the engine: errors, or save and go on (the
                                          first answer makes the draft and sets its cookie)
    GET  /forms/<id>/check-answers        the answers that apply, with "Change" links
    POST /forms/<id>/check-answers        submit in one transaction, then the confirmation
    GET  /forms/<id>/confirmation         the reference, the deletion code, what happens next

The same pages run embedded in an agency's own site under `/forms/<id>/embed/…` (see
app/forms/embed.py): a `Flow` says which of the two a request is in, and so which layout, URLs and
draft cookie it uses.

The answers live server-side in a draft (app.store.repository), made by the first answer; the
browser holds only the draft's random id, in the cookie `__Host-portal_draft_<id>` (in development
`portal_draft_<id>`). The id changes when the first page is answered, and on sending the cookie
holds a new secret instead, which alone finds the confirmation. Every POST is redirected (303), so
a refresh never posts twice, and submit_draft() stores one submission of a draft however often it
is called. Forms are found by app/forms/registry.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from app import metrics
from app.api.errors import API_PREFIX, ApiError, problem_response
from app.markdown import render_markdown
from app.security import development, host_only_cookie_name
from app.store import get_engine
from app.store import repository as store
from app.uploads.web import keep_draft_files, posted_file

from .definition import CHECK_ANSWERS, FormDefinition, Page
from .engine import check_page, evaluate, next_page, page_to_show, previous_page
from .questions import descriptor_of, takes_file
from .registry import form_or_404, load_form, start_page_path

bp = Blueprint("forms", __name__, url_prefix="/forms")
log = logging.getLogger(__name__)  # ids and references only: never an answer

COOKIE_PREFIX = "portal_draft_"
CONFIRMATION = "confirmation"


# -- the two ways the flow is shown -----------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """Where the citizen flow runs: on the site, or embedded in an agency's page. Both use the
    same views, engine and drafts; they differ in layout, URLs and the draft cookie."""

    blueprint: str  # its views' endpoints are `<blueprint>.question` and so on
    layout: str  # the template the flow's pages extend
    cookie_prefix: str
    prefix: str = ""  # between the form id and the page in its URLs: "/embed"
    embedded: bool = False

    def cookie_path(self, form: FormDefinition) -> str:
        return f"/forms/{form.id}{self.prefix}"


SITE_FLOW = Flow(blueprint="forms", layout="layout.html", cookie_prefix=COOKIE_PREFIX)
FLOWS: dict[str, Flow] = {SITE_FLOW.blueprint: SITE_FLOW}


def flow() -> Flow:
    """The flow of the current request (the site's outside the form pages)."""
    if not has_request_context():
        return SITE_FLOW
    return FLOWS.get(request.blueprint or "", SITE_FLOW)


def flow_url(endpoint: str, **values) -> str:
    return url_for(f"{flow().blueprint}.{endpoint}", **values)


# -- drafts -------------------------------------------------------------------------------------


def cookie_name(form: FormDefinition) -> str:
    """`__Host-portal_draft_<form>` (embedded: `__Host-portal_embed_draft_<form>`): a browser
    takes a __Host- cookie only from this host, Secure, with Path=/ and no Domain, so a sibling
    subdomain cannot plant one. In development, over http://localhost, the plain name (a __Host-
    cookie must be Secure, and such a browser would drop it)."""
    return host_only_cookie_name(flow().cookie_prefix + form.id, current_app)


def cookie_path(form: FormDefinition) -> str:
    return flow().cookie_path(form) if development(current_app) else "/"


def draft_id_of(form: FormDefinition) -> str | None:
    """The id in the form's draft cookie; None without one, or when it is not an id the portal
    makes (a cookie can hold anything, a NUL included): that is no draft, not an error."""
    value = request.cookies.get(cookie_name(form))
    return value if store.is_draft_id(value) else None


def current_draft(form: FormDefinition) -> store.Draft | None:
    draft_id = draft_id_of(form)
    if draft_id is None:
        return None
    draft = store.get_draft(get_engine(), draft_id)
    return draft if draft is not None and draft.form_id == form.id else None


def set_draft_cookie(response, form: FormDefinition, draft_id: str):
    """The draft's id, for this form's pages only."""
    response.set_cookie(
        cookie_name(form),
        draft_id,
        max_age=int(store.DRAFT_LIFETIME.total_seconds()),
        **draft_cookie_attributes(form),
    )
    return response


def forget_draft_cookie(response, form: FormDefinition):
    response.delete_cookie(cookie_name(form), **draft_cookie_attributes(form))
    return response


def draft_cookie_attributes(form: FormDefinition) -> dict:
    """Embedded, the pages are in a cross-site frame, where only a SameSite=None cookie comes
    back; Partitioned (CHIPS) keeps it to the agency's site, and lets browsers that block
    third-party cookies accept it (HTTPS only, so not in development, where SameSite=Lax works
    for a test page on the same host)."""
    secure = not development(current_app)
    cross_site = flow().embedded and secure
    return {
        "path": cookie_path(form),
        "httponly": True,
        "samesite": "None" if cross_site else "Lax",
        "secure": secure,
        "partitioned": cross_site,
    }


def see_other(url: str):
    return redirect(url, code=303)


def page_url(form: FormDefinition, page_id: str, **args) -> str:
    if page_id == CHECK_ANSWERS:
        return flow_url("check_answers", form_id=form.id)
    return flow_url("question", form_id=form.id, page_id=page_id, **args)


def start_url(form: FormDefinition) -> str:
    return flow_url("start", form_id=form.id)


def expired(form: FormDefinition):
    if flow().embedded and draft_id_of(form) is None:
        # No cookie at all, inside a frame: most likely the browser refused it.
        return render_template(
            "forms/embed_no_cookie.html",
            form=form,
            start_href=start_url(form),
            new_tab_href=url_for("forms.start", form_id=form.id),
        )
    return render_template("forms/expired.html", form=form, start_href=start_url(form))


# -- the pages ----------------------------------------------------------------------------------


@bp.get("/<form_id>")
def start(form_id: str):
    return begin_journey(form_or_404(form_id))


def begin_journey(form: FormDefinition):
    """To the first question. Nothing is stored until the first answer (a draft made for every
    visit cost a row each); a cookie naming no live draft (expired, or a form already sent) is
    dropped, so the questions start afresh rather than say the session has expired."""
    response = see_other(page_url(form, form.pages[0].id))
    if cookie_name(form) in request.cookies and current_draft(form) is None:
        forget_draft_cookie(response, form)
    return response


def question(form_id: str, page_id: str):
    form = form_or_404(form_id)
    page = form.page(page_id)
    if page is None:
        abort(404)
    draft = current_draft(form)
    if draft is None and (
        draft_id_of(form) is not None or (flow().embedded and page.id != form.pages[0].id)
    ):
        # A draft that has gone; or, in a frame, a later page without the cookie the first
        # answer set: the browser most likely refused it, and starting again would loop.
        return expired(form)
    answers = dict(draft.answers) if draft else {}
    kind = descriptor_of(page)
    if request.method == "POST":
        raw, refused = posted(form, page, answers)
        checked = check_page(form, page.id, raw)
        if checked.valid and not refused:
            return save_answer(form, page, draft, answers, checked.value)
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
    )


def posted(form: FormDefinition, page: Page, answers: dict) -> tuple[Any, list]:
    """The raw answer the page posted, and the errors of a file refused as it arrived."""
    if takes_file(page):
        return posted_file(form, page, answers.get(page.id))
    return descriptor_of(page).posted(page, request.form), []


def changing() -> bool:
    """The citizen came from check your answers to change this answer, and goes back there."""
    return request.args.get("change") == "1"


def save_answer(
    form: FormDefinition, page: Page, draft: store.Draft | None, answers: dict, value: Any
):
    """Keep a valid answer and go on: the first answer makes the draft."""
    if value is None:
        answers.pop(page.id, None)
    else:
        answers[page.id] = value
    if draft is None:  # the first answer: now there is something to keep
        draft_id = store.create_draft(get_engine(), form, answers).id
        metrics.DRAFTS_STARTED.labels(form.id).inc()
    else:
        # Answering the first page starts the journey: a new id, so an id that someone planted
        # in this browser, or saw, stops working.
        draft_id = store.save_answers(
            get_engine(), draft.id, answers, form_id=form.id, rotate=page.id == form.pages[0].id
        )
        if draft_id is None:
            return expired(form)
    keep_draft_files(form, answers, store.utcnow() + store.DRAFT_LIFETIME)
    following = CHECK_ANSWERS if changing() else next_page(form, page.id, answers)
    response = see_other(page_url(form, following))
    if draft is None or draft_id != draft.id:
        set_draft_cookie(response, form, draft_id)
    return response


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
    if request.method == "POST":
        return send(form, draft_id)
    draft = current_draft(form)
    if draft is None:
        if store.submission_for_secret(get_engine(), draft_id, form.id):
            return see_other(flow_url("confirmation", form_id=form.id))
        return expired(form)
    result = evaluate(form, draft.answers)
    if not result.complete:
        return see_other(page_url(form, result.first_to_answer()))
    answers = result.answers
    rows = [
        {
            "key": {"text": page.question},
            "value": {"html": descriptor_of(page).check_answers_html(page, answers.get(page.id))},
            "actions": {
                "items": [
                    {
                        "href": page_url(form, page.id, change="1"),
                        "text": "Change",
                        "visuallyHiddenText": page.question,
                    }
                ]
            },
        }
        for page in result.pages
    ]
    return render_template(
        "forms/check_answers.html",
        form=form,
        rows=rows,
        action=page_url(form, CHECK_ANSWERS),
        back_href=page_url(form, previous_page(form, CHECK_ANSWERS, draft.answers)),
    )


def send(form: FormDefinition, draft_id: str | None):
    """Submit the draft: only a complete, live draft of this form is ever stored (the store
    checks, in the transaction that deletes it). The cookie then holds a new secret, which finds
    the confirmation and gives the deletion code; the draft's id no longer shows either."""
    if draft_id is None:
        return expired(form)
    try:
        sent = store.submit_draft(get_engine(), draft_id, form)
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
        return expired(form)
    next_steps = Markup(render_markdown(form.confirmation).html) if form.confirmation else None
    # Worked out again from the cookie (the database keeps only its hash): a refresh shows it.
    deletion_code = store.deletion_code_for(secret) if submission.deletion_code_hash else None
    response = make_response(
        render_template(
            "forms/confirmation.html",
            form=form,
            reference=submission.reference,
            deletion_code=deletion_code,
            delete_href=url_for("forms_delete.ask"),
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
    blueprint.add_url_rule(f"{base}/{CONFIRMATION}", "confirmation", confirmation)
    blueprint.after_request(no_store)


add_flow_routes(bp, SITE_FLOW)


def flow_template_context() -> dict:
    """What the forms' templates read to fit their flow: the layout to extend."""
    return {"form_layout": flow().layout, "embedded": flow().embedded}


def csrf_refused(error: CSRFError):
    """A post without a valid CSRF token: usually a page left open past its session. Say so in
    the site's words and send the citizen back to the page (the API answers in its own shape)."""
    if request.path.startswith(API_PREFIX):
        return problem_response(ApiError(400, "The request was refused: " + error.description))
    form_id = (request.view_args or {}).get("form_id")
    form = load_form(form_id) if form_id else None
    retry = request.path if form else "/"
    new_tab = url_for("forms.start", form_id=form.id) if form and flow().embedded else None
    return render_template(
        "forms/csrf.html", form=form, retry_href=retry, new_tab_href=new_tab
    ), 400


def init_forms_web(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_refused)
    app.context_processor(flow_template_context)
    app.register_blueprint(bp)
