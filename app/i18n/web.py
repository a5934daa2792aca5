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

from flask import Flask, current_app, g, has_app_context
from flask_babel import Babel

from . import catalogues, current_language, set_language_source
from .frontend_text import autocomplete_text, character_count_params
from .templates import install_gettext


def _language_of_the_request() -> str | None:
    if not has_app_context():
        return None
    return g.get("language") or default_language(current_app)


def default_language(app: Flask) -> str:
    site = app.jinja_env.globals.get("site")
    return site.settings.language if site is not None else catalogues.SOURCE_LANGUAGE


def init_i18n(app: Flask) -> None:
    set_language_source(_language_of_the_request)
    Babel(
        app,
        configure_jinja=False,
        locale_selector=current_language,
        default_translation_directories=str(catalogues.TRANSLATIONS_DIR),
    )
    app.jinja_env.add_extension("jinja2.ext.i18n")
    install_gettext(app.jinja_env)
    app.jinja_env.globals["character_count_params"] = character_count_params
    app.jinja_env.globals["autocomplete_text"] = autocomplete_text
