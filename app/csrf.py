"""CSRF protection for every post from the portal's own pages (Flask-WTF): the token lives in
the signed session cookie, and routes authenticated otherwise (the JSON API, the feedback
beacon) exempt their blueprints from it."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from app.security import development, host_only_cookie_name

csrf = CSRFProtect()
SESSION_COOKIE = "portal_session"


def init_csrf(app: Flask) -> None:
    """Before the blueprints that exempt themselves, and before the forms' refusal page."""
    app.config["SESSION_COOKIE_NAME"] = host_only_cookie_name(SESSION_COOKIE, app)
    app.config["SESSION_COOKIE_PATH"] = "/"
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = not development(app)
    csrf.init_app(app)
