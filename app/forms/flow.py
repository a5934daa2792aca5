"""What every page of the citizen flow shares: which flow a request is in (the site's, or
embedded in an agency's page), the draft and its cookie, the flow's URLs, and keeping answers.

app/forms/web.py (the questions, check answers, sending) and app/forms/repeat_web.py (the
repeating groups' pages) are made of these; see web.py for the flow as a whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, has_request_context, redirect, render_template, request, url_for

from app import metrics
from app.security import development, host_only_cookie_name
from app.store import get_engine
from app.store import repository as store

from .definition import CHECK_ANSWERS, FormDefinition, RepeatingGroup
from .engine import Evaluation, evaluate, next_page
from .repeating import first_unfinished

COOKIE_PREFIX = "portal_draft_"


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
    """`/`, in development too: the form's pages are under each language's prefix as well
    (`/cy/forms/<id>/…`), and the draft is the same in every language, so the citizen who
    switches language half way keeps their answers. The cookie's name keeps forms and flows
    apart."""
    return "/"


def draft_id_of(form: FormDefinition) -> str | None:
    """The id in the form's draft cookie; None without one, or when it is not an id the portal
    makes (a cookie can hold anything, a NUL included): that is no draft, not an error."""
    value = request.cookies.get(cookie_name(form))
    return value if store.is_draft_id(value) else None


def has_cookie(form: FormDefinition) -> bool:
    return draft_id_of(form) is not None


def lapsed(form: FormDefinition) -> bool:
    """The cookie names a draft that is no longer there (expired, purged): the answers are gone,
    and the citizen is told so. A cookie holding a sent submission's secret is no lapse: the
    citizen may start another (their first answer replaces it)."""
    draft_id = draft_id_of(form)
    if draft_id is None:
        return False
    return store.submission_for_secret(get_engine(), draft_id, form.id) is None


def current_draft(form: FormDefinition) -> store.Draft | None:
    draft_id = draft_id_of(form)
    if draft_id is None:
        return None
    draft = store.get_draft(get_engine(), draft_id)
    return draft if draft is not None and draft.form_id == form.id else None


def set_draft_cookie(
    response, form: FormDefinition, draft_id: str, lifetime: dt.timedelta = store.DRAFT_LIFETIME
):
    """The draft's id, for this form's pages only (for `lifetime`: a draft's, or a saved one's
    days)."""
    response.set_cookie(
        cookie_name(form),
        draft_id,
        max_age=int(lifetime.total_seconds()),
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


def begin_journey(form: FormDefinition):
    """To the first question. Nothing is stored until the first answer (a draft made for every
    visit cost a row each); a cookie naming no live draft (expired, or a form already sent) is
    dropped, so the questions start afresh rather than say the session has expired."""
    response = see_other(page_url(form, form.pages[0].id))
    if cookie_name(form) in request.cookies and current_draft(form) is None:
        forget_draft_cookie(response, form)
    return response


def not_started(form: FormDefinition):
    """A page that needs a draft (check answers, the confirmation), opened in a browser that
    never started the form: to its first question, as the form's own address does. A session
    has expired only where a cookie names a draft that has gone."""
    if has_cookie(form) or flow().embedded:
        return expired(form)
    return begin_journey(form)


def entry_url(form: FormDefinition, group: RepeatingGroup, entry: int, page_id: str, **args) -> str:
    """A question of one entry of a repeating group (entries count from 1 in URLs)."""
    return flow_url(
        "entry", form_id=form.id, page_id=group.id, entry=entry, inner_id=page_id, **args
    )


def answer_url(form: FormDefinition, evaluation: Evaluation, **args) -> str:
    """The page to answer next: the first missing or wrong answer's (in a repeating group, the
    unfinished entry's own question), else the exit page the answers lead to, else check
    answers."""
    following = evaluation.first_to_answer()
    group = form.group(following)
    unfinished = group and first_unfinished(group, evaluation.errors)
    if unfinished:
        return entry_url(form, group, unfinished[0] + 1, unfinished[1], **args)
    if following == CHECK_ANSWERS:
        return page_url(form, CHECK_ANSWERS)
    return page_url(form, following, **args)


def following_url(form: FormDefinition, page_id: str, answers: dict) -> str:
    """Where "Continue" goes. Changing an answer from check your answers goes back there as soon
    as the route is complete again (as GOV.UK Forms does): a changed branch asks only the pages
    it newly needs, each still a change, and never walks through the answered ones again."""
    if not changing():
        return page_url(form, next_page(form, page_id, answers))
    return answer_url(form, evaluate(form, answers), change="1")


SAVE_BUTTON = "save-for-later"  # the name of the "Save and come back later" button


def save_offered(form: FormDefinition) -> bool:
    """Whether the form's pages offer "Save and come back later": when its definition says, on
    the site (in an agency's frame the draft's cookie is partitioned to that site, and a link
    or code would bring the citizen back to the portal, not to the frame)."""
    return form.save_and_return.enabled and not flow().embedded


def saving(form: FormDefinition) -> bool:
    """The citizen pressed "Save and come back later" (rather than Continue)."""
    return save_offered(form) and request.form.get(SAVE_BUTTON) == "yes"


def save_url(form: FormDefinition, unsaved: str | None = None) -> str:
    """The save page (app/forms/save_return.py); `unsaved`: the page whose answer had a problem
    and was not saved, which the save page says."""
    return url_for("forms_save.choose", form_id=form.id, unsaved=unsaved)


def changing() -> bool:
    """The citizen came from check your answers to change this answer, and goes back there."""
    return request.args.get("change") == "1"


def keep_answers(
    form: FormDefinition,
    draft: store.Draft | None,
    answers: dict,
    following: str,
    *,
    rotate: bool = False,
    unsaved: str | None = None,
):
    """Store the draft's answers and go on to `following` (to the save page instead when the
    citizen pressed "Save and come back later"; `unsaved` names a page whose answer was not
    kept): the first answer makes the draft. `rotate` (answering the first page, which starts
    the journey) gives the draft a new id, so an id that someone planted in this browser, or
    saw, stops working."""
    if saving(form):
        following = save_url(form, unsaved)
    if draft is None:  # the first answer: now there is something to keep
        draft_id = store.create_draft(get_engine(), form, answers).id
        metrics.DRAFTS_STARTED.labels(form.id).inc()
    else:
        draft_id = store.save_answers(
            get_engine(), draft.id, answers, form_id=form.id, rotate=rotate
        )
        if draft_id is None:
            return expired(form)
    response = see_other(following)
    if draft is None or draft_id != draft.id:
        set_draft_cookie(response, form, draft_id)
    return response


def save_as_it_was(form: FormDefinition, draft: store.Draft | None, page_id: str):
    """ "Save and come back later" from a page whose answer has a problem: the draft is saved as
    it was (made, empty, if this is the first answer) and the save page says this answer was not
    saved, rather than the answers being lost or the citizen held on the page."""
    return keep_answers(form, draft, dict(draft.answers) if draft else {}, "", unsaved=page_id)
