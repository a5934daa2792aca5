"""The citizen flow embedded in an agency's own page: `/forms/<id>/embed/…`, for an iframe.

    GET  /forms/<id>/embed                 the form's title and "Start now" (stores nothing)
    POST /forms/<id>/embed                 go to the first question (stores nothing either)
    …    /forms/<id>/embed/<page>, /check-answers, /confirmation: app/forms/web.py's views

The same views, engine and drafts as on the site, in a layout without the site's chrome. Only the
form's `allowed_origins` may frame these pages (CSP frame-ancestors); the rest of the portal
refuses framing. In a cross-site frame only SameSite=None cookies come back, so the embedded pages
have their own draft cookie and their own session cookie (which holds the CSRF token), both
SameSite=None, Secure and Partitioned outside development; the site's cookies stay SameSite=Lax.
A browser that refuses even those gets a page offering the form on the portal in a new tab.
"""

from __future__ import annotations

import re

from flask import Blueprint, Flask, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface

from app.security import allow_framing, development, framing_sources, host_only_cookie_name

from .flow import Flow, begin_journey
from .registry import form_or_404, load_form
from .web import add_flow_routes

EMBED_FLOW = Flow(
    blueprint="forms_embed",
    layout="forms/embed_layout.html",
    cookie_prefix="portal_embed_draft_",
    prefix="/embed",
    embedded=True,
)
EMBED_PATH = re.compile(r"^/forms/[^/]+/embed(?:/|$)")
EMBED_SESSION_COOKIE = "portal_embed_session"

bp = Blueprint(EMBED_FLOW.blueprint, __name__, url_prefix="/forms")


@bp.get("/<form_id>/embed")
def start(form_id: str):
    form = form_or_404(form_id)
    return render_template(
        "forms/embed_start.html", form=form, action=url_for(".begin", form_id=form.id)
    )


@bp.post("/<form_id>/embed")
def begin(form_id: str):
    """A post, so that a browser refusing the frame's cookies is told so (by the CSRF check)
    before the citizen types anything. Like the site's start, it stores nothing."""
    return begin_journey(form_or_404(form_id))


add_flow_routes(bp, EMBED_FLOW)


def _form_origins() -> list[str]:
    form_id = (request.view_args or {}).get("form_id")
    form = load_form(form_id) if form_id else None
    return framing_sources(form.allowed_origins) if form else []


@bp.context_processor
def frame_context() -> dict:
    """The origins the frame script may talk to: the ones that may frame the page."""
    return {"frame_origins": _form_origins()}


@bp.after_request
def framed_by_allowed_origins(response):
    """Runs before the app's security headers, also for error pages (CSRF, not found)."""
    allow_framing(_form_origins())
    return response


class EmbedAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, kept in a cookie of its own on embedded pages.

    The session holds the CSRF token; in a cross-site iframe the site's SameSite=Lax session
    cookie is never sent, so every embedded post would be refused. The embedded pages' session
    cookie is SameSite=None (so the frame gets it back), Partitioned (each agency's site keeps
    its own, and browsers that block third-party cookies still accept it) and, like the site's,
    named `__Host-…` outside development. Path=/ (as a __Host- cookie must have), in
    development too, so the frame's pages under a language prefix (/cy/forms/…) share it.
    The path decides, as the session opens before the URL is matched."""

    def _embedded(self) -> bool:
        return bool(EMBED_PATH.match(request.path))

    def _cross_site(self, app: Flask) -> bool:
        return self._embedded() and not development(app)

    def get_cookie_name(self, app: Flask) -> str:
        if self._embedded():
            return host_only_cookie_name(EMBED_SESSION_COOKIE, app)
        return super().get_cookie_name(app)

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if self._cross_site(app) else super().get_cookie_samesite(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return self._cross_site(app) or super().get_cookie_partitioned(app)


def init_embed(app: Flask) -> None:
    """After init_csrf and init_forms_web (the embedded flow shares the CSRF protection and its
    refusal page)."""
    app.session_interface = EmbedAwareSessionInterface()
    app.register_blueprint(bp)
