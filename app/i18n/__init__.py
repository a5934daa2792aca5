"""The portal's interface text in the reader's language: gettext for Python code and templates.

Public API
----------
``current_language() -> str``
    The language of the current render or request: ``flask.g.language`` when a view has set it
    (from the `/cy/` prefix, or the page being frozen), else the site's default language
    (site.yaml's ``language``). Outside an app (the CLI, a worker) the site default the app
    factory last registered, else English.

``gettext(message, **variables)``, ``ngettext(singular, plural, n, **variables)``,
``lazy_gettext(message, **variables)``
    The message in the current language, with ``%(name)s`` variables filled in (``ngettext``
    gives ``num`` too). ``lazy_gettext`` translates when the text is used, for module-level
    constants read in many languages.

``gettext_in(language, message, **variables)``, ``ngettext_in(...)``
    The same in a language given explicitly: for code that renders outside a request, such as
    the Markdown renderer in the build's workers.

This package imports no Flask, so the plain-Python cores (forms, Markdown, dates) can use it;
app/i18n/web.py connects it to Flask (``g.language``, Flask-Babel, Jinja's i18n extension).
Templates mark text with ``{{ _("…") }}`` and ``{% trans %}``; docs/translations.md says how a
translator updates a catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .catalogues import SOURCE_LANGUAGE, locale, translations

__all__ = [
    "N_",
    "NN_",
    "current_language",
    "gettext",
    "gettext_in",
    "in_language",
    "lazy_gettext",
    "locale",
    "ngettext",
    "ngettext_in",
    "set_language_source",
]

# Where the current language comes from: app/i18n/web.py sets a reader of flask.g; without it
# (plain Python: the CLI, the tests of the cores) the source language.
_language_source: Callable[[], str | None] = lambda: None  # noqa: E731
_default_language = SOURCE_LANGUAGE
# A language set for a stretch of code that renders for someone other than the request's reader
# (an email, in the worker or after a submission): it comes before the request's.
_override: ContextVar[str | None] = ContextVar("language_override", default=None)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "extract now, translate later"
    """Marks a message for the catalogue where it is defined; it is translated where used."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_, for ngettext
    """Marks a message with a plural for the catalogue; `ngettext(*NN_(…), n)` where used."""
    return singular, plural


def set_language_source(source: Callable[[], str | None], default: str | None = None) -> None:
    """Read the current language from `source` (None from it: the default language)."""
    global _language_source, _default_language
    _language_source = source
    if default:
        _default_language = default


def current_language() -> str:
    return _override.get() or _language_source() or _default_language


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Within the block, text is in `language` (None: as it would be without the block)."""
    token = _override.set(language)
    try:
        yield
    finally:
        _override.reset(token)


def gettext_in(language: str, message: str, /, **variables) -> str:
    text = translations(language).gettext(message)
    return text % variables if variables else text


def ngettext_in(language: str, singular: str, plural: str, n: int, /, **variables) -> str:
    text = translations(language).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def gettext(message: str, /, **variables) -> str:
    return gettext_in(current_language(), message, **variables)


def ngettext(singular: str, plural: str, n: int, /, **variables) -> str:
    return ngettext_in(current_language(), singular, plural, n, **variables)


class LazyText:
    """A message translated each time it is turned into text, in the language of that moment."""

    __slots__ = ("message", "variables")

    def __init__(self, message: str, variables: dict):
        self.message, self.variables = message, variables

    def __str__(self) -> str:
        return gettext(self.message, **self.variables)

    def __html__(self) -> str:  # Jinja escapes it as the text it stands for
        from markupsafe import escape

        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.message)

    def __repr__(self) -> str:
        return f"lazy_gettext({self.message!r})"

    def __mod__(self, values):
        return str(self) % values

    def format(self, *args, **kwargs) -> str:
        return str(self).format(*args, **kwargs)


def lazy_gettext(message: str, /, **variables) -> LazyText:
    return LazyText(message, variables)
