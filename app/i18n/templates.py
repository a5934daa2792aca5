"""Jinja's i18n extension on the portal's catalogues, for any Jinja environment: the Flask app's
(app/i18n/web.py) and the mail's (app/mail/compose.py), which renders without Flask."""

from __future__ import annotations

from jinja2 import Environment

from . import current_language
from .catalogues import translations


def _gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def install_gettext(environment: Environment) -> None:
    """`_()`, `gettext()`, `ngettext()` and `{% trans %}` in the current language, new-style:
    variables are given to the call and escaped (`_("Search %(site)s", site=name)`)."""
    environment.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    environment.globals["current_language"] = current_language
