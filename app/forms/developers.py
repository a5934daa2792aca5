"""Pages for agencies' developers: `/developers` is their front door (what they can do, keys,
embedding, webhooks, the API and its version), `/developers/forms` lists the service forms, and
`/developers/forms/<id>` says what a form asks, which sites may embed it, the snippet that embeds
it, and where its API lives (the reference at /developers/api, its JSON Schema under /api/v1)."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template
from markupsafe import Markup, escape

from app.security import framing_sources
from app.site_settings import site_settings

from .definition import FormDefinition, Page, RepeatingGroup
from .question_conditions import when_asked
from .questions import descriptor_of
from .registry import (
    form_ids,
    form_languages,
    form_or_404,
    load_form,
    organisation_names,
    start_page_path,
)

bp = Blueprint("developer_forms", __name__, url_prefix="/developers")
API_REFERENCE = "/developers/api"
API_VERSION = "1"
API_BASE = f"/api/v{API_VERSION}"
EMBED_HEIGHT = 900  # px: the iframe's height until embed.js fits it, and without JavaScript


def all_forms() -> list[FormDefinition]:
    """Every valid form in the content, by title."""
    found = (load_form(form_id) for form_id in form_ids())
    return sorted((form for form in found if form is not None), key=lambda form: form.title)


def item_rows(item: Page | RepeatingGroup, asked_when: str | None) -> list[dict]:
    """A page's row; for a repeating group, its own row (a list of entries) and then each of its
    questions as a key of every entry: `household[].member-name`."""
    if not isinstance(item, RepeatingGroup):
        return [question_rows(item, asked_when)]
    repeat = item.repeat
    own = {
        "asked_when": asked_when,
        "id": item.id,
        "question": f"Each {repeat.noun}: {repeat.min} to {repeat.max} entries",
        "type": "a list of entries, each an object of the answers below",
        "optional": False,
        "hint": None,
        "choices": [],
    }
    return [own] + [
        {**question_rows(page, asked_when), "id": f"{item.id}[].{page.id}"} for page in item.pages
    ]


def question_rows(page: Page, asked_when: str | None) -> dict:
    """One question as the developer page lists it: its answer's key, the question, the
    values the API takes, and when it is asked (None: always)."""
    kind = descriptor_of(page)
    return {
        "asked_when": asked_when,
        "id": page.id,
        "question": page.question,
        "type": kind.label,
        "optional": page.optional,
        "hint": page.hint,
        "choices": kind.choices(page),
    }


def embed_snippet(form: FormDefinition, base_url: str, prefix: str = "", lang: str = "") -> str:
    """The HTML an agency pastes into its page (shown escaped, so the title is escaped twice);
    in another language than the default, the form's address under that language's `prefix`
    (/cy), and the frame's title in that language, marked with `lang`."""
    language = f' lang="{lang}"' if lang else ""
    return (
        f'<iframe src="{base_url}{prefix}/forms/{form.id}/embed" title="{escape(form.title)}"'
        f"{language}\n"
        f'        data-portal-form width="100%" height="{EMBED_HEIGHT}" style="border: 0">'
        "</iframe>\n"
        f'<script src="{base_url}/assets/embed.js" defer></script>'
    )


def language_snippets(form: FormDefinition, base_url: str) -> list[dict]:
    """The embed snippet in each other language the form offers: its name and code."""
    settings = site_settings(current_app)
    return [
        {
            "code": code,
            "name": settings.language_names.get(code, code),
            "snippet": embed_snippet(
                load_form(form.id, code), base_url, settings.prefix(code), lang=code
            ),
        }
        for code in form_languages(form)
        if code != settings.language
    ]


def citizen_link(form: FormDefinition, base_url: str) -> Markup:
    """Where citizens fill the form in: its start page, else the form itself."""
    path = start_page_path(form) or f"/forms/{form.id}"
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(path, base_url + path)


@bp.get("")
def index():
    """The developers' front door: what they can do, and where each thing is described."""
    return render_template(
        "developers/index.html",
        api_reference=API_REFERENCE,
        openapi_href=f"{API_BASE}/openapi.json",
        api_base=API_BASE,
        api_version=API_VERSION,
        base_url=site_settings(current_app).base_url.rstrip("/"),
    )


@bp.get("/forms")
def forms():
    names = organisation_names()
    return render_template(
        "developers/forms.html",
        forms=[
            {"form": form, "organisation": names.get(form.organisation, form.organisation)}
            for form in all_forms()
        ],
    )


@bp.get("/forms/<form_id>")
def form(form_id: str):
    form = form_or_404(form_id)
    base_url = site_settings(current_app).base_url.rstrip("/")
    asked = when_asked(form)
    return render_template(
        "developers/form.html",
        form=form,
        organisation=organisation_names().get(form.organisation, form.organisation),
        origins=framing_sources(form.allowed_origins),
        questions=[row for page in form.pages for row in item_rows(page, asked[page.id])],
        snippet=embed_snippet(form, base_url),
        language_snippets=language_snippets(form, base_url),
        citizen_link=citizen_link(form, base_url),
        api_reference=API_REFERENCE,
        schema_href=f"/api/v1/forms/{form.id}/schema",
        definition_href=f"/api/v1/forms/{form.id}",
        base_url=base_url,
    )


def init_developers(app: Flask) -> None:
    app.register_blueprint(bp)
