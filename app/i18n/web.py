"""Interface text in Flask: the current language from `g.language`, Flask-Babel's locale
selector, and Jinja's i18n extension (`{{ _("…") }}`, `{% trans %}`) on app/i18n's catalogues.

`g.language` is set per request by the views that know the reader's language (the `/cy/`
prefix, the page being frozen); without it a page is in the site's default language, site.yaml's
`language`, read from the `site` the templates see (the build's Site or the service's settings).

Jinja's gettext goes to app/i18n directly rather than through Flask-Babel's `gettext`: that one
keeps the locale in `g` for the rest of the app context, and the build freezes every page in
one app context, in whichever language each page is.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.globals import _cv_app
from flask.templating import Environment as FlaskEnvironment
from flask_babel import Babel

from app.dates import format_date, format_number

from . import catalogues, current_language, set_language_source
from .frontend_text import autocomplete_text, character_count_params
from .templates import LanguageEnvironment, install_gettext


class PortalEnvironment(LanguageEnvironment, FlaskEnvironment):
    """Flask's environment (its templates found through the app and blueprints), compiled
    once per language."""


DEFAULT = "portal.default_language"


def _language_of_the_request() -> str | None:
    # Asked for every message of every page: the app context's own variable rather than the
    # `g` and `current_app` proxies, which cost a lookup each (Flask's _cv_app is what they
    # read themselves).
    context = _cv_app.get(None)
    if context is None:
        return None
    return context.g.__dict__.get("language") or default_language(context.app)


def default_language(app: Flask) -> str:
    """site.yaml's `language`, from the `site` the templates see, kept once it is there."""
    try:
        return app.extensions[DEFAULT]
    except KeyError:
        site = app.jinja_env.globals.get("site")
        if site is None:
            return catalogues.SOURCE_LANGUAGE
        app.extensions[DEFAULT] = site.settings.language
        return site.settings.language


def load_languages(app: Flask) -> None:
    """Read the catalogues and Babel's data for the site's languages now, when the app is made
    (before the build forks its workers, before gunicorn's first request), not in a reader's
    first request: Babel's first date costs some 70 ms."""
    for language in {default_language(app), *catalogues.shipped_languages()}:
        catalogues.translations(language)
        format_date(dt.date(2026, 1, 1), language)
        format_number(1, language)


def init_i18n(app: Flask) -> None:
    set_language_source(_language_of_the_request)
    Babel(
        app,
        configure_jinja=False,
        locale_selector=current_language,
        default_translation_directories=str(catalogues.TRANSLATIONS_DIR),
    )
    install_gettext(app.jinja_env)
    app.jinja_env.globals["character_count_params"] = character_count_params
    app.jinja_env.globals["autocomplete_text"] = autocomplete_text
    app.jinja_env.globals["language_name"] = _language_name


def _language_name(code: str) -> str:
    """A language's name in the reader's: a listing's note on a page in another language."""
    return catalogues.language_name(code, current_language())
