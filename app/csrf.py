"""CSRF protection for every post from the portal's own pages (Flask-WTF): the token lives in
the signed session cookie, and routes authenticated otherwise (the JSON API, the feedback
beacon) exempt their blueprints from it."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from app.security import development

csrf = CSRFProtect()


SESSION_COOKIE = "portal_session"
HOST_PREFIX = "__Host-"


def session_cookie_name(name: str, app: Flask) -> str:
    """`__Host-<name>` outside development: a browser takes such a cookie only from this host,
    Secure, with Path=/ and no Domain, so a sibling subdomain cannot plant a session (and with it
    a CSRF token it knows) in a citizen's browser. Over http://localhost, in development, the
    plain name, as a __Host- cookie must be Secure."""
    return name if development(app) else HOST_PREFIX + name


def init_csrf(app: Flask) -> None:
    """Before the blueprints that exempt themselves, and before the forms' refusal page."""
    app.config["SESSION_COOKIE_NAME"] = session_cookie_name(SESSION_COOKIE, app)
    app.config["SESSION_COOKIE_PATH"] = "/"
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = not development(app)
    csrf.init_app(app)
